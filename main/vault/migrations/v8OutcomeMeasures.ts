/*
 * Format 8: outcome measures (PHQ-9, GAD-7) in the progress compartment, one
 * row per administration, under the session it was given in. See
 * docs/VAULT_FORMAT.md.
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export const v8OutcomeMeasures: Migration = {
  version: 8,
  up(db: Database) {
    db.exec(`
      CREATE TABLE outcome_measures (
        id TEXT PRIMARY KEY NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE INDEX outcome_measures_by_session ON outcome_measures(session_id);
    `);
  },
};
