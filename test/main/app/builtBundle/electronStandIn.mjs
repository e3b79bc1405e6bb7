// A recording stand-in for the parts of Electron's main-process API that the app touches.
// Every call lands in `calls` (name and arguments) so the smoke run can check the order of
// start-up steps; values the app reads back (paths, the single-instance lock) come from
// process.env, set by the smoke run.
export const calls = [];
const record = (name, args) => calls.push({ name, args });

let markReady;
const ready = new Promise((resolve) => (markReady = resolve));
let isReady = false;
/** The smoke run calls this to play Electron's `ready`. */
export function emitReady() {
  isReady = true;
  record('app.ready', []);
  markReady();
}

/** Any method name answers: records the call and returns undefined. */
function recorder(prefix, overrides = {}) {
  return new Proxy(overrides, {
    get(target, property) {
      if (property in target) return target[property];
      if (typeof property === 'symbol' || property === 'then') return undefined;
      return (...args) => record(`${prefix}.${property}`, args);
    },
  });
}

const listeners = new Map();
function addListener(prefix) {
  return (event, listener) => {
    record(`${prefix}.on`, [event]);
    listeners.set(`${prefix}:${event}`, listener);
  };
}
export const emitted = listeners;

export const app = recorder('app', {
  isPackaged: false,
  isReady: () => isReady,
  whenReady: () => ready,
  getPath: (name) => {
    record('app.getPath', [name]);
    const path = process.env[`SMOKE_PATH_${name.toUpperCase()}`];
    if (!path) throw new Error(`no path for ${name}`);
    return path;
  },
  requestSingleInstanceLock: () => true,
  on: addListener('app'),
  once: addListener('app'),
  enableSandbox: () => record('app.enableSandbox', [isReady]),
});

export const protocol = recorder('protocol', {
  registerSchemesAsPrivileged: (schemes) => record('protocol.registerSchemesAsPrivileged', [schemes, isReady]),
  handle: (scheme, handler) => {
    record('protocol.handle', [scheme, isReady]);
    protocolHandlers.set(scheme, handler);
  },
});
export const protocolHandlers = new Map();

export const ipcMainHandlers = new Map();
export const ipcMain = recorder('ipcMain', {
  handle: (channel, listener) => ipcMainHandlers.set(channel, listener),
  removeHandler: (channel) => ipcMainHandlers.delete(channel),
});

const webRequest = recorder('session.webRequest');
export const session = { defaultSession: recorder('session', { webRequest, on: addListener('session') }) };

export const windows = [];
export class BrowserWindow {
  constructor(options) {
    record('BrowserWindow', [options]);
    this.options = options;
    this.url = '';
    const self = this;
    this.webContents = recorder('webContents', {
      on: addListener('webContents'),
      getURL: () => self.url,
      send: (...args) => record('webContents.send', args),
    });
    windows.push(this);
  }
  loadURL(url) {
    record('window.loadURL', [url]);
    this.url = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  on(event) {
    record('window.on', [event]);
  }
  once(event) {
    record('window.once', [event]);
  }
  setContentProtection(enabled) {
    record('window.setContentProtection', [enabled]);
  }
}

export const Menu = recorder('Menu', {
  buildFromTemplate: (template) => {
    record('Menu.buildFromTemplate', [template.length]);
    return recorder('menu', { getMenuItemById: () => recorder('menuItem') });
  },
});
export const Notification = recorder('Notification', { isSupported: () => false });
export const powerMonitor = recorder('powerMonitor', { on: addListener('powerMonitor') });
export const dialog = recorder('dialog');
export const contextBridge = recorder('contextBridge');
export const ipcRenderer = recorder('ipcRenderer');

export default {
  app,
  protocol,
  ipcMain,
  session,
  BrowserWindow,
  Menu,
  Notification,
  powerMonitor,
  dialog,
  contextBridge,
  ipcRenderer,
};
