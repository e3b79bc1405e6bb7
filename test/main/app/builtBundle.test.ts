import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract';
import { BRIDGE_GLOBAL } from '../../../shared/ipc/bridge';

// The built app, not its sources: `electron-vite build`, then out/main/index.js loaded in plain Node
// with `electron` replaced by a recording stand-in (test/main/app/builtBundle/). This catches what
// unit tests of the sources cannot: a package left out of node_modules, a worker or renderer path
// that only exists in the source tree, a preload that is not one CommonJS file, a channel that the
// bundle does not register.
const repo = resolve(import.meta.dirname, '../../..');
const harness = join(import.meta.dirname, 'builtBundle');

interface Report {
  externalImports: { specifier: string; resolved: boolean }[];
  beforeReady: string[];
  privilegedSchemes: { schemes: string[]; beforeReady: boolean } | null;
  protocolHandle: { scheme: string; afterReady: boolean } | null;
  sandboxEnabledBeforeReady: boolean;
  index: { status: number; type: string; csp: string | null; hasRoot: boolean };
  assets: { path: string; status: number; type: string }[];
  traversal: { url: string; status: number }[];
  window: { loadedUrl: string; preloadExists: boolean; webPreferences: Record<string, unknown> };
  preload: { esmSyntax: boolean; required: string[]; exposed: { key: string; calls: string[]; on: string }[] } | null;
  ipcChannels: string[];
  trustedCall: { ok: boolean } | null;
  untrustedCall: { ok: boolean; error?: { code: string } } | null;
  quit: { waitedForVault: boolean };
}

describe('the built app bundle', () => {
  let report: Report;
  let home: string;

  beforeAll(() => {
    execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'error'], {
      cwd: repo,
      stdio: 'pipe',
      timeout: 240_000,
    });
    home = mkdtempSync(join(tmpdir(), 'tv-bundle-'));
    const output = execFileSync(
      process.execPath,
      ['--import', join(harness, 'registerHooks.mjs'), join(harness, 'runBundle.mjs'), join(repo, 'out')],
      {
        cwd: repo,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, SMOKE_PATH_USERDATA: home, SMOKE_PATH_DOCUMENTS: home },
      },
    );
    report = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Report;
  }, 300_000);

  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('resolves every package the main bundle imports from node_modules', () => {
    expect(report.externalImports.length).toBeGreaterThan(0);
    expect(report.externalImports.filter((entry) => !entry.resolved)).toEqual([]);
    expect(report.externalImports.map((entry) => entry.specifier)).toContain('better-sqlite3');
  });

  it('registers app:// as privileged and turns the sandbox on before ready, and serves it only after', () => {
    expect(report.privilegedSchemes).toEqual({ schemes: ['app'], beforeReady: true });
    expect(report.sandboxEnabledBeforeReady).toBe(true);
    expect(report.beforeReady).not.toContain('protocol.handle');
    expect(report.protocolHandle).toEqual({ scheme: 'app', afterReady: true });
  });

  it('serves the built index.html and its assets with the content security policy', () => {
    expect(report.index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', hasRoot: true });
    expect(report.index.csp).toContain("default-src 'self'");
    expect(report.assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of report.assets) expect(asset, asset.path).toMatchObject({ status: 200 });
  });

  it('refuses paths that climb out of the renderer folder, including to files that exist', () => {
    // %2e%2e%2fmain%2findex.js decodes to ../main/index.js, a real file beside out/renderer.
    expect(report.traversal.map((entry) => entry.url)).toContain('app://vault/%2e%2e%2fmain%2findex.js');
    for (const entry of report.traversal) expect(entry, entry.url).toMatchObject({ status: 404 });
  });

  it('opens the window on the app page with an existing preload and the hardened preferences', () => {
    expect(report.window.loadedUrl).toBe('app://vault/index.html');
    expect(report.window.preloadExists).toBe(true);
    expect(report.window.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
  });

  it('ships the preload as one CommonJS file that requires only electron and exposes every channel', () => {
    expect(report.preload).not.toBeNull();
    expect(report.preload?.esmSyntax).toBe(false);
    expect(new Set(report.preload?.required)).toEqual(new Set(['electron']));
    expect(report.preload?.exposed).toHaveLength(1);
    expect(report.preload?.exposed[0]?.key).toBe(BRIDGE_GLOBAL);
    expect([...(report.preload?.exposed[0]?.calls ?? [])].sort()).toEqual([...CHANNELS].sort());
    expect(report.preload?.exposed[0]?.on).toBe('function');
  });

  it('registers every contract channel and nothing else, and answers only the app page', () => {
    expect(report.ipcChannels).toEqual([...CHANNELS].sort());
    expect(report.trustedCall?.ok).toBe(true);
    expect(report.untrustedCall).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('closes the vault before quitting', () => {
    expect(report.quit.waitedForVault).toBe(true);
  });
});
