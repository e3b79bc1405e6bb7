import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoWeekday, wallClockOf, weekStart } from '../../../shared/domain/calendar';
import type { Client } from '../../../shared/domain/records';
import type { StandingAppointmentInput } from '../../../shared/domain/schemas';
import { createdVault } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import { expectCode } from './tamper';

const time = new FakeTime();
let made: Awaited<ReturnType<typeof createdVault>>;
const today = () => wallClockOf(time.now()).date;
/** Monday of next week: a whole week after the appointment was entered. */
const nextMonday = () => addDays(weekStart(today()), 7);

beforeAll(async () => {
  made = await createdVault({ clock: time });
});
afterAll(async () => {
  await made?.dispose();
});

const vault = () => made.vault;
const newClient = (name: string): Client => vault().clients.create({ name });
const rule = (client: Client, extra: Partial<StandingAppointmentInput> = {}): StandingAppointmentInput => ({
  clientId: client.id,
  weekdays: [1, 3],
  startTime: '14:00',
  durationMinutes: 50,
  modality: 'video',
  startDate: today(),
  ...extra,
});
const weekOf = (monday: string, clientId: string) =>
  vault().agenda.range(monday, addDays(monday, 6)).filter((entry) => entry.clientId === clientId);

describe('standing appointments', () => {
  it('are stored and listed per client', () => {
    const client = newClient('Standing Stored');
    const appointment = vault().standingAppointments.create(rule(client, { weekdays: [3, 1], location: 'Room 1' }));
    expect(appointment).toMatchObject({ ...rule(client), weekdays: [1, 3], location: 'Room 1', skippedDates: [] });
    expect(vault().standingAppointments.listForClient(client.id)).toEqual([appointment]);
    expect(vault().standingAppointments.get(appointment.id)).toEqual(appointment);
  });

  it('refuse repeated or impossible weekdays, a session past midnight, an end before the start and another client', async () => {
    const client = newClient('Standing Refused');
    const other = newClient('Standing Other');
    const bad: unknown[] = [
      rule(client, { weekdays: [] }),
      rule(client, { weekdays: [1, 1] }),
      rule(client, { weekdays: [0] }),
      rule(client, { weekdays: [8] }),
      rule(client, { startTime: '23:30', durationMinutes: 30 }),
      rule(client, { durationMinutes: 0 }),
      rule(client, { endDate: addDays(today(), -1) }),
      { ...rule(client), extra: 1 },
    ];
    for (const input of bad) {
      await expectCode(() => vault().standingAppointments.create(input as StandingAppointmentInput), 'INVALID_INPUT');
    }
    const appointment = vault().standingAppointments.create(rule(client));
    await expectCode(() => vault().standingAppointments.update(appointment.id, rule(other)), 'INVALID_INPUT');
    await expectCode(() => vault().standingAppointments.create(rule({ ...client, id: 'f'.repeat(32) })), 'NOT_FOUND');
  });

  it('give the agenda a session on each of its weekdays at its time, made once however often the week is asked for', () => {
    const client = newClient('Standing Weekly');
    const appointment = vault().standingAppointments.create(rule(client, { location: 'Room 5' }));
    const first = weekOf(nextMonday(), client.id);
    expect(first.map((entry) => [isoWeekday(entry.date), entry.startTime, entry.endTime])).toEqual([
      [1, '14:00', '14:50'],
      [3, '14:00', '14:50'],
    ]);
    expect(first[0]).toMatchObject({
      modality: 'video',
      location: 'Room 5',
      status: 'scheduled',
      clientName: 'Standing Weekly',
      note: null,
      standing: { appointmentId: appointment.id, date: nextMonday() },
    });
    expect(weekOf(nextMonday(), client.id)).toEqual(first);
    expect(vault().sessions.listForClient(client.id)).toHaveLength(2);
  });

  it('make nothing for days before it was entered, or for an archived client', () => {
    const client = newClient('Standing Past');
    vault().standingAppointments.create(rule(client, { startDate: addDays(today(), -60), weekdays: [1, 2, 3, 4, 5, 6, 7] }));
    expect(vault().agenda.range(addDays(today(), -30), addDays(today(), -1)).filter((e) => e.clientId === client.id)).toEqual([]);
    const archived = newClient('Standing Archived');
    vault().standingAppointments.create(rule(archived));
    vault().clients.setArchived(archived.id, true);
    expect(weekOf(nextMonday(), archived.id)).toEqual([]);
  });

  it('stop at the end date', () => {
    const client = newClient('Standing Ending');
    vault().standingAppointments.create(rule(client, { endDate: addDays(nextMonday(), 1) }));
    expect(weekOf(nextMonday(), client.id)).toHaveLength(1);
    expect(weekOf(addDays(nextMonday(), 7), client.id)).toEqual([]);
  });

  it('never make again a session that was deleted', () => {
    const client = newClient('Standing Deleted');
    const appointment = vault().standingAppointments.create(rule(client));
    const [monday] = weekOf(nextMonday(), client.id);
    vault().sessions.remove(monday!.id);
    expect(weekOf(nextMonday(), client.id).map((entry) => isoWeekday(entry.date))).toEqual([3]);
    expect(vault().standingAppointments.get(appointment.id).skippedDates).toEqual([nextMonday()]);
  });

  it('keep a moved session on its new day without making another on the old one', () => {
    const client = newClient('Standing Moved');
    vault().standingAppointments.create(rule(client));
    const [monday] = weekOf(nextMonday(), client.id);
    const tuesday = addDays(nextMonday(), 1);
    const { clientId, startTime, endTime, modality } = monday!;
    vault().sessions.update(monday!.id, { clientId, date: tuesday, startTime, endTime, modality });
    expect(weekOf(nextMonday(), client.id).map((entry) => entry.date)).toEqual([tuesday, addDays(nextMonday(), 2)]);
  });

  it('when changed, remake untouched future sessions under the new rule and keep those touched', () => {
    const client = newClient('Standing Changed');
    const appointment = vault().standingAppointments.create(rule(client));
    const [monday, wednesday] = weekOf(nextMonday(), client.id);
    vault().progressNotes.saveDraft({ sessionId: wednesday!.id, templateId: 'SOAP', fields: { plan: 'Prepared ahead.' } });
    vault().standingAppointments.update(appointment.id, rule(client, { startTime: '16:00', durationMinutes: 45, weekdays: [1, 3, 5] }));
    const week = weekOf(nextMonday(), client.id);
    expect(week.map((entry) => [isoWeekday(entry.date), entry.startTime, entry.endTime])).toEqual([
      [1, '16:00', '16:45'],
      [3, '14:00', '14:50'],
      [5, '16:00', '16:45'],
    ]);
    expect(week.map((entry) => entry.id)).not.toContain(monday!.id);
    expect(week[1]!.id).toBe(wednesday!.id);
  });
});

describe('the agenda', () => {
  it('lists every client in time order with the note state, and refuses more than six weeks', async () => {
    const a = newClient('Agenda Alpha');
    const b = newClient('Agenda Beta');
    const day = addDays(nextMonday(), 14);
    const late = vault().sessions.create({ clientId: a.id, date: day, startTime: '11:00', endTime: '11:50', modality: 'phone' });
    const early = vault().sessions.create({ clientId: b.id, date: day, startTime: '08:00', endTime: '08:50', modality: 'phone' });
    const note = vault().progressNotes.saveDraft({ sessionId: late.id, templateId: 'DAP', fields: { data: 'x' } });
    vault().progressNotes.sign(note.id, 'Dr Agenda');
    const entries = vault().agenda.range(day, day).filter((e) => [a.id, b.id].includes(e.clientId));
    expect(entries.map((e) => [e.clientName, e.startTime, e.note?.status ?? null])).toEqual([
      ['Agenda Beta', '08:00', null],
      ['Agenda Alpha', '11:00', 'signed'],
    ]);
    expect(early.id).toBe(entries[0]!.id);
    await expectCode(() => vault().agenda.range(day, addDays(day, 42)), 'INVALID_INPUT');
    await expectCode(() => vault().agenda.range(day, addDays(day, -1)), 'INVALID_INPUT');
    await expectCode(() => vault().agenda.range('2026-02-30', day), 'INVALID_INPUT');
  });
});

describe('overlaps', () => {
  it('name sessions of any client sharing a minute, not touching ones, cancelled ones or the session itself', () => {
    const a = newClient('Overlap Alpha');
    const b = newClient('Overlap Beta');
    const day = addDays(nextMonday(), 22);
    const held = vault().sessions.create({ clientId: a.id, date: day, startTime: '10:00', endTime: '10:50', modality: 'in-person' });
    vault().sessions.create({ clientId: b.id, date: day, startTime: '12:00', endTime: '12:50', modality: 'in-person', status: 'cancelled' });
    const query = (startTime: string, endTime: string, excludeSessionId?: string) =>
      vault().sessions.findOverlaps({ date: day, startTime, endTime, ...(excludeSessionId ? { excludeSessionId } : {}) });
    expect(query('10:30', '11:20')).toEqual([
      { sessionId: held.id, clientId: a.id, clientName: 'Overlap Alpha', date: day, startTime: '10:00', endTime: '10:50' },
    ]);
    expect(query('09:00', '12:00').map((o) => o.sessionId)).toEqual([held.id]);
    expect(query('10:50', '11:40')).toEqual([]);
    expect(query('09:10', '10:00')).toEqual([]);
    expect(query('12:00', '12:50')).toEqual([]);
    expect(query('10:00', '10:50', held.id)).toEqual([]);
  });

  it('see the session a standing appointment gives a day nobody has looked at yet', () => {
    const client = newClient('Overlap Standing');
    vault().standingAppointments.create(rule(client, { weekdays: [5], startTime: '07:00' }));
    const friday = addDays(nextMonday(), 4 + 28);
    const overlaps = vault().sessions.findOverlaps({ date: friday, startTime: '07:30', endTime: '08:00' });
    expect(overlaps.map((o) => [o.clientName, o.startTime])).toEqual([['Overlap Standing', '07:00']]);
  });
});
