import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addEncryptedTable } from '../../../../main/vault/migrations/encryptedTable';
import type { Migration } from '../../../../main/vault/migrations/migration';
import { v10CourtOrders } from '../../../../main/vault/migrations/v10CourtOrders';
import { v7NoteTemplates } from '../../../../main/vault/migrations/v7NoteTemplates';
import { tempDir } from '../../../helpers/tempVault';

/** What SQLite made of a step on an empty file: its statements (white space folded), columns, indexes and foreign keys. */
function schemaAfter(path: string, step: Migration) {
  const db = new Database(path);
  try {
    step.up(db);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(({ name }) => name);
    return {
      statements: (db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all() as { type: string; name: string; sql: string | null }[]).map(
        (row) => ({ ...row, sql: row.sql?.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')') ?? null }),
      ),
      columns: tables.map((table) => db.pragma(`table_info(${table})`)),
      indexes: tables.map((table) => db.pragma(`index_list(${table})`)),
      foreignKeys: tables.map((table) => db.pragma(`foreign_key_list(${table})`)),
    };
  } finally {
    db.close();
  }
}

describe('a migration step adding an encrypted table of the usual shape', () => {
  let dir: { dir: string; cleanup(): void };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it('makes the same table, index and foreign key as the hand-written step for court orders (format 10)', () => {
    const written = schemaAfter(join(dir.dir, 'written.sqlite'), v10CourtOrders);
    const declared = schemaAfter(
      join(dir.dir, 'declared.sqlite'),
      addEncryptedTable({ version: 10, table: 'court_orders', parent: { column: 'client_id', references: 'clients' } }),
    );
    expect(declared).toEqual(written);
  });

  it('makes the same top-level table as the hand-written step for note templates (format 7)', () => {
    const written = schemaAfter(join(dir.dir, 'written.sqlite'), v7NoteTemplates);
    const declared = schemaAfter(join(dir.dir, 'declared.sqlite'), addEncryptedTable({ version: 7, table: 'note_templates' }));
    expect(declared).toEqual(written);
  });
});
