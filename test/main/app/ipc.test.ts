import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ ipcMain: { handle: () => undefined, removeHandler: () => undefined } }));

const { pushToWindow } = await import('../../../main/app/ipc');

function windowAt(url: string, destroyed = false) {
  const sent: unknown[][] = [];
  const window = {
    isDestroyed: () => destroyed,
    webContents: { getURL: () => url, send: (...args: unknown[]) => sent.push(args) },
  };
  return { window: window as never, sent };
}

describe('pushes to the window', () => {
  it('reach the app page', () => {
    const { window, sent } = windowAt('app://vault/index.html');
    pushToWindow(window)('vault.state', { state: 'locked', reason: 'manual' });
    expect(sent).toEqual([['vault.state', { state: 'locked', reason: 'manual' }]]);
  });

  it('are dropped when the window shows anything else, or is gone', () => {
    for (const { window, sent } of [windowAt('https://example.com/'), windowAt('about:blank'), windowAt('app://vault/index.html', true)]) {
      pushToWindow(window)('vault.idleWarning', { secondsLeft: 60 });
      expect(sent).toEqual([]);
    }
  });
});
