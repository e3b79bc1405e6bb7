/*
 * The client list's rows in one pass: every client with their last and next
 * session and how many of their progress notes are unsigned, so the list is
 * one call however many clients there are.
 */
import { compareByFamilyName } from '../../shared/domain/clientSort';
import { addDays, wallClockOf } from '../../shared/domain/calendar';
import type { ClientOverview, SessionMoment, StandingAppointment } from '../../shared/domain/records';
import { listClients } from './clients';
import type { VaultContext } from './context';
import { allNoteSummaries } from './noteSummaries';
import { readRows } from './rows';
import { listAllSessions } from './sessions';
import { occursOn } from './standingAppointments';

/** How far ahead a standing appointment is looked at for a next session not yet made. */
const STANDING_LOOKAHEAD_DAYS = 28;

function moment(sessionId: string | null, date: string, startTime: string): SessionMoment {
  return { sessionId, date, startTime };
}

const at = (m: { date: string; startTime: string }) => `${m.date} ${m.startTime}`;

export function listClientOverview(ctx: VaultContext, options: { includeArchived?: boolean } = {}): ClientOverview[] {
  const now = wallClockOf(ctx.clock.now());
  const nowAt = `${now.date} ${now.time}`;
  const clients = listClients(ctx, options);
  const sessions = listAllSessions(ctx);
  const notes = allNoteSummaries(ctx).values();
  const appointments = readRows<StandingAppointment>(ctx, 'standing_appointments');

  const clientOfSession = new Map(sessions.map((session) => [session.id, session.clientId]));
  const unsigned = new Map<string, number>();
  for (const note of notes) {
    const clientId = clientOfSession.get(note.sessionId);
    if (note.status !== 'signed' && clientId) unsigned.set(clientId, (unsigned.get(clientId) ?? 0) + 1);
  }

  const last = new Map<string, SessionMoment>();
  const next = new Map<string, SessionMoment>();
  const made = new Set<string>();
  for (const session of sessions) {
    if (session.standing) made.add(`${session.standing.appointmentId}|${session.standing.date}`);
    if (session.status === 'cancelled' || session.status === 'late-cancel') continue;
    const when = at(session);
    const candidate = moment(session.id, session.date, session.startTime);
    if (when <= nowAt) {
      const known = last.get(session.clientId);
      if (!known || at(known) < when) last.set(session.clientId, candidate);
    } else {
      const known = next.get(session.clientId);
      if (!known || at(known) > when) next.set(session.clientId, candidate);
    }
  }
  for (const appointment of appointments) {
    for (let day = 0; day < STANDING_LOOKAHEAD_DAYS; day += 1) {
      const date = addDays(now.date, day);
      if (!occursOn(appointment, date) || made.has(`${appointment.id}|${date}`)) continue;
      const candidate = moment(null, date, appointment.startTime);
      if (at(candidate) <= nowAt) continue;
      const known = next.get(appointment.clientId);
      if (!known || at(known) > at(candidate)) next.set(appointment.clientId, candidate);
      break;
    }
  }

  return [...clients].sort(compareByFamilyName).map((client) => ({
    client,
    lastSession: last.get(client.id) ?? null,
    nextSession: next.get(client.id) ?? null,
    unsignedNotes: unsigned.get(client.id) ?? 0,
  }));
}
