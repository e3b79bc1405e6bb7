/*
 * Format 4: quick capture while the psychotherapy compartment is closed.
 * The compartment gets an X25519 key pair; notes sealed to its public key
 * wait as envelopes until the compartment opens. No key is at hand while
 * migrating, so the key pair of an upgraded vault is made the first time its
 * psychotherapy compartment opens (captureKeys.ts). See docs/VAULT_FORMAT.md.
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export const v5SealedCapture: Migration = {
  version: 5,
  up(db: Database) {
    db.exec(`
      CREATE TABLE capture_public_keys (
        id TEXT PRIMARY KEY NOT NULL,
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;

      CREATE TABLE capture_secret_keys (
        id TEXT PRIMARY KEY NOT NULL,
        key_pair_id TEXT NOT NULL UNIQUE REFERENCES capture_public_keys(id),
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;

      CREATE TABLE sealed_notes (
        id TEXT PRIMARY KEY NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE INDEX sealed_notes_by_session ON sealed_notes(session_id);
    `);
  },
};
