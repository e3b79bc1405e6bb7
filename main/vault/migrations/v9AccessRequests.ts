import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

/**
 * Format 9: the client's requests for access to their record (45 CFR
 * 164.524, accessRequests.ts), one encrypted row each under the progress
 * key, keyed to their client. A request's extension, fulfilment or denial
 * rewrites its own row; nothing else changes.
 */
export const v9AccessRequests: Migration = {
  version: 9,
  up(db: Database) {
    db.exec(`
      CREATE TABLE access_requests (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE INDEX access_requests_by_client ON access_requests(client_id);
    `);
  },
};
