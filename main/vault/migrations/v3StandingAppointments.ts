/*
 * Format 3: standing appointments, a client's recurring slot, sealed under the
 * progress key like every other row of the record. Sessions gain a status and
 * a link to the appointment that made them inside their payload; rows written
 * before have neither and read with a default status (docs/VAULT_FORMAT.md).
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export const v3StandingAppointments: Migration = {
  version: 3,
  up(db: Database) {
    db.exec(`
      CREATE TABLE standing_appointments (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE INDEX standing_appointments_by_client ON standing_appointments(client_id);
    `);
  },
};
