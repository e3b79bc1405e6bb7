import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openIndexDatabase } from '../../../main/search/indexDatabase';

const CHILD = join(import.meta.dirname, 'fileWatchChild.ts');
const made: string[] = [];
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Runs the child with a fresh working folder and TMPDIR; what it saw happen in them. */
function watched(mode: 'index' | 'spilling'): { events: string[]; left: string[] } {
  const [cwd, tmp] = ['cwd-', 'tmp-'].map((prefix) => mkdtempSync(join(tmpdir(), `search-files-${prefix}`)));
  made.push(cwd!, tmp!);
  const tsxLoader = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs');
  const run = spawnSync(process.execPath, ['--import', tsxLoader, CHILD, mode], {
    cwd,
    env: { ...process.env, TMPDIR: tmp, SQLITE_TMPDIR: tmp },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { events: string[]; left: string[] };
}

describe('the search index on disk', () => {
  it('is an in-memory database with in-memory temporary storage', () => {
    const db = openIndexDatabase();
    try {
      expect(db.memory).toBe(true);
      expect(db.name).toBe(':memory:');
      expect(db.pragma('temp_store', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });

  it('creates no file, even for a moment, in the working folder or the temp folder while building and querying', () => {
    expect(watched('index')).toEqual({ events: [], left: [] });
  });

  it('is watched closely enough to see a temporary file SQLite creates and unlinks at once', () => {
    const { events, left } = watched('spilling');
    expect(events.some((event) => event.includes('etilqs_'))).toBe(true);
    expect(left).toEqual([]);
  });
});
