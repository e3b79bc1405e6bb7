/*
 * The migration step that adds one encrypted table of the usual shape: id,
 * the plaintext parent column if any (indexed, for listing a parent's rows),
 * key_version, nonce, ciphertext. Its inputs are written out in the step's
 * line in the registry's MIGRATIONS, so the step stays as it was written
 * even if the table's registry entry changes later.
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export interface EncryptedTableStep {
  version: number;
  table: string;
  /** The foreign-key column and the table it references; the index is named `${table}_by_${column without _id}`. */
  parent?: { column: string; references: string };
}

export function encryptedTableSql({ table, parent }: Omit<EncryptedTableStep, 'version'>): string {
  const parentColumn = parent ? `\n        ${parent.column} TEXT NOT NULL REFERENCES ${parent.references}(id),` : '';
  const index = parent ? `\n      CREATE INDEX ${table}_by_${parent.column.replace(/_id$/, '')} ON ${table}(${parent.column});` : '';
  return `
      CREATE TABLE ${table} (
        id TEXT PRIMARY KEY NOT NULL,${parentColumn}
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;${index}
    `;
}

export function addEncryptedTable(step: EncryptedTableStep): Migration {
  return {
    version: step.version,
    up(db: Database) {
      db.exec(encryptedTableSql(step));
    },
  };
}
