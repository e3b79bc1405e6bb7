import { BrowserWindow } from 'electron';
import type { HardeningOptions } from './hardening';
import { APP_ENTRY_URL } from './protocol';

/**
 * Opens the one app window on the app's own page. The renderer is a sandboxed
 * web page with no Node, no Electron, no webviews, no spellchecker (which
 * would send typed words to a dictionary service) and only the preload's
 * bridge. The preferences are written out here, in the `new BrowserWindow`
 * call, because that is where Electronegativity's checks read them.
 */
export function createMainWindow(preload: string, options: HardeningOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 760,
    minHeight: 560,
    title: 'Therapist Vault',
    // Shown once the first paint is ready, so no blank frame flashes up.
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would otherwise try to open links in a new window (denied anyway).
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devtools,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** Brings the existing window forward, e.g. when a second copy of the app is started. */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
