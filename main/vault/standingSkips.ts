/*
 * The one change a session makes to its standing appointment: when it is
 * deleted, its day is recorded as skipped so the appointment never makes it
 * again. Apart from standingAppointments.ts so sessions.ts can call it
 * without a cycle.
 */
import type { StandingAppointment } from '../../shared/domain/records';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { readRow, replaceRow } from './rows';

export function skipStandingDate(ctx: VaultContext, appointmentId: string, date: string): void {
  const appointment = readRow<StandingAppointment>(ctx, 'standing_appointments', appointmentId);
  if (!appointment || appointment.skippedDates.includes(date)) return;
  replaceRow(ctx, 'standing_appointments', appointmentId, {
    ...appointment,
    skippedDates: [...appointment.skippedDates, date].sort(),
    updatedAt: isoNow(ctx),
  });
}
