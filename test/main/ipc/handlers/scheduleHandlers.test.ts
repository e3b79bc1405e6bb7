import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, wallClockOf, weekStart } from '../../../../shared/domain/calendar';
import type { AgendaEntry, Client, ClientOverview, ProgressNote, Session, SessionOverlap, StandingAppointment } from '../../../../shared/domain/records';
import type { IpcResult } from '../../../../shared/ipc/result';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { scheduleHandlers } from '../../../../main/ipc/handlers/scheduleHandlers';
import type { Vault } from '../../../../main/vault/vaultApi';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../../helpers/tempVault';

const MISSING_ID = 'f'.repeat(32);

let vault: Vault;
let dispose: () => Promise<void>;
let dispatch: ReturnType<typeof createDispatcher>;
let client: Client;

beforeAll(async () => {
  const made = await createdVault();
  vault = made.vault;
  dispose = made.dispose;
  dispatch = createDispatcher(testServices(vault));
  vault.settings.save({ ...vault.settings.get(), clinicianName: 'Dr Schedule' });
  client = await data<Client>('clients.create', { client: { name: 'Tomás Schedule', sortAs: 'Schedule' } });
});
afterAll(() => dispose());

async function data<T>(channel: string, request: unknown): Promise<T> {
  const reply = await dispatch(channel, request);
  if (!reply.ok) throw new Error(`${channel} failed with ${reply.error.code}`);
  return reply.data as T;
}

const codeOf = (reply: IpcResult<unknown>) => (reply.ok ? null : reply.error.code);
const today = () => wallClockOf(Date.now()).date;
const nextMonday = () => addDays(weekStart(today()), 7);
const sessionInput = (date: string, extra: object = {}) => ({
  clientId: client.id,
  date,
  startTime: '10:00',
  endTime: '10:50',
  modality: 'in-person',
  ...extra,
});

describe('a session whose note is signed, through IPC', () => {
  it('refuses every change with NOTE_SIGNED and cannot be deleted', async () => {
    const session = await data<Session>('sessions.create', { session: sessionInput('2026-01-05', { location: 'Room 1' }) });
    const note = await data<ProgressNote>('progressNotes.saveDraft', { sessionId: session.id, templateId: 'SOAP', fields: { plan: 'p' }, basedOn: null });
    await data('progressNotes.sign', { noteId: note.id });
    const signed = await data<Session>('sessions.get', { id: session.id });
    expect(signed).toEqual({ ...session, status: 'attended' });
    const attempts = [
      sessionInput('2026-01-06', { location: 'Room 1' }),
      sessionInput('2026-01-05', { location: 'Room 1', startTime: '09:00' }),
      sessionInput('2026-01-05', { location: 'Room 1', modality: 'video' }),
      sessionInput('2026-01-05', { location: 'Room 7' }),
      sessionInput('2026-01-05', { location: 'Room 1', status: 'no-show' }),
    ];
    for (const attempt of attempts) {
      expect(codeOf(await dispatch('sessions.update', { id: session.id, session: attempt }))).toBe('NOTE_SIGNED');
    }
    expect(codeOf(await dispatch('sessions.remove', { id: session.id }))).toBe('SESSION_HAS_NOTES');
    expect(await data<Session>('sessions.get', { id: session.id })).toEqual(signed);
  });

  it('refuses fields a caller slips in to forge a standing link or a creation time', async () => {
    const session = await data<Session>('sessions.create', { session: sessionInput('2026-01-12') });
    for (const extra of [{ standing: { appointmentId: MISSING_ID, date: '2026-01-12' } }, { createdAt: '2020-01-01T00:00:00.000Z' }, { id: MISSING_ID }]) {
      expect(codeOf(await dispatch('sessions.update', { id: session.id, session: sessionInput('2026-01-12', extra) }))).toBe('INVALID_INPUT');
    }
    expect(codeOf(await dispatch('sessions.update', { id: session.id, session: sessionInput('2026-01-12', { status: 'maybe' }) }))).toBe('INVALID_INPUT');
  });
});

describe('sessions.remove', () => {
  it('deletes a session without notes, and refuses one with a psychotherapy note whatever the compartment state', async () => {
    const empty = await data<Session>('sessions.create', { session: sessionInput('2026-02-02') });
    expect(await data('sessions.remove', { id: empty.id })).toBeNull();
    expect(codeOf(await dispatch('sessions.get', { id: empty.id }))).toBe('NOT_FOUND');
    const withPrivate = await data<Session>('sessions.create', { session: sessionInput('2026-02-03') });
    await data('psychotherapy.open', { passphrase: PSYCH_PASSPHRASE });
    await data('psychotherapyNotes.create', { sessionId: withPrivate.id, text: 'private' });
    await data('psychotherapy.close', {});
    expect(codeOf(await dispatch('sessions.remove', { id: withPrivate.id }))).toBe('SESSION_HAS_NOTES');
    expect(codeOf(await dispatch('sessions.remove', { id: MISSING_ID }))).toBe('NOT_FOUND');
    expect(codeOf(await dispatch('sessions.remove', { id: 'not an id' }))).toBe('INVALID_INPUT');
  });
});

describe('sessions.overlaps', () => {
  it('reports sessions of any client at the same time, naming the client', async () => {
    const other = await data<Client>('clients.create', { client: { name: 'Overlap Other' } });
    const booked = await data<Session>('sessions.create', { session: { ...sessionInput('2026-03-03'), clientId: other.id } });
    const overlaps = await data<SessionOverlap[]>('sessions.overlaps', { date: '2026-03-03', startTime: '10:30', endTime: '11:00' });
    expect(overlaps).toEqual([
      { sessionId: booked.id, clientId: other.id, clientName: 'Overlap Other', date: '2026-03-03', startTime: '10:00', endTime: '10:50' },
    ]);
    expect(await data('sessions.overlaps', { date: '2026-03-03', startTime: '10:30', endTime: '11:00', excludeSessionId: booked.id })).toEqual([]);
    expect(codeOf(await dispatch('sessions.overlaps', { date: '2026-03-03', startTime: '11:00', endTime: '10:00' }))).toBe('INVALID_INPUT');
  });
});

describe('standing appointments and the agenda, through IPC', () => {
  it('a standing appointment puts its sessions in the agenda at its time, and an update moves the untouched ones', async () => {
    const appointment = await data<StandingAppointment>('standingAppointments.create', {
      appointment: { clientId: client.id, weekdays: [2], startTime: '15:30', durationMinutes: 45, modality: 'video', startDate: today() },
    });
    expect(await data('standingAppointments.listForClient', { clientId: client.id })).toEqual([appointment]);
    const week = () => data<AgendaEntry[]>('agenda.range', { from: nextMonday(), to: addDays(nextMonday(), 6) });
    expect((await week()).map((e) => [e.clientName, e.date, e.startTime, e.endTime, e.status, e.note])).toEqual([
      ['Tomás Schedule', addDays(nextMonday(), 1), '15:30', '16:15', 'scheduled', null],
    ]);
    await data('standingAppointments.update', {
      id: appointment.id,
      appointment: { clientId: client.id, weekdays: [2], startTime: '08:00', durationMinutes: 60, modality: 'video', startDate: today() },
    });
    expect((await week()).map((e) => [e.startTime, e.endTime])).toEqual([['08:00', '09:00']]);
    expect(codeOf(await dispatch('agenda.range', { from: nextMonday(), to: addDays(nextMonday(), 60) }))).toBe('INVALID_INPUT');
    expect(
      codeOf(await dispatch('standingAppointments.create', { appointment: { clientId: client.id, weekdays: [9], startTime: '08:00', durationMinutes: 60, modality: 'video', startDate: today() } })),
    ).toBe('INVALID_INPUT');
  });

  it('clients.overview answers every row in one call, sorted by family name', async () => {
    await data<Client>('clients.create', { client: { name: 'Ana Abbott' } });
    const rows = await data<ClientOverview[]>('clients.overview', { includeArchived: false });
    expect(rows.map((row) => row.client.name)).toEqual(['Ana Abbott', 'Overlap Other', 'Tomás Schedule']);
    expect(rows[2]).toMatchObject({ unsignedNotes: 0, nextSession: { startTime: '08:00' } });
  });

  it('every schedule channel answers LOCKED while the vault is locked', async () => {
    const rule = { clientId: client.id, weekdays: [1], startTime: '08:00', durationMinutes: 60, modality: 'video', startDate: today() };
    await vault.lock('manual');
    try {
      const requests: { [C in keyof typeof scheduleHandlers]: unknown } = {
        'agenda.range': { from: '2026-01-01', to: '2026-01-07' },
        'standingAppointments.listForClient': { clientId: MISSING_ID },
        'standingAppointments.create': { appointment: rule },
        'standingAppointments.update': { id: MISSING_ID, appointment: rule },
      };
      for (const [channel, request] of Object.entries(requests)) {
        expect([channel, codeOf(await dispatch(channel, request))]).toEqual([channel, 'LOCKED']);
      }
    } finally {
      await vault.unlock(PASSPHRASE);
    }
  });
});
