import { defineConfig } from 'electron-vite';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './renderer/vite.config';

/**
 * Three builds into out/:
 * - main (ESM, like the rest of the package): out/main/index.js, package.json's "main".
 *   Packages stay external and load from node_modules (better-sqlite3 is native).
 * - preload: out/preload/index.cjs. A sandboxed preload cannot be an ES module and
 *   can require only `electron`, so it is CommonJS with every import bundled in;
 *   the .cjs name keeps Node from reading it as ESM under "type": "module".
 * - renderer: renderer/index.html to out/renderer with the renderer's own config
 *   (shared with its browser tests), served by main's app:// protocol.
 *
 * electron-vite bundles this file and everything it imports into one temporary
 * file, rewriting import.meta.url per source file but not import.meta.dirname;
 * so paths come from import.meta.url here, and the renderer's root and entry
 * are set again rather than taken from the renderer config's import.meta.dirname.
 */
const root = dirname(fileURLToPath(import.meta.url));
const rendererRoot = resolve(root, 'renderer');
const renderer = rendererConfig(resolve(root, 'out/renderer'));

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: { index: resolve(root, 'main/app/main.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    ...renderer,
    root: rendererRoot,
    build: {
      ...renderer.build,
      rollupOptions: { ...renderer.build?.rollupOptions, input: { index: resolve(rendererRoot, 'index.html') } },
    },
  },
});
