import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'vite';
import { rendererConfig } from '../../../renderer/vite.config';

const REPO = join(import.meta.dirname, '../../..');
const SOURCES = ['renderer', 'shared'];
const LOCK_STALE_MS = 5 * 60_000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** A hash of every renderer and shared source file, so an unchanged tree reuses its build. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((dir) => filesUnder(join(REPO, dir))).sort()) {
    hash.update(relative(REPO, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds renderer/ with the app's own Vite config into a temp folder and
 * returns it. Test files running in parallel share one build: the first takes
 * a lock (a directory), the others wait for its output.
 */
export async function buildRenderer(): Promise<string> {
  const outDir = join(tmpdir(), `tv-renderer-${sourceHash()}`);
  const lock = `${outDir}.lock`;
  for (;;) {
    if (existsSync(join(outDir, 'index.html'))) return outDir;
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    if (existsSync(join(outDir, 'index.html'))) return outDir;
    const staging = `${outDir}.staging`;
    const config = rendererConfig(staging);
    await build({ ...config, configFile: false, logLevel: 'error' });
    renameSync(staging, outDir);
    return outDir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
