// Loads the built app (out/main/index.js) in plain Node with `electron` replaced by the recording
// stand-in, plays Electron's start-up, and prints one JSON report of what the app did on stdout.
// Usage: node --import ./registerHooks.mjs runBundle.mjs <out dir>
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import * as electron from './electronStandIn.mjs';

const outDir = resolve(process.argv[2]);
const mainFile = join(outDir, 'main/index.js');

async function waitFor(condition, what, timeoutMs = 20_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

async function fetchApp(url) {
  const handler = electron.protocolHandlers.get('app');
  const response = await handler(new Request(url));
  return { url, status: response.status, type: response.headers.get('content-type'), csp: response.headers.get('content-security-policy'), body: await response.text() };
}

function bareImports(source) {
  const found = new Set();
  for (const match of source.matchAll(/(?:^|\n)\s*import\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
    const specifier = match[1] ?? match[2];
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) found.add(specifier);
  }
  return [...found].sort();
}

/** Runs the preload as Electron's sandbox would: CommonJS, with a require that knows only `electron`. */
function runPreload(file) {
  const source = readFileSync(file, 'utf8');
  const required = [];
  const exposed = [];
  const sandboxRequire = (name) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`the sandboxed preload cannot require ${name}`);
    return {
      contextBridge: { exposeInMainWorld: (key, api) => exposed.push({ key, calls: Object.keys(api.call ?? {}), on: typeof api.on }) },
      ipcRenderer: { invoke: async () => undefined, on: () => undefined, removeListener: () => undefined },
    };
  };
  const module = { exports: {} };
  vm.runInNewContext(`(function (require, module, exports) {${source}\n})`, {}, { filename: file })(sandboxRequire, module, module.exports);
  return { esmSyntax: /^\s*(import|export)\s/m.test(source), required, exposed };
}

const report = {};
const mainSource = readFileSync(mainFile, 'utf8');
report.externalImports = bareImports(mainSource).map((specifier) => {
  if (specifier === 'electron' || specifier.startsWith('node:')) return { specifier, resolved: true };
  try {
    createRequire(mainFile).resolve(specifier);
    return { specifier, resolved: true };
  } catch {
    return { specifier, resolved: existsSync(join(outDir, '..', 'node_modules', specifier)) };
  }
});

await import(pathToFileURL(mainFile).href);
report.beforeReady = electron.calls.map((call) => call.name);
electron.emitReady();
await waitFor(() => electron.ipcMainHandlers.size > 0 && electron.windows.length > 0, 'the window and the IPC handlers');

const privileged = electron.calls.find((call) => call.name === 'protocol.registerSchemesAsPrivileged');
report.privilegedSchemes = privileged ? { schemes: privileged.args[0].map((s) => s.scheme), beforeReady: privileged.args[1] === false } : null;
const handle = electron.calls.find((call) => call.name === 'protocol.handle');
report.protocolHandle = handle ? { scheme: handle.args[0], afterReady: handle.args[1] === true } : null;
report.sandboxEnabledBeforeReady = electron.calls.some((call) => call.name === 'app.enableSandbox' && call.args[0] === false);

const index = await fetchApp('app://vault/index.html');
const assets = [...index.body.matchAll(/(?:src|href)="\/?([^"]+)"/g)].map((match) => match[1]).filter((path) => !path.includes(':'));
report.index = { status: index.status, type: index.type, csp: index.csp, hasRoot: index.body.includes('id="root"') };
report.assets = await Promise.all(assets.map(async (path) => {
  const asset = await fetchApp(`app://vault/${path.replace(/^\.\//, '')}`);
  return { path, status: asset.status, type: asset.type };
}));
report.traversal = await Promise.all(
  [
    'app://vault/../package.json',
    'app://vault/%2e%2e/%2e%2e/package.json',
    'app://vault/..%2f..%2fpackage.json',
    'app://vault/assets/..%5c..%5c..%5cpackage.json',
    'app://vault/%2e%2e%2fmain%2findex.js',
    'app://other/index.html',
  ].map(async (url) => ({ url, status: (await fetchApp(url)).status })),
);

const window = electron.windows[0];
const preload = window.options.webPreferences.preload;
report.window = { loadedUrl: window.url, preloadExists: existsSync(preload), webPreferences: { ...window.options.webPreferences, preload: undefined } };
report.preload = existsSync(preload) ? runPreload(preload) : null;

report.ipcChannels = [...electron.ipcMainHandlers.keys()].sort();
const statusHandler = electron.ipcMainHandlers.get('vault.status');
report.trustedCall = statusHandler ? await statusHandler({ senderFrame: { url: 'app://vault/index.html', parent: null } }, {}) : null;
report.untrustedCall = statusHandler ? await statusHandler({ senderFrame: { url: 'app://vault/index.html', parent: {} } }, {}) : null;

const beforeQuit = electron.emitted.get('app:before-quit');
let prevented = false;
if (beforeQuit) beforeQuit({ preventDefault: () => (prevented = true) });
await waitFor(() => electron.calls.some((call) => call.name === 'app.quit'), 'the app to quit after closing the vault');
report.quit = { waitedForVault: prevented };

process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
