/*
 * Format 1. Encrypted tables hold only random ids, foreign keys, the key
 * version, the nonce and the ciphertext; everything a person wrote is inside
 * the ciphertext. See docs/VAULT_FORMAT.md.
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

function encryptedTable(name: string, foreignKeys = ''): string {
  return `CREATE TABLE ${name} (
    id TEXT PRIMARY KEY NOT NULL,
    ${foreignKeys}
    key_version INTEGER NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL
  ) STRICT;`;
}

export const v1: Migration = {
  version: 1,
  up(db: Database) {
    db.exec(`
      CREATE TABLE vault_meta (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        vault_id TEXT NOT NULL
      ) STRICT;

      CREATE TABLE key_slots (
        slot_id TEXT PRIMARY KEY NOT NULL,
        compartment TEXT NOT NULL CHECK (compartment IN ('progress', 'psychotherapy')),
        kind TEXT NOT NULL CHECK (kind IN ('passphrase', 'recovery')),
        key_version INTEGER NOT NULL,
        kdf_alg TEXT,
        kdf_ops INTEGER,
        kdf_mem INTEGER,
        salt BLOB,
        nonce BLOB NOT NULL,
        wrapped_key BLOB NOT NULL,
        checksum BLOB NOT NULL
      ) STRICT;

      CREATE TABLE unlock_throttle (
        scope TEXT PRIMARY KEY NOT NULL CHECK (scope IN ('progress', 'psychotherapy')),
        failures INTEGER NOT NULL,
        last_failure_ms INTEGER NOT NULL
      ) STRICT;

      ${encryptedTable('clients')}
      ${encryptedTable('sessions', 'client_id TEXT NOT NULL REFERENCES clients(id),')}
      CREATE INDEX sessions_by_client ON sessions(client_id);
      ${encryptedTable('progress_notes', 'session_id TEXT NOT NULL UNIQUE REFERENCES sessions(id),')}
      ${encryptedTable('addenda', 'note_id TEXT NOT NULL REFERENCES progress_notes(id),')}
      CREATE INDEX addenda_by_note ON addenda(note_id);
      ${encryptedTable('psychotherapy_notes', 'session_id TEXT NOT NULL REFERENCES sessions(id),')}
      CREATE INDEX psychotherapy_notes_by_session ON psychotherapy_notes(session_id);
      ${encryptedTable('disclosures', 'client_id TEXT NOT NULL REFERENCES clients(id),')}
      CREATE INDEX disclosures_by_client ON disclosures(client_id);
      ${encryptedTable('settings')}

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY NOT NULL,
        id TEXT NOT NULL UNIQUE,
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        mac BLOB NOT NULL
      ) STRICT;
    `);
  },
};
