import { app, dialog, Menu, powerMonitor, protocol, session } from 'electron';
import { join } from 'node:path';
import { exportHandlers } from '../ipc/handlers/exportHandlers';
import { allHandlers } from '../ipc/register';
import type { IpcServices } from '../ipc/services';
import { BACKUP_EXTENSION } from '../backup/manifest';
import { openVault } from '../vault/vault';
import { followContentProtectionSetting } from './contentProtection';
import { hardenSession, hardenWebContents } from './hardening';
import { connectIpc, pushToWindow } from './ipc';
import { installLockTriggers, lockQuietly } from './lockTriggers';
import { menuTemplate, updateMenuForState } from './menu';
import { APP_SCHEME, createAppRequestHandler } from './protocol';
import { createMainWindow, focusWindow } from './window';

/** The app's entry: out/main/index.js beside out/preload/ and out/renderer/. */
const devtools = !app.isPackaged;
const hardening = { devtools };
const builtDir = import.meta.dirname;

// Both must happen before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME]);
app.enableSandbox();

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME.scheme, createAppRequestHandler(join(builtDir, '../renderer')));
  hardenSession(session.defaultSession, hardening, process.platform);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  const vault = await openVault(join(app.getPath('userData'), 'vault.sqlite'));
  // Everything from here on runs in the same tick, so the IPC handlers exist before the page can call.
  const window = createMainWindow(join(builtDir, '../preload/index.cjs'), hardening);
  app.on('second-instance', () => focusWindow(window));

  const push = pushToWindow(window);
  const services: IpcServices = {
    vault,
    push,
    dialogs: {
      async chooseSavePath(defaultFileName) {
        const result = await dialog.showSaveDialog(window, {
          defaultPath: join(app.getPath('documents'), defaultFileName),
          filters: [{ name: 'PDF', extensions: ['pdf'] }],
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        });
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      async chooseFolder() {
        const result = await dialog.showOpenDialog(window, { properties: ['openDirectory', 'createDirectory'] });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      async chooseOpenFile() {
        const result = await dialog.showOpenDialog(window, {
          properties: ['openFile'],
          filters: [{ name: 'Therapist Vault backup', extensions: [BACKUP_EXTENSION.slice(1)] }],
        });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
  };
  const handlers = followContentProtectionSetting(vault, allHandlers(exportHandlers({ push })), (enabled) => {
    if (!window.isDestroyed()) window.setContentProtection(enabled);
  });
  connectIpc(push, services, handlers);

  const menu = Menu.buildFromTemplate(
    menuTemplate({
      platform: process.platform,
      devtools,
      commands: {
        lock: () => void lockQuietly(vault, 'manual'),
        closePsychotherapy: () => {
          try {
            vault.closePsychotherapy('psychotherapy-closed');
          } catch {
            // Already closed or locked: nothing to close.
          }
        },
      },
    }),
  );
  Menu.setApplicationMenu(menu);
  updateMenuForState(menu, vault.state());
  vault.onStateChange((state) => updateMenuForState(menu, state));

  installLockTriggers({ vault, app, powerMonitor, window });
  app.on('window-all-closed', () => app.quit());
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch(() => {
      // The message names no path or data: the vault folder is the user's own business.
      dialog.showErrorBox('Therapist Vault', 'The vault could not be opened. The app will now close.');
      app.exit(1);
    });
}
