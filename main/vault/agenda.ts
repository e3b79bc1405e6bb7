/*
 * The days' view of the schedule: the sessions of every client on a range of
 * days, made first from the standing appointments where missing, and the
 * sessions a new or moved one would overlap.
 */
import { VaultError } from '../../shared/errors';
import { datesBetween, daysBetween } from '../../shared/domain/calendar';
import type { AgendaEntry, Client, Session, SessionOverlap } from '../../shared/domain/records';
import { clockTimeSchema, isoDateSchema, rowIdSchema } from '../../shared/domain/schemas';
import type { VaultContext } from './context';
import { allNoteSummaries } from './noteSummaries';
import { readRows } from './rows';
import { glanceOf } from './sealedSummary';
import { listAllSessions } from './sessions';
import { materializeDays } from './standingAppointments';
import { parseInput } from './validate';

/** The longest range one call may ask for: six weeks, a month view at most. */
export const MAX_AGENDA_DAYS = 42;

/** Cancelled bookings leave their time free for someone else. */
const FREES_ITS_TIME = new Set<Session['status']>(['cancelled', 'late-cancel']);

function clientNames(ctx: VaultContext): Map<string, string> {
  return new Map(readRows<Client>(ctx, 'clients').map((client) => [client.id, client.name]));
}

/** Every session from `from` to `to` (both included), in time order, with whose it is and its note's state. */
export function listAgenda(ctx: VaultContext, from: string, to: string): AgendaEntry[] {
  parseInput(isoDateSchema, from);
  parseInput(isoDateSchema, to);
  const span = daysBetween(from, to);
  if (span < 0 || span >= MAX_AGENDA_DAYS) {
    throw new VaultError('INVALID_INPUT', `An agenda covers 1 to ${MAX_AGENDA_DAYS} days`);
  }
  materializeDays(ctx, datesBetween(from, to));
  const names = clientNames(ctx);
  // The same summaries Today and the client list read, kept by the row cache while the vault is open.
  const notes = allNoteSummaries(ctx);
  return listAllSessions(ctx)
    .filter((session) => session.date >= from && session.date <= to)
    .map((session) => {
      const note = notes.get(session.id);
      return { ...session, clientName: names.get(session.clientId) ?? '', note: note ? glanceOf(note) : null };
    })
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        a.startTime.localeCompare(b.startTime) ||
        a.clientName.localeCompare(b.clientName) ||
        a.id.localeCompare(b.id),
    );
}

export interface OverlapQuery {
  date: string;
  startTime: string;
  endTime: string;
  /** The session being moved, which does not overlap itself. */
  excludeSessionId?: string;
}

/** Sessions of any client that share some minute with this time; the standing appointments' sessions of that day included. */
export function findOverlaps(ctx: VaultContext, query: OverlapQuery): SessionOverlap[] {
  parseInput(isoDateSchema, query.date);
  parseInput(clockTimeSchema, query.startTime);
  parseInput(clockTimeSchema, query.endTime);
  if (query.excludeSessionId !== undefined) parseInput(rowIdSchema, query.excludeSessionId);
  if (query.endTime <= query.startTime) throw new VaultError('INVALID_INPUT', 'The end time must be after the start time');
  materializeDays(ctx, [query.date]);
  const names = clientNames(ctx);
  return listAllSessions(ctx)
    .filter(
      (session) =>
        session.date === query.date &&
        session.id !== query.excludeSessionId &&
        !FREES_ITS_TIME.has(session.status) &&
        session.startTime < query.endTime &&
        query.startTime < session.endTime,
    )
    .map((session) => ({
      sessionId: session.id,
      clientId: session.clientId,
      clientName: names.get(session.clientId) ?? '',
      date: session.date,
      startTime: session.startTime,
      endTime: session.endTime,
    }))
    .sort((a, b) => a.startTime.localeCompare(b.startTime) || a.sessionId.localeCompare(b.sessionId));
}
