import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, wallClockOf } from '../../../shared/domain/calendar';
import { createdVault } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';

const time = new FakeTime();
let made: Awaited<ReturnType<typeof createdVault>>;
const today = () => wallClockOf(time.now()).date;

beforeAll(async () => {
  made = await createdVault({ clock: time });
});
afterAll(async () => {
  await made?.dispose();
});

describe('the client overview', () => {
  it('sorts by family name and gives each client last and next session and unsigned notes', () => {
    const vault = made.vault;
    const ortiz = vault.clients.create({ name: 'Tomás Ortiz' });
    const abel = vault.clients.create({ name: 'Zoe Abel' });
    const cruz = vault.clients.create({ name: 'Ana de la Cruz', sortAs: 'Cruz' });
    const session = (clientId: string, offset: number, startTime = '10:00', status?: 'cancelled') =>
      vault.sessions.create({
        clientId,
        date: addDays(today(), offset),
        startTime,
        endTime: `${String(Number(startTime.slice(0, 2)) + 1).padStart(2, '0')}:00`,
        modality: 'video',
        ...(status ? { status } : {}),
      });
    const lastWeek = session(ortiz.id, -7);
    const yesterday = session(ortiz.id, -1);
    session(ortiz.id, 1, '09:00', 'cancelled');
    const nextWeek = session(ortiz.id, 7);
    vault.progressNotes.saveDraft({ sessionId: lastWeek.id, templateId: 'SOAP', fields: {} });
    const signed = vault.progressNotes.saveDraft({ sessionId: yesterday.id, templateId: 'SOAP', fields: { plan: 'p' } });
    vault.progressNotes.sign(signed.id, 'Dr Overview');
    vault.progressNotes.saveDraft({ sessionId: nextWeek.id, templateId: 'SOAP', fields: {} });
    vault.standingAppointments.create({
      clientId: cruz.id,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTime: '23:00',
      durationMinutes: 30,
      modality: 'phone',
      startDate: today(),
    });

    const rows = vault.clients.overview();
    expect(rows.map((row) => row.client.name)).toEqual(['Zoe Abel', 'Ana de la Cruz', 'Tomás Ortiz']);
    const [abelRow, cruzRow, ortizRow] = rows;
    expect(abelRow).toEqual({ client: abel, lastSession: null, nextSession: null, unsignedNotes: 0 });
    expect(ortizRow).toMatchObject({
      lastSession: { sessionId: yesterday.id, date: yesterday.date, startTime: '10:00' },
      nextSession: { sessionId: nextWeek.id, date: nextWeek.date },
      unsignedNotes: 2,
    });
    expect(cruzRow?.nextSession).toEqual({ sessionId: null, date: today(), startTime: '23:00' });
    expect(vault.sessions.listForClient(cruz.id)).toEqual([]);
    expect(vault.clients.overview({ includeArchived: false })).toHaveLength(3);
    vault.clients.setArchived(abel.id, true);
    expect(vault.clients.overview().map((row) => row.client.id)).not.toContain(abel.id);
    expect(vault.clients.overview({ includeArchived: true }).map((row) => row.client.id)).toContain(abel.id);
  });
});
