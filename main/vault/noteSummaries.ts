/*
 * Reading progress notes by their sealed summaries (sealedSummary.ts): what
 * a client's timeline, the client list, the agenda and Today need of a note
 * is its template and status, not its text. A note stored before format 11,
 * or whose summary the format-14 migration cleared, has no summary until the
 * first unlock after the upgrade fills it in; until
 * then, and whenever that fill could not run (a full disk), the note itself
 * is opened instead.
 */
import { isVaultError } from '../../shared/errors';
import type { VaultContext } from './context';
import type { ProgressNote } from '../../shared/domain/records';
import { readRow } from './rows';
import type { NoteSummary } from './sealedSummary';
import { openSummary, sealSummary, summaryOf } from './sealedSummary';
import { statement } from './statements';

interface SummaryRow {
  id: string;
  session_id: string;
  key_version: number;
  summary_nonce: Buffer | null;
  summary_ciphertext: Buffer | null;
}

const SUMMARY_COLUMNS = 'n.id, n.session_id, n.key_version, n.summary_nonce, n.summary_ciphertext';

function summaryFrom(ctx: VaultContext, row: SummaryRow): NoteSummary {
  if (row.summary_nonce === null || row.summary_ciphertext === null) {
    const note = readRow<Omit<ProgressNote, 'addenda'>>(ctx, 'progress_notes', row.id);
    // The note was read by its id a moment ago in this same synchronous call.
    return summaryOf(note!);
  }
  return openSummary(ctx, ctx.keys.get('progress'), row.id, row.session_id, {
    keyVersion: row.key_version,
    nonce: row.summary_nonce,
    ciphertext: row.summary_ciphertext,
  });
}

function bySession(ctx: VaultContext, rows: SummaryRow[]): Map<string, NoteSummary> {
  return new Map(rows.map((row) => [row.session_id, summaryFrom(ctx, row)]));
}

/**
 * Summaries as kept by the row cache while the vault is open (rowCache.ts
 * drops them on every write to sessions or notes and on every wipe of the
 * progress key); never kept when read inside a transaction, which may roll back.
 */
function kept(ctx: VaultContext, clientId: string | null, read: () => Map<string, NoteSummary>): Map<string, NoteSummary> {
  const held = ctx.cache?.summaries(clientId);
  if (held) return new Map(held) as Map<string, NoteSummary>;
  const summaries = read();
  if (ctx.cache && !ctx.db.inTransaction) ctx.cache.keepSummaries(clientId, summaries);
  return summaries;
}

/** The summaries of one client's progress notes, by session id. */
export function noteSummariesForClient(ctx: VaultContext, clientId: string): Map<string, NoteSummary> {
  return kept(ctx, clientId, () =>
    bySession(
      ctx,
      statement(
        ctx.db,
        // Named, or SQLite takes the UNIQUE index on session_id and reads each note's page for its summary.
        `SELECT ${SUMMARY_COLUMNS} FROM sessions s JOIN progress_notes n INDEXED BY progress_notes_summaries ON n.session_id = s.id
         WHERE s.client_id = ?`,
      ).all(clientId) as SummaryRow[],
    ),
  );
}

/** Every progress note's summary, by session id. */
export function allNoteSummaries(ctx: VaultContext): Map<string, NoteSummary> {
  return kept(ctx, null, () => bySession(ctx, statement(ctx.db, `SELECT ${SUMMARY_COLUMNS} FROM progress_notes n`).all() as SummaryRow[]));
}

/**
 * Seals the summary of every note that has none (a vault upgraded to format
 * 11 or 14), in one transaction; returns how many. A note that does not open is
 * left without one: reading it reports INTEGRITY as before, and an unlock is
 * never refused for it.
 */
export function fillMissingSummaries(ctx: VaultContext): number {
  const missing = statement(ctx.db, 'SELECT id FROM progress_notes WHERE summary_ciphertext IS NULL').all() as { id: string }[];
  if (missing.length === 0) return 0;
  const key = ctx.keys.get('progress');
  const write = statement(ctx.db, 'UPDATE progress_notes SET summary_nonce = ?, summary_ciphertext = ? WHERE id = ? AND key_version = ?');
  let filled = 0;
  ctx.db
    .transaction(() => {
      for (const { id } of missing) {
        let note: Omit<ProgressNote, 'addenda'> | undefined;
        try {
          note = readRow<Omit<ProgressNote, 'addenda'>>(ctx, 'progress_notes', id);
        } catch (error) {
          if (isVaultError(error) && error.code === 'INTEGRITY') continue;
          throw error;
        }
        if (!note) continue;
        const sealed = sealSummary(ctx, key, id, note);
        filled += write.run(sealed.nonce, sealed.ciphertext, id, sealed.keyVersion).changes;
      }
    })
    .immediate();
  if (filled > 0) ctx.cache?.drop('progress_notes');
  return filled;
}
