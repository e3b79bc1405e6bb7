import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

/**
 * Format 4: the client's authorizations to disclose (authorizations.ts), one
 * encrypted row each under the progress key, keyed to their client. Existing
 * rows are untouched; disclosures written before this format carry no basis.
 */
export const v4Authorizations: Migration = {
  version: 4,
  up(db: Database) {
    db.exec(`
      CREATE TABLE authorizations (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE INDEX authorizations_by_client ON authorizations(client_id);
    `);
  },
};
