import type { BrowserWindow } from 'electron';
import { ipcMain } from 'electron';
import type { HandlerTable } from '../ipc/handlerTypes';
import type { Push } from '../ipc/pushEvents';
import { pushVaultEvents } from '../ipc/pushEvents';
import { registerIpc } from '../ipc/register';
import { isAppPageUrl } from '../ipc/senderCheck';
import type { IpcServices } from '../ipc/services';
import { systemTimers } from '../vault/lockState';
import { APP_ORIGIN } from './protocol';

/** Pushes go to the app window only while it shows the app's own page. */
export function pushToWindow(window: Pick<BrowserWindow, 'isDestroyed' | 'webContents'>): Push {
  return (event, payload) => {
    if (window.isDestroyed() || !isAppPageUrl(window.webContents.getURL(), APP_ORIGIN)) return;
    window.webContents.send(event, payload);
  };
}

/**
 * Connects the contract's channels to Electron's ipcMain and the vault's
 * pushes to the window. `handlers` defaults to the app's table; tests pass a recording one.
 */
export function connectIpc(services: IpcServices, handlers?: HandlerTable): () => void {
  const unregister = registerIpc({ ipcMain, services, origin: APP_ORIGIN, ...(handlers ? { handlers } : {}) });
  const stopPushes = pushVaultEvents({ vault: services.vault, push: services.push, timers: systemTimers, now: Date.now });
  return () => {
    unregister();
    stopPushes();
  };
}
