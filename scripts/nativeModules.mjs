#!/usr/bin/env node
// Makes better-sqlite3 (a native module) loadable by the runtime that is about to use it.
//
//   node scripts/nativeModules.mjs node      before `npm test` / bench: built for this Node
//   node scripts/nativeModules.mjs electron  before `npm start` / dist: built for Electron
//
// A load check in a child process is the source of truth: the module is rebuilt only when
// it fails to load because of an ABI mismatch or a missing binary, then checked again.
// node_modules/.native-target records the runtime of the last successful check
// ("node" or "electron"); it is only a hint for the messages, never a reason to skip the check.
// Prints one plain line saying what it did. Node builtins only.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nodeModules = join(root, 'node_modules');
const markerFile = join(nodeModules, '.native-target');
const isWindows = process.platform === 'win32';
const PREFIX = 'nativeModules:';

// Opens an in-memory database: proves the .node binary loads and works in this runtime.
const LOAD_CHECK = [
  "const Database = require('better-sqlite3');",
  "const db = new Database(':memory:');",
  "db.prepare('select 1 as one').get();",
  'db.close();',
].join(' ');

// Failures that a rebuild for the current runtime fixes.
const REBUILD_FIXES =
  /NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|compiled against a different Node\.js version|Could not locate the bindings file|invalid ELF header|wrong ELF class|not a valid Win32 application|slice is not valid mach-o/;
const NOT_INSTALLED = /Cannot find module 'better-sqlite3'/;

function say(line) {
  console.log(`${PREFIX} ${line}`);
}

function fail(line) {
  console.error(`${PREFIX} ${line}`);
  process.exit(1);
}

function readMarker() {
  try {
    return readFileSync(markerFile, 'utf8').trim();
  } catch {
    return '';
  }
}

function writeMarker(target) {
  writeFileSync(markerFile, `${target}\n`);
}

/** Runs the load check with `command` (node, or electron as node); returns { ok, output }. */
function loadCheck(command, env) {
  const result = spawnSync(command, ['-e', LOAD_CHECK], { cwd: root, env, encoding: 'utf8' });
  if (result.error) return { ok: false, output: String(result.error.message) };
  return { ok: result.status === 0, output: `${result.stderr ?? ''}${result.stdout ?? ''}`.trim() };
}

/** The first line of an error output that says what went wrong, for a one-line message. */
function firstErrorLine(output) {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /Error|error:/.test(l)) ?? lines[0] ?? 'unknown error';
  return line.replace(/[:.]\s*$/, '');
}

/** Classifies a failed load check: rebuild fixes it, not installed, or something else. */
function diagnose(check) {
  if (NOT_INSTALLED.test(check.output)) {
    fail('better-sqlite3 is not installed; run `npm ci` (or `npm install`) first.');
  }
  if (!REBUILD_FIXES.test(check.output)) {
    fail(`better-sqlite3 failed to load for a reason a rebuild does not fix: ${firstErrorLine(check.output)}`);
  }
}

function run(command, args, env, shell = false) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit', shell });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function forNode() {
  const runtime = `Node ${process.version} (NODE_MODULE_VERSION ${process.versions.modules})`;
  const first = loadCheck(process.execPath, process.env);
  if (first.ok) {
    writeMarker('node');
    say(`better-sqlite3 loads in ${runtime}; nothing rebuilt.`);
    return;
  }
  diagnose(first);
  const was = readMarker();
  console.error(
    `${PREFIX} better-sqlite3 does not load in ${runtime}` +
      `${was && was !== 'node' ? ` (last built for ${was})` : ''}: ${firstErrorLine(first.output)}; rebuilding.`,
  );
  rmSync(markerFile, { force: true });
  // Build for this Node even if the environment was left pointing at Electron.
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(runtime|target|disturl)$/i.test(key)) delete env[key];
  }
  const status = run(isWindows ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'], env, isWindows);
  if (status !== 0) fail(`\`npm rebuild better-sqlite3\` exited with ${status}.`);
  const second = loadCheck(process.execPath, process.env);
  if (!second.ok) fail(`rebuilt better-sqlite3, but it still does not load: ${firstErrorLine(second.output)}`);
  writeMarker('node');
  say(`rebuilt better-sqlite3 for ${runtime}; it loads.`);
}

/** The Electron executable that `require('electron')` would return, or null if it is missing. */
function electronBinary() {
  const electronDir = join(nodeModules, 'electron');
  if (!existsSync(join(electronDir, 'package.json'))) return null;
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, relative || 'electron');
  if (!relative) return null;
  const binary = join(electronDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

function forElectron() {
  const binary = electronBinary();
  if (!binary) {
    fail(
      "Electron's binary is missing (node_modules/electron/path.txt or dist/). " +
        'Run `npm install` with network access and without ELECTRON_SKIP_BINARY_DOWNLOAD, then try again.',
    );
  }
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const first = loadCheck(binary, env);
  if (first.ok) {
    writeMarker('electron');
    say('better-sqlite3 loads in Electron; nothing rebuilt.');
    return;
  }
  diagnose(first);
  rmSync(markerFile, { force: true });
  console.error(`${PREFIX} better-sqlite3 does not load in Electron: ${firstErrorLine(first.output)}; rebuilding.`);
  // Same as `npx electron-builder install-app-deps`, minus an inherited npm nodedir setting,
  // which would make node-gyp build against Node's headers instead of Electron's.
  const rebuildEnv = { ...process.env };
  for (const key of Object.keys(rebuildEnv)) {
    if (/^npm_config_(nodedir|runtime|target|disturl)$/i.test(key)) delete rebuildEnv[key];
  }
  const cli = join(nodeModules, 'electron-builder', 'cli.js');
  if (!existsSync(cli)) fail('electron-builder is not installed; run `npm ci` (or `npm install`) first.');
  const status = run(process.execPath, [cli, 'install-app-deps'], rebuildEnv);
  if (status !== 0) fail(`\`electron-builder install-app-deps\` exited with ${status}.`);
  const second = loadCheck(binary, env);
  if (!second.ok) fail(`rebuilt better-sqlite3 for Electron, but it still does not load: ${firstErrorLine(second.output)}`);
  writeMarker('electron');
  say('rebuilt better-sqlite3 for Electron (electron-builder install-app-deps); it loads.');
}

const target = process.argv[2];
if (target === 'node') forNode();
else if (target === 'electron') forElectron();
else fail('usage: node scripts/nativeModules.mjs node|electron');
