import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_GLOBAL } from '../../../shared/ipc/bridge';
import type { Bridge } from '../../../shared/ipc/bridge';
import { CHANNELS } from '../../../shared/ipc/contract';
import { EVENT_NAMES } from '../../../shared/ipc/events';

/** Electron's preload-side modules: a recording contextBridge and an ipcRenderer built on an EventEmitter. */
const electron = vi.hoisted(() => {
  const exposed: { key: string; api: unknown }[] = [];
  const invoked: unknown[][] = [];
  return { exposed, invoked };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const ipcRenderer = Object.assign(new Emitter(), {
    invoke: (...args: unknown[]) => {
      electron.invoked.push(args);
      return Promise.resolve({ ok: true, data: null });
    },
  });
  return {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.push({ key, api }) },
    ipcRenderer,
  };
});

const { ipcRenderer } = (await import('electron')) as unknown as { ipcRenderer: EventEmitter };
await import('../../../main/preload/index');

function exposedBridge(): Bridge {
  expect(electron.exposed).toHaveLength(1);
  return electron.exposed[0]!.api as Bridge;
}

beforeEach(() => {
  electron.invoked.length = 0;
});

describe('preload', () => {
  it('exposes one object, as window.therapistVault, with only `call` and `on`', () => {
    expect(electron.exposed.map((entry) => entry.key)).toEqual([BRIDGE_GLOBAL]);
    expect(BRIDGE_GLOBAL).toBe('therapistVault');
    expect(Object.keys(exposedBridge()).sort()).toEqual(['call', 'on']);
  });

  it('has exactly one function per contract channel', () => {
    const { call } = exposedBridge();
    expect(Object.keys(call).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(typeof call[channel]).toBe('function');
  });

  it('invokes the channel of the function called, with the one request and nothing more', async () => {
    const { call } = exposedBridge();
    const request = { includeArchived: true };
    await (call['clients.list'] as (...args: unknown[]) => Promise<unknown>)(request, 'smuggled', { second: true });
    expect(electron.invoked).toEqual([['clients.list', request]]);
  });

  it('hands listeners the payload only, never the IpcRendererEvent (whose sender is ipcRenderer)', () => {
    const { on } = exposedBridge();
    const received: unknown[][] = [];
    on('vault.state', (...args: unknown[]) => received.push(args));
    ipcRenderer.emit('vault.state', { sender: ipcRenderer, senderId: 0 }, { state: 'locked', reason: 'manual' });
    expect(received).toEqual([[{ state: 'locked', reason: 'manual' }]]);
  });

  it('returns an unsubscribe that stops delivery and removes the listener', () => {
    const { on } = exposedBridge();
    const before = ipcRenderer.listenerCount('vault.idleWarning');
    const received: unknown[] = [];
    const unsubscribe = on('vault.idleWarning', (payload) => received.push(payload));
    expect(ipcRenderer.listenerCount('vault.idleWarning')).toBe(before + 1);
    unsubscribe();
    ipcRenderer.emit('vault.idleWarning', {}, { secondsLeft: 60 });
    expect(received).toEqual([]);
    expect(ipcRenderer.listenerCount('vault.idleWarning')).toBe(before);
  });

  it('subscribes only to the push events, refusing channel names and internal Electron channels', () => {
    const { on } = exposedBridge();
    const subscribe = on as (event: string, listener: unknown) => () => void;
    for (const name of ['clients.list', 'ELECTRON_BROWSER_WINDOW_ALERT', '', 'vault.state ', '__proto__', 'constructor']) {
      expect(() => subscribe(name, () => undefined)).toThrow(TypeError);
    }
    expect(() => subscribe('vault.state', 'not a function')).toThrow(TypeError);
    for (const event of EVENT_NAMES) expect(() => subscribe(event, () => undefined)()).not.toThrow();
  });

  it('holds nothing but functions: no ipcRenderer, emitter or Node object reachable from the bridge', () => {
    const bridge = exposedBridge();
    const seen = new Set<unknown>();
    const walk = (value: unknown): void => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
      seen.add(value);
      expect(value).not.toBe(ipcRenderer);
      expect(value instanceof EventEmitter).toBe(false);
      for (const key of Reflect.ownKeys(value)) {
        if (typeof value === 'function' && ['prototype', 'length', 'name'].includes(String(key))) continue;
        walk((value as Record<PropertyKey, unknown>)[key]);
      }
    };
    walk(bridge);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.call)).toBe(true);
  });
});
