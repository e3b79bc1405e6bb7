/*
 * Format 14: every note summary is sealed again at the next unlock. Summaries
 * sealed before they carried `templateName` name a note written in a custom
 * template by its built-in template until the note is next written. A
 * migration holds no key, so it cannot tell which summaries those are (a
 * note's template is inside its ciphertext, and the template may have been
 * deleted since): it clears every summary, and the first unlock after it
 * seals them all from the notes (noteSummaries.ts, fillMissingSummaries), as
 * after format 11. Until then a reader opens the note itself, as for any
 * NULL summary. The cost is paid once: that unlock took 0.64 s longer on a
 * 10,000-note vault (1.38 s against 0.74 s, load average 5 to 7). See
 * docs/VAULT_FORMAT.md, "Note summaries".
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

export const v14SummaryTemplateNames: Migration = {
  version: 14,
  up(db: Database) {
    db.exec('UPDATE progress_notes SET summary_nonce = NULL, summary_ciphertext = NULL');
  },
};
