import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { LockTriggerTargets } from '../../../main/app/lockTriggers';
import { installLockTriggers } from '../../../main/app/lockTriggers';
import { createdVault, PASSPHRASE } from '../../helpers/tempVault';
import { fastDerive } from '../ipc/fastDerive';
import { FakeTime } from '../vault/fakeTime';

let disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers) await dispose();
  disposers = [];
});

function preventable() {
  const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
  return event;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

async function setup() {
  const time = new FakeTime();
  const made = await createdVault({ clock: time, timers: time, derive: fastDerive });
  disposers.push(made.dispose);
  const app = Object.assign(new EventEmitter(), { quits: 0, quit: () => (app.quits += 1) });
  const powerMonitor = new EventEmitter();
  const webContents = Object.assign(new EventEmitter(), { reloads: 0, reload: () => (webContents.reloads += 1) });
  const window = Object.assign(new EventEmitter(), { destroyed: false, isDestroyed: () => window.destroyed, webContents });
  const screenLock = { fire: () => undefined as void, stopped: false };
  const watchScreenLock = (onLock: () => void) => {
    screenLock.fire = onLock;
    return () => (screenLock.stopped = true);
  };
  installLockTriggers({ vault: made.vault, app, powerMonitor, window, watchScreenLock } as unknown as LockTriggerTargets);
  const audited = () => made.vault.audit.list().filter((entry) => entry.event === 'vault.locked').map((entry) => entry.detail?.reason);
  return { vault: made.vault, time, app, powerMonitor, window, webContents, audited, screenLock };
}

describe('lock triggers', () => {
  it.each([
    ['lock-screen', 'screen-locked'],
    ['suspend', 'suspend'],
  ])('the OS %s event locks the vault with reason %s', async (event, reason) => {
    const { vault, powerMonitor, audited } = await setup();
    powerMonitor.emit(event);
    await settle();
    expect(vault.state()).toBe('locked');
    await vault.unlock(PASSPHRASE);
    expect(audited()).toEqual([reason]);
  });

  it("the desktop's own screen-lock signal (Linux) locks the vault with reason screen-locked", async () => {
    const { vault, screenLock, audited } = await setup();
    screenLock.fire();
    await settle();
    expect(vault.state()).toBe('locked');
    await vault.unlock(PASSPHRASE);
    expect(audited()).toEqual(['screen-locked']);
  });

  it('a system shutdown is held off, then the app quits, which locks and closes the vault', async () => {
    const { vault, app, powerMonitor, screenLock } = await setup();
    const event = preventable();
    powerMonitor.emit('shutdown', event);
    expect(event.defaultPrevented).toBe(true);
    expect(app.quits).toBe(1);
    const beforeQuit = preventable();
    app.emit('before-quit', beforeQuit);
    await settle();
    expect(vault.state()).toBe('locked');
    expect(screenLock.stopped).toBe(true);
  });

  it('closing the window locks the vault', async () => {
    const { vault, window, audited } = await setup();
    window.emit('close', preventable());
    await settle();
    expect(vault.state()).toBe('locked');
    await vault.unlock(PASSPHRASE);
    expect(audited()).toEqual(['window-closed']);
  });

  it('reloads the page whenever the vault locks, so no decrypted text stays in the renderer', async () => {
    const { vault, webContents } = await setup();
    await vault.lock('manual');
    expect(webContents.reloads).toBe(1);
    await vault.unlock(PASSPHRASE);
    expect(webContents.reloads).toBe(1);
  });

  it('does not reload for a restore, whose own lock ends with the restored vault opening', async () => {
    const { vault, webContents } = await setup();
    await vault.replaceFile(() => undefined);
    expect(vault.state()).toBe('locked');
    expect(webContents.reloads).toBe(0);
    await vault.lock('manual');
    await vault.unlock(PASSPHRASE);
    await vault.lock('idle');
    expect(webContents.reloads).toBe(1);
  });

  it('does not touch a destroyed window', async () => {
    const { vault, window, webContents } = await setup();
    window.destroyed = true;
    await vault.lock('manual');
    expect(webContents.reloads).toBe(0);
  });

  it('keyboard input seen by main postpones the idle lock; key-up alone does not', async () => {
    const { vault, time, webContents } = await setup();
    time.advance(9 * 60_000);
    webContents.emit('before-input-event', preventable(), { type: 'keyUp', key: 'a' });
    expect(vault.deadlines().vault).toBe(time.now() + 60_000);
    webContents.emit('before-input-event', preventable(), { type: 'keyDown', key: 'a' });
    expect(vault.deadlines().vault).toBe(time.now() + 10 * 60_000);
    time.advance(9 * 60_000);
    expect(vault.state()).toBe('open');
  });

  it('quitting waits for the vault to lock and close its file, then quits once', async () => {
    const { vault, app } = await setup();
    const first = preventable();
    app.emit('before-quit', first);
    const second = preventable();
    app.emit('before-quit', second);
    expect(first.defaultPrevented).toBe(true);
    expect(second.defaultPrevented).toBe(true);
    await settle();
    expect(app.quits).toBe(1);
    expect(vault.state()).toBe('locked');
    const final = preventable();
    app.emit('before-quit', final);
    expect(final.defaultPrevented).toBe(false);
    // The file is closed: not even an unlock can reach it any more.
    await expect(vault.unlock(PASSPHRASE)).rejects.toThrow(/not open/);
  });
});
