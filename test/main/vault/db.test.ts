import Database from 'better-sqlite3';
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VaultDatabase } from '../../../main/vault/db';
import { openDatabase } from '../../../main/vault/db';
import { FORMAT_VERSION, migrate, MIGRATIONS } from '../../../main/vault/migrations';
import { ENCRYPTED_TABLES, ROW_TABLES, TABLES } from '../../../main/vault/tables';
import { tempDir } from '../../helpers/tempVault';
import { expectCode } from './tamper';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
});

function vaultPath(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return join(dir, 'vault.sqlite');
}

function opened(path: string): VaultDatabase {
  const db = openDatabase(path);
  cleanups.push(() => db.open && db.close());
  return db;
}

function raw(path: string, options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  cleanups.push(() => db.open && db.close());
  return db;
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every table of the current format: the encrypted ones, the plaintext ones the key slots and throttle need, and sync's bookkeeping. */
const SYNC_BOOKKEEPING = ['sync_audit', 'sync_conflicts', 'sync_dismissed', 'sync_imported', 'sync_pending', 'sync_state', 'sync_versions'];
const CURRENT_TABLES = [...ENCRYPTED_TABLES, 'key_slots', 'unlock_throttle', 'vault_meta', ...SYNC_BOOKKEEPING].sort();

/** What the migrations after format 6 add, so the test of the step from 6 names each one. */
const ADDED_AFTER_FORMAT_6 = {
  tables: ['note_templates', 'outcome_measures', 'access_requests', 'court_orders', 'sync_state'],
  indexes: ['outcome_measures_by_session', 'access_requests_by_client', 'court_orders_by_client', 'progress_notes_without_summary'],
};

function schemaOf(db: Database.Database): { type: string; name: string; sql: string }[] {
  return db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { type: string; name: string; sql: string }[];
}

const tablesOf = (db: Database.Database) =>
  schemaOf(db)
    .filter((entry) => entry.type === 'table')
    .map((entry) => entry.name)
    .sort();

describe('openDatabase', () => {
  it('sets WAL, synchronous FULL, foreign keys and secure delete on the connection', () => {
    const db = opened(vaultPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
  });

  it('enforces foreign keys: a session for a client that does not exist is refused', () => {
    const db = opened(vaultPath());
    expect(() =>
      db
        .prepare('INSERT INTO sessions (id, client_id, key_version, nonce, ciphertext) VALUES (?, ?, 1, ?, ?)')
        .run('a'.repeat(32), 'b'.repeat(32), Buffer.alloc(24), Buffer.alloc(17)),
    ).toThrow(/FOREIGN KEY/);
  });

  it('creates the file readable by its owner only, and its WAL the same', () => {
    const path = vaultPath();
    const db = opened(path);
    db.prepare("INSERT INTO vault_meta (singleton, vault_id) VALUES (1, 'x')").run();
    expect(mode(path)).toBe(0o600);
    for (const companion of [`${path}-wal`, `${path}-shm`]) {
      if (existsSync(companion)) expect(mode(companion)).toBe(0o600);
    }
    expect(existsSync(`${path}-wal`)).toBe(true);
  });

  it('tightens an existing vault file that others could read back to 0600', () => {
    const path = vaultPath();
    openDatabase(path).close();
    chmodSync(path, 0o644);
    opened(path);
    expect(mode(path)).toBe(0o600);
  });

  it('refuses a zero-byte file instead of building a new vault over it', async () => {
    const path = vaultPath();
    writeFileSync(path, '');
    await expectCode(() => openDatabase(path), 'BAD_FILE');
    expect(statSync(path).size).toBe(0);
  });
});

describe('migrations', () => {
  it('number their steps 1 to the current format with no gap, so every step runs on a file of the format before it', () => {
    expect(MIGRATIONS.map((step) => step.version)).toEqual(Array.from({ length: MIGRATIONS.length }, (_, index) => index + 1));
    expect(FORMAT_VERSION).toBe(MIGRATIONS.length);
  });

  it('build the current format from an empty database file', () => {
    const path = vaultPath();
    writeFileSync(path, '');
    const db = raw(path);
    expect(migrate(db)).toBe(FORMAT_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(FORMAT_VERSION);
    expect(tablesOf(db)).toEqual(CURRENT_TABLES);
  });

  it('give a new vault file the current format', () => {
    const db = opened(vaultPath());
    expect(db.pragma('user_version', { simple: true })).toBe(FORMAT_VERSION);
    expect(tablesOf(db)).toEqual(CURRENT_TABLES);
  });

  it('leave encrypted tables no plaintext columns beyond ids, foreign keys, key version, nonce and ciphertext (and a note\'s sealed summary)', () => {
    const db = opened(vaultPath());
    for (const table of ROW_TABLES) {
      const fk = TABLES[table].parentColumn;
      const summary = table === 'progress_notes' ? ['summary_nonce', 'summary_ciphertext'] : [];
      const columns = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
      expect(columns.sort()).toEqual(['id', 'key_version', 'nonce', 'ciphertext', ...(fk ? [fk] : []), ...summary].sort());
    }
    const audit = (db.pragma('table_info(audit_log)') as { name: string }[]).map((c) => c.name);
    expect(audit.sort()).toEqual(['ciphertext', 'id', 'key_version', 'mac', 'nonce', 'seq']);
  });

  it('take a format-5 schema to the current format in place: the clinical-record and sync tables are added and every row is kept', () => {
    const path = vaultPath();
    writeFileSync(path, '');
    const db = raw(path);
    db.transaction(() => {
      for (const migration of MIGRATIONS.filter((step) => step.version <= 5)) migration.up(db);
      db.pragma('user_version = 5');
    })();
    db.prepare("INSERT INTO vault_meta (singleton, vault_id) VALUES (1, 'kept')").run();
    expect(tablesOf(db)).not.toContain('diagnoses');
    expect(migrate(db)).toBe(FORMAT_VERSION);
    expect(tablesOf(db)).toEqual(CURRENT_TABLES);
    expect(db.prepare('SELECT vault_id FROM vault_meta').pluck().get()).toBe('kept');
    const indexes = schemaOf(db).filter((entry) => entry.type === 'index').map((entry) => entry.name);
    expect(indexes).toEqual(expect.arrayContaining(['diagnoses_by_client', 'treatment_plans_by_client']));
  });

  it('take a format-6 schema to the current format in place: every later table and index is added and every row is kept', () => {
    const path = vaultPath();
    writeFileSync(path, '');
    const db = raw(path);
    db.transaction(() => {
      for (const migration of MIGRATIONS.filter((step) => step.version <= 6)) migration.up(db);
      db.pragma('user_version = 6');
    })();
    db.prepare("INSERT INTO vault_meta (singleton, vault_id) VALUES (1, 'kept')").run();
    for (const table of ADDED_AFTER_FORMAT_6.tables) expect(tablesOf(db)).not.toContain(table);
    expect(migrate(db)).toBe(FORMAT_VERSION);
    expect(tablesOf(db)).toEqual(CURRENT_TABLES);
    expect(db.prepare('SELECT vault_id FROM vault_meta').pluck().get()).toBe('kept');
    const indexes = schemaOf(db).filter((entry) => entry.type === 'index').map((entry) => entry.name);
    expect(indexes).toEqual(expect.arrayContaining(ADDED_AFTER_FORMAT_6.indexes));
  });

  it('are idempotent: running again or reopening changes neither the schema nor the data', () => {
    const path = vaultPath();
    const first = openDatabase(path);
    first.prepare("INSERT INTO vault_meta (singleton, vault_id) VALUES (1, 'kept')").run();
    const schema = schemaOf(first);
    expect(migrate(first)).toBe(FORMAT_VERSION);
    expect(schemaOf(first)).toEqual(schema);
    first.close();

    const again = opened(path);
    expect(again.pragma('user_version', { simple: true })).toBe(FORMAT_VERSION);
    expect(schemaOf(again)).toEqual(schema);
    expect(again.prepare('SELECT vault_id FROM vault_meta').pluck().get()).toBe('kept');
  });

  it('refuse a file from a newer version of the app and leave it untouched', async () => {
    const path = vaultPath();
    openDatabase(path).close();
    const future = new Database(path);
    future.pragma(`user_version = ${FORMAT_VERSION + 1}`);
    future.exec('CREATE TABLE from_the_future (x INTEGER)');
    future.close();

    await expectCode(() => openDatabase(path), 'NEWER_FORMAT');

    const check = raw(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(FORMAT_VERSION + 1);
    expect(tablesOf(check)).toEqual([...CURRENT_TABLES, 'from_the_future'].sort());
  });

  it('refuse a newer format when run directly, too', async () => {
    const db = raw(vaultPath());
    db.pragma(`user_version = ${FORMAT_VERSION + 1}`);
    await expectCode(() => migrate(db), 'NEWER_FORMAT');
    expect(tablesOf(db)).toEqual([]);
  });

  it('run in one transaction: a step that fails leaves the file at its previous version with nothing half-made', () => {
    const db = raw(vaultPath());
    db.exec('CREATE TABLE clients (something_else INTEGER)');
    expect(() => migrate(db)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tablesOf(db)).toEqual(['clients']);
  });
});
