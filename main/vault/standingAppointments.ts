/*
 * Standing appointments: a client's recurring slot (weekdays, start time,
 * length, modality, location, from a start date until an optional end date).
 *
 * Sessions are made from them on demand, not ahead: when the agenda, the
 * overlap check or the client list asks about a day, the sessions that day
 * should have are made if missing. Making them is idempotent (a session
 * remembers the appointment and the day it was made for), so asking twice
 * makes nothing new, a deleted one stays deleted (its day is skipped), and
 * no row exists for months nobody looked at. Days before the appointment was
 * entered get nothing, so setting one up never back-fills a past the
 * therapist did not hold.
 */
import { VaultError } from '../../shared/errors';
import { isoWeekday, timeAfter, wallClockOf } from '../../shared/domain/calendar';
import type { Client, Session, StandingAppointment } from '../../shared/domain/records';
import type { StandingAppointmentInput } from '../../shared/domain/schemas';
import { rowIdSchema, standingAppointmentInputSchema } from '../../shared/domain/schemas';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import { insertRow, readRows, replaceRow, requireRow } from './rows';
import { insertSession, listSessionsForClient, retireUntouchedSession } from './sessions';
import { parseInput } from './validate';

function byStart(a: StandingAppointment, b: StandingAppointment): number {
  return a.startDate.localeCompare(b.startDate) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

export function createStandingAppointment(ctx: VaultContext, input: StandingAppointmentInput): StandingAppointment {
  const fields = parseInput(standingAppointmentInputSchema, input);
  getClient(ctx, fields.clientId);
  const now = isoNow(ctx);
  const appointment: StandingAppointment = {
    ...fields,
    weekdays: [...fields.weekdays].sort(),
    skippedDates: [],
    id: newId(ctx.sodium),
    createdAt: now,
    updatedAt: now,
  };
  insertRow(ctx, 'standing_appointments', appointment.id, appointment.clientId, appointment);
  return appointment;
}

export function getStandingAppointment(ctx: VaultContext, id: string): StandingAppointment {
  parseInput(rowIdSchema, id);
  return requireRow<StandingAppointment>(ctx, 'standing_appointments', id, 'Standing appointment');
}

/** A client's standing appointments, earliest start first. */
export function listStandingAppointmentsForClient(ctx: VaultContext, clientId: string): StandingAppointment[] {
  getClient(ctx, clientId);
  return readRows<StandingAppointment>(ctx, 'standing_appointments', clientId).sort(byStart);
}

/** The session the appointment gives a day, before it has an id. */
function sessionFor(appointment: StandingAppointment, date: string): Omit<Session, 'id' | 'createdAt'> {
  return {
    clientId: appointment.clientId,
    date,
    startTime: appointment.startTime,
    endTime: timeAfter(appointment.startTime, appointment.durationMinutes),
    modality: appointment.modality,
    ...(appointment.location ? { location: appointment.location } : {}),
    status: 'scheduled',
    standing: { appointmentId: appointment.id, date },
  };
}

/** Whether the appointment gives this day a session: its weekday, within its dates, not before it was entered, not skipped. */
export function occursOn(appointment: StandingAppointment, date: string): boolean {
  const enteredOn = wallClockOf(Date.parse(appointment.createdAt)).date;
  return (
    appointment.weekdays.includes(isoWeekday(date)) &&
    date >= appointment.startDate &&
    (appointment.endDate === undefined || date <= appointment.endDate) &&
    date >= enteredOn &&
    !appointment.skippedDates.includes(date)
  );
}

/**
 * Changes the rule. Sessions it made for today or later that nobody has
 * touched (still scheduled, at the old time and place, with no note) go, and
 * the days ask for them again under the new rule; everything else stays.
 */
export function updateStandingAppointment(ctx: VaultContext, id: string, input: StandingAppointmentInput): StandingAppointment {
  const fields = parseInput(standingAppointmentInputSchema, input);
  return ctx.db.transaction(() => {
    const current = getStandingAppointment(ctx, id);
    if (fields.clientId !== current.clientId) {
      throw new VaultError('INVALID_INPUT', 'A standing appointment cannot move to another client');
    }
    const today = wallClockOf(ctx.clock.now()).date;
    for (const session of listSessionsForClient(ctx, current.clientId)) {
      if (session.standing?.appointmentId !== id || session.date < today) continue;
      const untouched = sessionFor(current, session.standing.date);
      const same =
        session.date === untouched.date &&
        session.startTime === untouched.startTime &&
        session.endTime === untouched.endTime &&
        session.modality === untouched.modality &&
        (session.location ?? '') === (untouched.location ?? '');
      if (same) retireUntouchedSession(ctx, session);
    }
    const next: StandingAppointment = {
      ...fields,
      weekdays: [...fields.weekdays].sort(),
      skippedDates: current.skippedDates,
      id,
      createdAt: current.createdAt,
      updatedAt: isoNow(ctx),
    };
    replaceRow(ctx, 'standing_appointments', id, next);
    return next;
  }).immediate();
}

/**
 * Makes the sessions the standing appointments give these days and that do
 * not exist yet; archived clients get none. Returns how many were made.
 */
export function materializeDays(ctx: VaultContext, dates: readonly string[]): number {
  const appointments = readRows<StandingAppointment>(ctx, 'standing_appointments');
  if (appointments.length === 0 || dates.length === 0) return 0;
  return ctx.db.transaction(() => {
    let made = 0;
    const clients = new Map<string, Client>();
    const existing = new Map<string, Set<string>>();
    for (const appointment of appointments) {
      const due = dates.filter((date) => occursOn(appointment, date));
      if (due.length === 0) continue;
      const client = clients.get(appointment.clientId) ?? getClient(ctx, appointment.clientId);
      clients.set(client.id, client);
      if (client.archived) continue;
      let madeFor = existing.get(client.id);
      if (!madeFor) {
        madeFor = new Set(
          listSessionsForClient(ctx, client.id).flatMap((session) =>
            session.standing ? [`${session.standing.appointmentId}|${session.standing.date}`] : [],
          ),
        );
        existing.set(client.id, madeFor);
      }
      for (const date of due) {
        const key = `${appointment.id}|${date}`;
        if (madeFor.has(key)) continue;
        insertSession(ctx, { ...sessionFor(appointment, date), id: newId(ctx.sodium), createdAt: isoNow(ctx) });
        madeFor.add(key);
        made += 1;
      }
    }
    return made;
  }).immediate();
}
