/*
 * Format 7: custom progress-note templates, in the progress compartment. A
 * top-level table: a template belongs to the practice, not to a client. A
 * note written with one keeps its own copy of it in the note's payload, so
 * editing or deleting a row here never changes a note. See docs/VAULT_FORMAT.md.
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export const v7NoteTemplates: Migration = {
  version: 7,
  up(db: Database) {
    db.exec(`
      CREATE TABLE note_templates (
        id TEXT PRIMARY KEY NOT NULL,
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
    `);
  },
};
