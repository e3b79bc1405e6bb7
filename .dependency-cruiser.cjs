/**
 * Layer rules for Therapist Vault.
 *
 *   renderer/                                   -> shared/
 *   main/app/  -> main/ipc/  -> services        -> shared/
 *   main/preload/                               -> shared/ (+ electron)
 *   services = main/vault/, main/export/, main/backup/, main/search/,
 *              main/release/, main/sync/
 *   main/release/ (psychotherapy-note release) -> main/export/'s PDF page,
 *              never the other way; only main/ipc/ imports main/release/
 *
 * Run: `depcruise --config .dependency-cruiser.cjs main renderer shared`
 * (npm run lint). Every rule is an error, so the run exits non-zero on any
 * violation. test/layers/layers.test.ts runs these exact rules against the
 * fixture trees in test/fixtures/layers/ and checks the rule names reported.
 *
 * Paths are matched relative to the working directory, so the rules work both
 * from the repo root and from a fixture tree. Packages are matched by their
 * resolved path (`.../node_modules/<name>/...`) so that no rule depends on
 * package.json's dependency lists.
 *
 * Type-only imports count (tsPreCompilationDeps: true): `import type` from
 * electron or from the psychotherapy-note repository is a violation too.
 */
const path = require('node:path');

/** A resolved path inside an npm package named by `names` (a regex alternation). */
const pkg = (names) => `(^|/)node_modules/(${names})/`;

const ELECTRON = [pkg('electron'), '^electron(/|$)'];
/** Packages that render or hold DOM state; none belongs in shared/. */
const DOM_PACKAGES = pkg('react|react-dom|react-is|scheduler|zustand|jsdom|@testing-library/[^/]+');
/** Packages that only the main process may load (native, key material, PDF). */
const MAIN_ONLY_PACKAGES = pkg('better-sqlite3|bindings|libsodium|libsodium-sumo|libsodium-wrappers|libsodium-wrappers-sumo|pdfkit');
const NODE_MODULES = '(^|/)node_modules/';
const SERVICES = '^main/(vault|export|backup|search|release|sync)/';
const PSYCHOTHERAPY_NOTE_REPOSITORY = '^main/vault/psychotherapyNotes(\\.[cm]?[jt]sx?$|/)';
const RELEASE = '^main/release/';
const PROGRESS_SOURCE = '^main/export/progressSource(\\.[cm]?[jt]sx?$|/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular dependency. Break it with dependency inversion or by moving shared code down a layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import does not resolve to a file on disk (typo, missing file or missing package).',
      from: {},
      to: {
        couldNotResolve: true,
        // Electron's own built-in subpath modules exist only inside the Electron runtime.
        pathNot: '^electron/(main|renderer|common|utility)$',
      },
    },
    {
      name: 'electron-only-in-app-and-preload',
      severity: 'error',
      comment: 'Only main/app/ and main/preload/ may import electron; everything else runs (and is tested) in plain Node.',
      from: { pathNot: '^main/(app|preload)/' },
      to: { path: ELECTRON },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      comment: 'shared/ runs in the renderer too: no Node built-in modules.',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-no-dom-packages',
      severity: 'error',
      comment: 'shared/ runs in main too: no React/DOM packages.',
      from: { path: '^shared/' },
      to: { path: DOM_PACKAGES },
    },
    {
      name: 'shared-only-shared',
      severity: 'error',
      comment: 'shared/ is the bottom layer: it may import shared/ and npm packages, no other project folder.',
      from: { path: '^shared/' },
      to: {
        pathNot: ['^shared/', NODE_MODULES],
        dependencyTypesNot: ['core'],
        couldNotResolve: false,
      },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      comment: 'The renderer is sandboxed: no Node built-in modules.',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-main-only-packages-in-renderer-or-shared',
      severity: 'error',
      comment: 'better-sqlite3, libsodium and pdfkit belong to the main process; the renderer holds no keys and no database.',
      from: { path: '^(renderer|shared)/' },
      to: { path: MAIN_ONLY_PACKAGES },
    },
    {
      name: 'renderer-only-renderer-and-shared',
      severity: 'error',
      comment: 'renderer/ may import renderer/, shared/ and npm packages; it reaches main only through the preload bridge.',
      from: { path: '^renderer/' },
      to: {
        pathNot: ['^renderer/', '^shared/', NODE_MODULES],
        dependencyTypesNot: ['core'],
        couldNotResolve: false,
      },
    },
    {
      name: 'preload-only-shared-and-electron',
      severity: 'error',
      comment: 'main/preload/ may import only main/preload/, shared/ and electron (contextBridge, ipcRenderer).',
      from: { path: '^main/preload/' },
      to: {
        pathNot: ['^main/preload/', '^shared/', ...ELECTRON],
        couldNotResolve: false,
      },
    },
    {
      name: 'ipc-only-services-and-shared',
      severity: 'error',
      comment: 'main/ipc/ may import main/ipc/, the services, shared/ and packages; never main/app/, main/preload/ or renderer/.',
      from: { path: '^main/ipc/' },
      to: {
        pathNot: ['^main/ipc/', SERVICES, '^shared/', NODE_MODULES],
        dependencyTypesNot: ['core'],
        couldNotResolve: false,
      },
    },
    {
      name: 'services-not-to-upper-layers',
      severity: 'error',
      comment: 'Services (main/vault, export, backup, search, release, sync) must not import main/ipc/, main/app/, main/preload/ or renderer/.',
      from: { path: SERVICES },
      to: { path: ['^main/(ipc|app|preload)/', '^renderer/'] },
    },
    {
      name: 'main-not-to-renderer',
      severity: 'error',
      comment: 'main/ never imports renderer/ code; they share only shared/.',
      from: { path: '^main/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'export-never-reaches-psychotherapy-notes',
      severity: 'error',
      comment:
        'main/export/ builds PDFs from progress-compartment data only: it must not reach the ' +
        'psychotherapy-note repository, directly or through any chain of imports (45 CFR 164.501).',
      from: { path: '^main/export/' },
      to: { path: PSYCHOTHERAPY_NOTE_REPOSITORY, reachable: true },
    },
    {
      name: 'release-not-through-export-source',
      severity: 'error',
      comment:
        'main/release/ must not read the vault through the exporter\'s ProgressSource (main/export/progressSource): ' +
        'a release of information states its own reads, so widening one never widens the other.',
      from: { path: '^main/release/' },
      to: { path: PROGRESS_SOURCE },
    },
    {
      name: 'export-never-imports-release',
      severity: 'error',
      comment:
        'main/release/ may reuse main/export/\'s PDF page, never the reverse: an exporter that imports the ' +
        'release module would reach psychotherapy notes through it.',
      from: { path: '^main/export/' },
      to: { path: RELEASE },
    },
    {
      name: 'release-only-from-ipc',
      severity: 'error',
      comment:
        'Only the IPC handlers (main/ipc/) start a psychotherapy-note release; no other service reaches it. ' +
        'main/export/ and renderer/ are held by their own rules (export-never-imports-release, ' +
        'renderer-only-renderer-and-shared).',
      from: { pathNot: ['^main/(ipc|release|export)/', '^renderer/'] },
      to: { path: RELEASE },
    },
  ],
  options: {
    doNotFollow: { path: NODE_MODULES },
    exclude: { path: '^(out|dist)/' },
    // Count `import type` too (a type-only import of electron in a service is still a layer leak).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
