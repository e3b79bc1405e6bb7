/*
 * Format 11: a sealed summary beside each progress note (session, template,
 * status), so a client's timeline, the client list and Today read a few dozen
 * bytes per note instead of decrypting the whole note. Both columns are NULL
 * until the summary is written: a migration holds no key, so the rows stored
 * before this format get theirs at the first unlock after the upgrade
 * (noteSummaries.ts, fillMissingSummaries), and a reader meets a NULL summary
 * by opening the note itself. The partial index finds the rows still
 * without one at each unlock without reading the table. See docs/VAULT_FORMAT.md, "Note summaries".
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export const v11NoteSummaries: Migration = {
  version: 11,
  up(db: Database) {
    db.exec(`
      ALTER TABLE progress_notes ADD COLUMN summary_nonce BLOB;
      ALTER TABLE progress_notes ADD COLUMN summary_ciphertext BLOB;
      CREATE INDEX progress_notes_without_summary ON progress_notes(id) WHERE summary_ciphertext IS NULL;
    `);
  },
};
