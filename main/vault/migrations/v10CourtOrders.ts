/*
 * Format 10: the court orders recorded as the basis for releasing
 * psychotherapy notes (courtOrders.ts), one encrypted row each under the
 * progress key, keyed to their client. No existing row changes. See
 * docs/VAULT_FORMAT.md.
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export const v10CourtOrders: Migration = {
  version: 10,
  up(db: Database) {
    db.exec(`
      CREATE TABLE court_orders (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE INDEX court_orders_by_client ON court_orders(client_id);
    `);
  },
};
