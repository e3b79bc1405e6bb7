import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';
import { defineConfig } from 'vite';

/**
 * The renderer's build, shared by the app and the browser tests so both run
 * the same bundle. Output is files only (no inline script or style), because
 * the page's CSP allows 'self' and nothing else. The base is relative so the
 * same files load under app://vault/ and under the test server.
 */
export const rendererRoot = import.meta.dirname;

export function rendererConfig(outDir: string): UserConfig {
  return {
    root: rendererRoot,
    base: './',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      rollupOptions: { input: { index: `${rendererRoot}/index.html` } },
    },
  };
}

export default defineConfig(rendererConfig(`${rendererRoot}/../out/renderer`));
