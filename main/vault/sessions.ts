import { VaultError } from '../../shared/errors';
import type { WallClock } from '../../shared/domain/calendar';
import { wallClockOf } from '../../shared/domain/calendar';
import type { Session } from '../../shared/domain/records';
import type { SessionInput, SessionStatus } from '../../shared/domain/schemas';
import { rowIdSchema, sessionInputSchema } from '../../shared/domain/schemas';
import { appendAudit } from './audit';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import type { WithId } from './rows';
import { deleteRow, insertRow, readRows, readRowsSorted, replaceRow, requireRow } from './rows';
import { skipStandingDate } from './standingSkips';
import { parseInput } from './validate';

/** As stored: rows written before format 3 have no status. */
type StoredSession = Omit<Session, 'status'> & { status?: SessionStatus };

/**
 * The status of a session stored before statuses existed: one that has
 * ended by the reading machine's wall clock was most likely held, one still
 * ahead is only scheduled. Never written back by reading.
 */
export function defaultStatus(session: Pick<Session, 'date' | 'endTime'>, now: WallClock): SessionStatus {
  const ended = session.date < now.date || (session.date === now.date && session.endTime <= now.time);
  return ended ? 'attended' : 'scheduled';
}

function withStatus(ctx: VaultContext, row: WithId<StoredSession>): Session {
  return row.status ? (row as Session) : { ...row, status: defaultStatus(row, wallClockOf(ctx.clock.now())) };
}

/** Stores a session built by this module or by the standing appointments; the client must exist. */
export function insertSession(ctx: VaultContext, session: Session): Session {
  getClient(ctx, session.clientId);
  insertRow(ctx, 'sessions', session.id, session.clientId, session);
  return session;
}

export function createSession(ctx: VaultContext, input: SessionInput): Session {
  const fields = parseInput(sessionInputSchema, input);
  return insertSession(ctx, { ...fields, status: fields.status ?? 'scheduled', id: newId(ctx.sodium), createdAt: isoNow(ctx) });
}

export function getSession(ctx: VaultContext, id: string): Session {
  parseInput(rowIdSchema, id);
  return withStatus(ctx, requireRow<StoredSession>(ctx, 'sessions', id, 'Session'));
}

/** Read from the note's row itself, so a session cannot be changed by passing a stale note around. */
export function hasSignedNote(ctx: VaultContext, sessionId: string): boolean {
  return readRows<{ status: string }>(ctx, 'progress_notes', sessionId).some((note) => note.status === 'signed');
}

/**
 * Notes are counted by their plaintext session column: no key is needed to
 * know a psychotherapy note, or one sealed while the compartment was closed, is there.
 */
function noteCount(ctx: VaultContext, sessionId: string): number {
  const row = ctx.db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM progress_notes WHERE session_id = ?)
            + (SELECT COUNT(*) FROM psychotherapy_notes WHERE session_id = ?)
            + (SELECT COUNT(*) FROM sealed_notes WHERE session_id = ?)
            + (SELECT COUNT(*) FROM outcome_measures WHERE session_id = ?) AS n`,
    )
    .get(sessionId, sessionId, sessionId, sessionId) as { n: number };
  return row.n;
}

/**
 * Signing a note records that the session took place: one still marked
 * scheduled becomes attended in the signing transaction, before the session
 * freezes. Any other status (a note for a no-show or a late cancel) is the
 * therapist's own choice and stays.
 */
export function markAttendedOnSigning(ctx: VaultContext, id: string): void {
  const current = getSession(ctx, id);
  if (current.status !== 'scheduled') return;
  replaceRow(ctx, 'sessions', id, { ...current, status: 'attended' });
  appendAudit(ctx, 'session.updated', { sessionId: id, changed: 'status' });
}

const EDITABLE = ['date', 'startTime', 'endTime', 'modality', 'location', 'status'] as const;

/**
 * Date, times, modality, location and status, until the progress note is
 * signed: from then on the session is part of a signed record and corrections
 * go through an addendum (NOTE_SIGNED). Each change is audited by field name.
 */
export function updateSession(ctx: VaultContext, id: string, input: SessionInput): Session {
  const fields = parseInput(sessionInputSchema, input);
  return ctx.db.transaction(() => {
    const current = getSession(ctx, id);
    if (fields.clientId !== current.clientId) {
      throw new VaultError('INVALID_INPUT', 'A session cannot move to another client');
    }
    if (hasSignedNote(ctx, id)) {
      throw new VaultError('NOTE_SIGNED', 'The progress note of this session is signed, so the session cannot change; add an addendum instead');
    }
    const next: Session = {
      ...fields,
      status: fields.status ?? current.status,
      id,
      createdAt: current.createdAt,
      ...(current.standing ? { standing: current.standing } : {}),
    };
    const changed = EDITABLE.filter((field) => (current[field] ?? '') !== (next[field] ?? ''));
    replaceRow(ctx, 'sessions', id, next);
    if (changed.length > 0) appendAudit(ctx, 'session.updated', { sessionId: id, changed: changed.join(',') });
    return next;
  }).immediate();
}

/**
 * Only a session with no progress note and no psychotherapy note can go (a
 * duplicate, a booking that never was); anything written stays. A session
 * made from a standing appointment leaves its day skipped, so it is not made
 * again.
 */
export function deleteSession(ctx: VaultContext, id: string): void {
  ctx.db.transaction(() => {
    const session = getSession(ctx, id);
    if (noteCount(ctx, id) > 0) {
      throw new VaultError('SESSION_HAS_NOTES', 'This session has notes or measures, so it cannot be deleted');
    }
    if (session.standing) skipStandingDate(ctx, session.standing.appointmentId, session.standing.date);
    deleteRow(ctx, 'sessions', id);
    appendAudit(ctx, 'session.deleted', { sessionId: id });
  }).immediate();
}

/** Removes a session the standing appointment made and nobody touched, so the changed rule can make it again. */
export function retireUntouchedSession(ctx: VaultContext, session: Session): boolean {
  if (session.status !== 'scheduled' || noteCount(ctx, session.id) > 0) return false;
  deleteRow(ctx, 'sessions', session.id);
  appendAudit(ctx, 'session.deleted', { sessionId: session.id, reason: 'standing-appointment-changed' });
  return true;
}

function newestFirst(a: Pick<Session, 'date' | 'startTime'>, b: Pick<Session, 'date' | 'startTime'>): number {
  return b.date.localeCompare(a.date) || b.startTime.localeCompare(a.startTime);
}

/** A client's sessions, newest first. */
export function listSessionsForClient(ctx: VaultContext, clientId: string): Session[] {
  getClient(ctx, clientId);
  return readRowsSorted<StoredSession>(ctx, 'sessions', clientId, newestFirst).map((row) => withStatus(ctx, row));
}

/** Every session of every client, newest first: dates are inside the ciphertext, so a day's sessions are found by reading all. */
export function listAllSessions(ctx: VaultContext): Session[] {
  return readRows<StoredSession>(ctx, 'sessions')
    .map((row) => withStatus(ctx, row))
    .sort(newestFirst);
}
