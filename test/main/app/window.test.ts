import { EventEmitter } from 'node:events';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Electron's BrowserWindow as far as the window module uses it, recording how it was built. */
const electron = vi.hoisted(() => ({ made: [] as unknown[] }));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWindow extends Emitter {
    loaded: string[] = [];
    shown = 0;
    focused = 0;
    restored = 0;
    minimized = false;
    destroyed = false;
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      electron.made.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {
      this.shown += 1;
    }
    focus() {
      this.focused += 1;
    }
    restore() {
      this.restored += 1;
    }
    isMinimized() {
      return this.minimized;
    }
    isDestroyed() {
      return this.destroyed;
    }
  }
  return { BrowserWindow: FakeWindow };
});

const { createMainWindow, focusWindow } = await import('../../../main/app/window');

interface FakeWindow extends EventEmitter {
  options: BrowserWindowConstructorOptions;
  loaded: string[];
  shown: number;
  focused: number;
  restored: number;
  minimized: boolean;
  destroyed: boolean;
}

beforeEach(() => {
  electron.made.length = 0;
});

function made(devtools: boolean): FakeWindow {
  createMainWindow('/app/out/preload/index.cjs', { devtools });
  return electron.made.at(-1) as FakeWindow;
}

describe('main window', () => {
  it('is isolated and sandboxed, without Node, webviews, drag-navigation, middle-click or the spellchecker', () => {
    expect(made(false).options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
  });

  it('allows DevTools only in development', () => {
    expect(made(true).options.webPreferences?.devTools).toBe(true);
    expect(made(false).options.webPreferences?.devTools).toBe(false);
  });

  it('loads the app page from the app protocol, never a remote or file URL, and shows when ready', () => {
    const window = made(false);
    expect(window.loaded).toEqual(['app://vault/index.html']);
    expect(window.options.show).toBe(false);
    expect(window.shown).toBe(0);
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
  });

  it('a second start of the app brings the existing window forward', () => {
    const window = made(false);
    window.minimized = true;
    focusWindow(window as unknown as BrowserWindow);
    expect([window.restored, window.shown, window.focused]).toEqual([1, 1, 1]);
    const gone = made(false);
    gone.destroyed = true;
    focusWindow(gone as unknown as BrowserWindow);
    focusWindow(null);
    expect([gone.shown, gone.focused]).toEqual([0, 0]);
  });
});
