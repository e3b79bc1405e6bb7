import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Only the Electron smoke test, alone in one process: `npm run test:electron`. */
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/e2e/electron.smoke.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    // Verbose, so a run without the Electron binary prints the skip message as the suite name.
    reporters: ['verbose'],
  },
});
