import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import { _electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmRecoveryKey, createVault, unlock } from './flows';

/**
 * The real app in a real Electron: launch, create a vault through the UI,
 * check the hardening from inside the page, lock from the native menu, quit.
 * Run on its own (`npm run test:electron`): it rebuilds better-sqlite3 for
 * Electron and back, which would break any Node test running beside it.
 */
const repo = resolve(import.meta.dirname, '../..');

/** The Electron binary's path, or null when only the npm package is installed (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const title = binary ? 'Electron smoke test' : 'Electron binary not installed; skipping Electron smoke test';

function run(script: string, args: string[]): void {
  execFileSync(process.execPath, [script, ...args], { cwd: repo, stdio: 'inherit', timeout: 300_000 });
}

describe.skipIf(binary === null)(title, () => {
  let app: ElectronApplication;
  let page: Page;
  let home: string;

  beforeAll(async () => {
    run('scripts/nativeModules.mjs', ['electron']);
    run('node_modules/electron-vite/bin/electron-vite.js', ['build']);
    home = mkdtempSync(join(tmpdir(), 'tv-electron-'));
    // userData follows these per platform, so the test never touches a real vault.
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: home, APPDATA: home, CI: '1' };
    app = await _electron.launch({ executablePath: binary!, args: [repo], cwd: repo, env });
    page = await app.firstWindow();
    page.setDefaultTimeout(20_000);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    rmSync(home, { recursive: true, force: true });
    run('scripts/nativeModules.mjs', ['node']);
  }, 300_000);

  it('opens the app page from app://, with the vault under the temporary userData', async () => {
    expect(page.url()).toBe('app://vault/index.html');
    const userData = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
    expect(userData.startsWith(home)).toBe(true);
  });

  it('gives the page the bridge and nothing of Node or Electron', async () => {
    const seen = await page.evaluate(() => ({
      bridge: Object.keys((window as unknown as { therapistVault: object }).therapistVault).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(seen).toEqual({ bridge: ['call', 'on'], require: 'undefined', process: 'undefined' });
  });

  it('enforces the CSP and blocks every network request', async () => {
    const evalBlocked = await page.evaluate(() => {
      try {
        return (0, eval)('1') !== 1;
      } catch {
        return true;
      }
    });
    expect(evalBlocked).toBe(true);
    const fetched = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'reached',
        () => 'blocked',
      ),
    );
    expect(fetched).toBe('blocked');
  });

  it('creates a vault through the UI and locks it from the native menu (Ctrl/Cmd+L)', async () => {
    await createVault(page);
    await confirmRecoveryKey(page);
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('vault-lock')?.click());
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    const state = await page.evaluate(async () => {
      const bridge = (window as unknown as { therapistVault: { call: Record<string, (r: object) => Promise<unknown>> } })
        .therapistVault;
      return bridge.call['vault.status']!({});
    });
    expect(state).toMatchObject({ ok: true, data: { created: true, state: 'locked' } });
    await unlock(page);
  });
});
