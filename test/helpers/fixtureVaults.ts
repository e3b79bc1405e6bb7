/* Reading committed fixture vaults (test/fixtures/vaults) as raw SQLite files. */
import Database from 'better-sqlite3';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { ROW_TABLES } from '../../main/vault/tables';
import type { Vault } from '../../main/vault/vaultApi';
import { tempDir } from './tempVault';

export const FIXTURE_DIR = join(__dirname, '../fixtures/vaults');

/** The fixture's ids file, typed by the caller. */
export function fixtureIds<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.ids.json`), 'utf8')) as T;
}

/** Copies the fixture to `path`: SQLite writes beside a file it opens, so a fixture is never opened in place. */
export function copyFixture(name: string, path: string): void {
  copyFileSync(join(FIXTURE_DIR, `${name}.sqlite`), path);
}

/** A fixture's copy for the running test, and the vault the test opened on it, if any. */
export interface FixtureCopy {
  path: string;
  vault: Vault | undefined;
}

/** Before each test of the suite, a fresh copy of the fixture in a temp folder; after it, the vault set on the copy is closed and the folder removed. */
export function copyFixtureEachTest(name: string): FixtureCopy {
  const copy: FixtureCopy = { path: '', vault: undefined };
  let cleanup = (): void => undefined;
  beforeEach(() => {
    const made = tempDir();
    cleanup = made.cleanup;
    copy.path = join(made.dir, 'vault.sqlite');
    copyFixture(name, copy.path);
  });
  afterEach(async () => {
    await copy.vault?.close().catch(() => undefined);
    copy.vault = undefined;
    cleanup();
  });
  return copy;
}

export type SealedRows = Record<string, string>;

/** Every encrypted row the file holds, as hex, keyed by table and id. */
export function sealedRows(path: string): SealedRows {
  const db = new Database(path, { readonly: true });
  try {
    const out: SealedRows = {};
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    for (const table of ROW_TABLES.filter((name) => tables.has(name))) {
      for (const row of db.prepare(`SELECT id, key_version, nonce, ciphertext FROM ${table}`).all() as { id: string; key_version: number; nonce: Buffer; ciphertext: Buffer }[]) {
        out[`${table}/${row.id}`] = `${row.key_version}:${row.nonce.toString('hex')}:${row.ciphertext.toString('hex')}`;
      }
    }
    return out;
  } finally {
    db.close();
  }
}

export function userVersion(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}
