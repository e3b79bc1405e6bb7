/*
 * Format 12: what sync keeps beside the rows (docs/SYNC.md section 9,
 * docs/VAULT_FORMAT.md). The sync_* tables other than sync_devices are this
 * device's own bookkeeping and never travel: stamps, seen vectors, which
 * batches were imported, conflict copies and versions waiting for their
 * parent. They hold ids, stamps and ciphertext exactly as it came, never
 * plaintext. sync_devices is an encrypted progress table like any other and
 * travels (latest stamp). The device id is drawn here so that every vault,
 * an upgraded one included, has one before its first save is stamped.
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export const v12SyncState: Migration = {
  version: 12,
  up(db: Database) {
    db.exec(`
      CREATE TABLE sync_state (
        singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
        device_id TEXT NOT NULL,
        hlc BLOB NOT NULL,
        last_batch_seq INTEGER NOT NULL
      ) STRICT;
      INSERT INTO sync_state (singleton, device_id, hlc, last_batch_seq)
        VALUES (1, lower(hex(randomblob(16))), zeroblob(8), 0);

      CREATE TABLE sync_versions (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        parent_id TEXT,
        hlc BLOB NOT NULL,
        device_id TEXT NOT NULL,
        flags INTEGER NOT NULL,
        seen BLOB NOT NULL,
        exported INTEGER NOT NULL,
        PRIMARY KEY (table_name, row_id)
      ) STRICT;
      CREATE INDEX sync_versions_unsent ON sync_versions(exported) WHERE exported = 0;

      CREATE TABLE sync_conflicts (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        hlc BLOB NOT NULL,
        device_id TEXT NOT NULL,
        flags INTEGER NOT NULL,
        seen BLOB NOT NULL,
        parent_id TEXT,
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        exported INTEGER NOT NULL,
        PRIMARY KEY (table_name, row_id, hlc, device_id)
      ) STRICT;

      CREATE TABLE sync_dismissed (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        hlc BLOB NOT NULL,
        device_id TEXT NOT NULL,
        exported INTEGER NOT NULL,
        PRIMARY KEY (table_name, row_id, hlc, device_id)
      ) STRICT;

      CREATE TABLE sync_imported (
        device_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (device_id, seq)
      ) STRICT;

      CREATE TABLE sync_pending (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        hlc BLOB NOT NULL,
        device_id TEXT NOT NULL,
        change BLOB NOT NULL,
        PRIMARY KEY (table_name, row_id, hlc, device_id)
      ) STRICT;

      CREATE TABLE sync_audit (
        device_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL UNIQUE,
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        mac BLOB NOT NULL,
        PRIMARY KEY (device_id, seq)
      ) STRICT;

      CREATE TABLE sync_devices (
        id TEXT PRIMARY KEY NOT NULL,
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
    `);
  },
};
