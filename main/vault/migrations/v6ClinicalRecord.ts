/*
 * Format 4: the clinical record in the progress compartment. Both tables hold
 * insert-mostly rows: a diagnosis change is a new version row, and a signed
 * treatment plan is never rewritten (a revision is a new row that supersedes
 * it), so the history is the rows themselves. See docs/VAULT_FORMAT.md.
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export const v6ClinicalRecord: Migration = {
  version: 6,
  up(db: Database) {
    db.exec(`
      CREATE TABLE diagnoses (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE INDEX diagnoses_by_client ON diagnoses(client_id);

      CREATE TABLE treatment_plans (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE INDEX treatment_plans_by_client ON treatment_plans(client_id);
    `);
  },
};
