import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors';
import { CHANNELS } from '../../../shared/ipc/contract';
import type { Channel } from '../../../shared/ipc/contract';
import type { EventName } from '../../../shared/ipc/events';
import type { IpcResult } from '../../../shared/ipc/result';
import { HANDLERS } from '../../../main/ipc/handlerTable';
import type { Handler, HandlerTable } from '../../../main/ipc/handlerTypes';
import type { IpcServices } from '../../../main/ipc/services';
import type { Vault } from '../../../main/vault/vaultApi';
import { testServices } from '../../helpers/ipcServices';
import { createdVault, PASSPHRASE } from '../../helpers/tempVault';

type Listener = (event: unknown, ...args: unknown[]) => Promise<IpcResult<unknown>>;

/** Electron's ipcMain as far as the register step uses it; like the real one, it refuses a second handler per channel. */
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Listener>();
  return {
    listeners,
    ipcMain: {
      handle(channel: string, listener: Listener) {
        if (listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        listeners.set(channel, listener);
      },
      removeHandler(channel: string) {
        listeners.delete(channel);
      },
    },
  };
});
vi.mock('electron', () => ({ ipcMain: electron.ipcMain }));

const { connectIpc } = await import('../../../main/app/ipc');

const APP_PAGE = { senderFrame: { url: 'app://vault/index.html', parent: null } };

let vault: Vault;
let dispose: () => Promise<void>;
const calls: Channel[] = [];
const pushes: { event: EventName; payload: unknown }[] = [];
let disconnect: () => void;

/** The real handlers, each wrapped to record that it ran. */
function recordingHandlers(table: HandlerTable, overrides: Partial<HandlerTable> = {}): HandlerTable {
  const merged = { ...table, ...overrides } as Record<Channel, Handler<Channel>>;
  return Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      (services: IpcServices, request: never) => {
        calls.push(channel);
        return merged[channel](services, request);
      },
    ]),
  ) as unknown as HandlerTable;
}

function invoke(channel: string, event: unknown, ...args: unknown[]): Promise<IpcResult<unknown>> {
  const listener = electron.listeners.get(channel);
  if (!listener) throw new Error(`nothing registered for ${channel}`);
  return listener(event, ...args);
}

beforeAll(async () => {
  const made = await createdVault();
  vault = made.vault;
  dispose = made.dispose;
  const services = testServices(vault, { push: (event, payload) => pushes.push({ event, payload }) });
  const handlers = recordingHandlers(HANDLERS, {
    'settings.get': () => {
      throw new Error('Client name CANARY-3b9d leaked into an exception');
    },
  });
  disconnect = connectIpc(services, handlers);
});
afterAll(async () => {
  disconnect();
  await dispose();
});
beforeEach(() => {
  calls.length = 0;
  pushes.length = 0;
});

describe('register step', () => {
  it('registers every contract channel with ipcMain, and nothing else', () => {
    expect([...electron.listeners.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('has a handler for every contract channel in the one handler table', () => {
    const table = HANDLERS;
    expect(Object.keys(table).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(typeof table[channel]).toBe('function');
  });

  it('answers a call from the app page through the real handler', async () => {
    const reply = await invoke('clients.create', APP_PAGE, { client: { name: 'Registered Client' } });
    expect(reply).toMatchObject({ ok: true, data: { name: 'Registered Client' } });
    expect(calls).toEqual(['clients.create']);
  });

  const untrusted: [string, unknown][] = [
    ['another origin', { senderFrame: { url: 'https://attacker.example/', parent: null } }],
    ['a file:// page', { senderFrame: { url: 'file:///tmp/evil.html', parent: null } }],
    ['another app:// host', { senderFrame: { url: 'app://elsewhere/index.html', parent: null } }],
    ['a subframe of the app page', { senderFrame: { url: 'app://vault/index.html', parent: APP_PAGE.senderFrame } }],
    ['a destroyed frame', { senderFrame: null }],
    ['an event without a frame', {}],
    ['no event at all', undefined],
  ];

  it.each(untrusted)('refuses %s without calling any handler or touching the vault', async (_name, event) => {
    const before = vault.clients.list({ includeArchived: true }).length;
    for (const channel of ['clients.create', 'vault.lock', 'clients.list'] as const) {
      const reply = await invoke(channel, event, { client: { name: 'Injected Client' } });
      expect(reply).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message: "Request refused: it did not come from the app's own page" },
      });
    }
    expect(calls).toEqual([]);
    expect(vault.state()).toBe('open');
    expect(vault.clients.list({ includeArchived: true })).toHaveLength(before);
  });

  it('answers INVALID_INPUT to an invalid payload without calling the handler', async () => {
    for (const payload of [undefined, null, 42, 'clients', [], { client: {} }, { client: { name: 'x' }, extra: true }]) {
      const reply = await invoke('clients.create', APP_PAGE, payload);
      expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(calls).toEqual([]);
  });

  it('ignores arguments beyond the one request', async () => {
    const reply = await invoke('clients.list', APP_PAGE, { includeArchived: false }, 'second', { third: true });
    expect(reply.ok).toBe(true);
  });

  it('answers LOCKED while the vault is locked, without calling the handler, and reports the lock', async () => {
    await vault.lock('manual');
    try {
      calls.length = 0;
      const reply = await invoke('clients.list', APP_PAGE, { includeArchived: false });
      expect(reply).toEqual({ ok: false, error: { code: 'LOCKED', message: 'The vault is locked' } });
      expect(calls).toEqual([]);
      const status = await invoke('vault.status', APP_PAGE, {});
      expect(status).toMatchObject({ ok: true, data: { state: 'locked' } });
    } finally {
      await vault.unlock(PASSPHRASE);
    }
  });

  it('answers PSYCHOTHERAPY_LOCKED to psychotherapy channels while that compartment is closed', async () => {
    const reply = await invoke('psychotherapyNotes.listForSession', APP_PAGE, { sessionId: 'a'.repeat(32) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'PSYCHOTHERAPY_LOCKED' } });
    expect(calls).toEqual([]);
  });

  it('turns an exception in a handler into INTERNAL with a fixed message', async () => {
    const reply = await invoke('settings.get', APP_PAGE, {});
    expect(reply).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong in the vault; nothing was changed by this request' },
    });
    expect(JSON.stringify(reply)).not.toContain('CANARY');
  });

  it('answers only with error codes from the shared list', async () => {
    const replies = await Promise.all(CHANNELS.map((channel) => invoke(channel, APP_PAGE, { unexpected: 1 })));
    for (const reply of replies) {
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(ERROR_CODES).toContain(reply.error.code);
    }
  });

  it('pushes vault.state on every lock-state change, with only the state and a reason', async () => {
    await vault.lock('manual');
    await vault.unlock(PASSPHRASE);
    expect(pushes).toEqual([
      { event: 'vault.state', payload: { state: 'locked', reason: 'manual' } },
      { event: 'vault.state', payload: { state: 'open', reason: 'unlocked' } },
    ]);
  });
});

describe('disconnecting', () => {
  it('removes every channel again', async () => {
    const { registerIpc } = await import('../../../main/ipc/register');
    const removed: string[] = [];
    const handled: string[] = [];
    const unregister = registerIpc({
      ipcMain: { handle: (channel) => handled.push(channel), removeHandler: (channel) => removed.push(channel) },
      services: testServices(vault),
      origin: { scheme: 'app', host: 'vault' },
    });
    unregister();
    expect(removed.sort()).toEqual([...CHANNELS].sort());
    expect(handled.sort()).toEqual([...CHANNELS].sort());
  });
});
