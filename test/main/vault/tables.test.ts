import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPARTMENTS } from '../../../main/vault/compartments';
import { migrate } from '../../../main/vault/migrations';
import { ENCRYPTED_TABLES, ROW_TABLES, TABLES } from '../../../main/vault/tables';

const db = new Database(':memory:');
migrate(db);
afterAll(() => db.close());

const columnsOf = (table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name);
const foreignKeysOf = (table: string) => db.pragma(`foreign_key_list(${table})`) as { from: string }[];

describe('the table registry', () => {
  it('names every table of the migrated schema that holds ciphertext, and no other, beside the sync copies of its rows', () => {
    // sync_conflicts and sync_audit keep rows of registered tables exactly as another device stored them.
    const copies = ['sync_audit', 'sync_conflicts'];
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    const sealed = tables.filter((table) => columnsOf(table).includes('ciphertext') && !copies.includes(table));
    expect([...ENCRYPTED_TABLES].sort()).toEqual(sealed.sort());
  });

  it('gives each row table the parent column its schema declares as a foreign key, with a payload field to match', () => {
    for (const table of ROW_TABLES) {
      const { parentColumn, parentField } = TABLES[table];
      expect({ table, parents: foreignKeysOf(table).map((key) => key.from) }).toEqual({
        table,
        parents: parentColumn ? [parentColumn] : [],
      });
      expect({ table, hasField: parentField !== null }).toEqual({ table, hasField: parentColumn !== null });
    }
  });

  it('puts every table under a compartment, and only psychotherapy notes and the capture secret key under the psychotherapy key', () => {
    for (const table of ENCRYPTED_TABLES) expect(COMPARTMENTS).toContain(TABLES[table].compartment);
    expect(ENCRYPTED_TABLES.filter((table) => TABLES[table].compartment === 'psychotherapy')).toEqual([
      'psychotherapy_notes',
      'capture_secret_keys',
    ]);
  });

  it('keeps the chained audit log out of the row tables', () => {
    expect(ROW_TABLES).not.toContain('audit_log');
    expect(columnsOf('audit_log')).toContain('mac');
  });
});
