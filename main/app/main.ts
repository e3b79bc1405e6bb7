import { app, dialog, Menu, Notification, powerMonitor, protocol, session } from 'electron';
import { join } from 'node:path';
import type { IpcServices } from '../ipc/services';
import { BACKUP_EXTENSION } from '../backup/manifest';
import { createExportJobs } from '../export/exportJobs';
import { createVaultSearch } from '../search/vaultSearch';
import { createSyncControl } from '../ipc/syncControl';
import { openVault } from '../vault/vault';
import { startAutomaticBackups } from './automaticBackups';
import { followContentProtectionSetting } from './contentProtection';
import { hardenSession, hardenWebContents } from './hardening';
import { connectIpc, pushToWindow } from './ipc';
import { watchDesktopScreenLock } from './desktopScreenLock';
import { installLockTriggers, lockQuietly } from './lockTriggers';
import { menuTemplate, updateMenuForState } from './menu';
import { APP_SCHEME, createAppRequestHandler } from './protocol';
import { QUIT_BUTTON, SET_ASIDE_BUTTON, setVaultAside, startupFailure } from './startupFailure';
import { createMainWindow, focusWindow } from './window';

/** The app's entry: out/main/index.js beside out/preload/ and out/renderer/. */
const devtools = !app.isPackaged;
const hardening = { devtools };
const builtDir = import.meta.dirname;

// Both must happen before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME]);
app.enableSandbox();

const vaultPath = () => join(app.getPath('userData'), 'vault.sqlite');

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME.scheme, createAppRequestHandler(join(builtDir, '../renderer')));
  hardenSession(session.defaultSession, hardening, process.platform);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  const vault = await openVault(vaultPath());
  // Everything from here on runs in the same tick, so the IPC handlers exist before the page can call.
  const window = createMainWindow(join(builtDir, '../preload/index.cjs'), hardening);
  app.on('second-instance', () => focusWindow(window));

  const push = pushToWindow(window);
  const search = createVaultSearch(vault);
  const services: IpcServices = {
    vault,
    exports: createExportJobs(),
    search,
    sync: createSyncControl({ vault, search, push }),
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
  followContentProtectionSetting(vault, (enabled) => {
    if (!window.isDestroyed()) window.setContentProtection(enabled);
  });
  connectIpc(services);

  const menu = Menu.buildFromTemplate(
    menuTemplate({
      platform: process.platform,
      devtools,
      commands: {
        lock: () => void lockQuietly(vault, 'manual'),
        windowCommand: (command) => push('app.command', { command }),
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

  installLockTriggers({
    vault,
    app,
    powerMonitor,
    window,
    ...(process.platform === 'linux'
      ? { watchScreenLock: (onLock: () => void) => watchDesktopScreenLock(onLock, { sessionId: process.env.XDG_SESSION_ID }) }
      : {}),
  });
  startAutomaticBackups(vault, (text) => {
    if (Notification.isSupported()) new Notification({ title: 'Therapist Vault', body: text }).show();
  });
  app.on('window-all-closed', () => app.quit());
}

/**
 * The vault would not open (in use elsewhere, damaged, from a newer app, or
 * anything else): say so plainly instead of crashing. The messages name no
 * path or data: the vault folder is the user's own business. A damaged file
 * can be set aside (renamed, not deleted) so the next start offers a restore.
 */
async function failedToStart(error: unknown): Promise<void> {
  const failure = startupFailure(error);
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Therapist Vault',
    message: failure.message,
    detail: failure.detail,
    buttons: failure.buttons,
    defaultId: QUIT_BUTTON,
    cancelId: QUIT_BUTTON,
    noLink: true,
  });
  if (failure.canSetAside && response === SET_ASIDE_BUTTON) {
    try {
      setVaultAside(vaultPath(), Date.now());
      app.relaunch();
      app.exit(0);
      return;
    } catch {
      dialog.showErrorBox('Therapist Vault', 'The damaged file could not be set aside. Nothing was changed. The app will now close.');
    }
  }
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch(failedToStart)
    .catch(() => app.exit(1));
}
