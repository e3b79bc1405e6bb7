import type { App, BrowserWindow, PowerMonitor } from 'electron';
import type { LockReason } from '../vault/lockState';
import type { Vault } from '../vault/vaultApi';

export type LockingVault = Pick<Vault, 'lock' | 'close' | 'recordActivity' | 'onStateChange'>;

/** A lock must never be skipped because of an error: the vault wipes its keys in a finally block regardless. */
export function lockQuietly(vault: Pick<Vault, 'lock'>, reason: LockReason): Promise<void> {
  return vault.lock(reason).catch(() => undefined);
}

export interface LockTriggerTargets {
  vault: LockingVault;
  app: Pick<App, 'on' | 'quit'>;
  powerMonitor: Pick<PowerMonitor, 'on'>;
  window: Pick<BrowserWindow, 'on' | 'isDestroyed' | 'webContents'>;
  /** The desktop's own screen-lock signal where Electron has none (Linux, desktopScreenLock.ts); returns its stop function. */
  watchScreenLock?: (onLock: () => void) => () => void;
}

/**
 * Everything that locks the vault besides the menu command and the idle
 * timer: the OS screen lock (Electron's event, or the desktop's D-Bus signal
 * on Linux), suspend, shutdown, closing the window and quitting.
 * Keyboard input seen by main (before-input-event, which page script cannot
 * fake) postpones the idle lock; pointer input arrives as 'vault.activity'
 * calls from the page. When the vault locks, the page is reloaded so no
 * decrypted text survives in the renderer's memory (a restore's own lock
 * excepted, see below).
 */
export function installLockTriggers(targets: LockTriggerTargets): void {
  const { vault, app, powerMonitor, window } = targets;

  powerMonitor.on('lock-screen', () => void lockQuietly(vault, 'screen-locked'));
  powerMonitor.on('suspend', () => void lockQuietly(vault, 'suspend'));
  const stopWatchingScreenLock = targets.watchScreenLock?.(() => void lockQuietly(vault, 'screen-locked'));
  // Shutdown (Linux and macOS): hold it off just long enough to quit, which flushes, locks and closes the vault.
  // Electron's typings omit the event its documentation describes.
  powerMonitor.on('shutdown', (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    app.quit();
  });

  window.webContents.on('before-input-event', (_event, input) => {
    if (input.type === 'keyDown') vault.recordActivity();
  });
  window.on('close', () => void lockQuietly(vault, 'window-closed'));

  // A restore locks only while it swaps the file and then opens the restored vault itself. The page
  // empties its stores on that lock as on any other; it is not reloaded, so it can show the outcome.
  vault.onStateChange((state, reason) => {
    if (state === 'locked' && reason !== 'restore' && !window.isDestroyed()) window.webContents.reload();
  });

  let closing: Promise<void> | null = null;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    // Quitting waits for the vault to flush, lock and close its file.
    event.preventDefault();
    closing ??= vault
      .close()
      .catch(() => undefined)
      .then(() => {
        closed = true;
        stopWatchingScreenLock?.();
        app.quit();
      });
  });
}
