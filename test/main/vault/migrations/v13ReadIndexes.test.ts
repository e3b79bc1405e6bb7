import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createdVault } from '../../../helpers/tempVault';

/** What SQLite plans for a statement: the detail column of EXPLAIN QUERY PLAN. */
function plan(db: Database.Database, sql: string): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((row) => row.detail);
}

describe('migration 13 (read indexes)', () => {
  it("answers a client's sessions and its notes' summaries from the covering indexes, without reading the rows", async () => {
    const made = await createdVault();
    const path = made.path;
    await made.vault.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(13);
      expect(plan(db, 'SELECT id, client_id AS parent, key_version, nonce, ciphertext FROM sessions WHERE client_id = ?')).toEqual([
        'SEARCH sessions USING COVERING INDEX sessions_rows_by_client (client_id=?)',
      ]);
      expect(
        plan(
          db,
          `SELECT n.id, n.session_id, n.key_version, n.summary_nonce, n.summary_ciphertext
           FROM sessions s JOIN progress_notes n INDEXED BY progress_notes_summaries ON n.session_id = s.id WHERE s.client_id = ?`,
        ),
      ).toEqual([
        'SEARCH s USING COVERING INDEX sessions_rows_by_client (client_id=?)',
        'SEARCH n USING COVERING INDEX progress_notes_summaries (session_id=?)',
      ]);
    } finally {
      db.close();
      await made.dispose();
    }
  });
});
