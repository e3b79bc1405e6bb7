import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../shared/domain/records';
import type { SessionInput } from '../../../shared/domain/schemas';
import { defaultStatus } from '../../../main/vault/sessions';
import { createdVault, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { expectCode } from './tamper';

let made: Awaited<ReturnType<typeof createdVault>>;
let client: Client;
let other: Client;

beforeAll(async () => {
  made = await createdVault();
  client = made.vault.clients.create({ name: 'Session Client' });
  other = made.vault.clients.create({ name: 'Other Client' });
});
afterAll(async () => {
  await made?.dispose();
});

const sessions = () => made.vault.sessions;
const base = (): SessionInput => ({
  clientId: client.id,
  date: '2026-04-14',
  startTime: '10:00',
  endTime: '10:50',
  modality: 'in-person',
});

describe('sessions', () => {
  it('are created for a client and read back as written', () => {
    const session = sessions().create({ ...base(), location: 'Room 2' });
    expect(session).toMatchObject({ ...base(), location: 'Room 2' });
    expect(session.id).toMatch(/^[0-9a-f]{32}$/);
    expect(sessions().get(session.id)).toEqual(session);
  });

  it('are listed per client, newest first by date then start time', () => {
    const mine = [
      { date: '2026-05-01', startTime: '09:00', endTime: '09:50' },
      { date: '2026-05-03', startTime: '08:00', endTime: '08:50' },
      { date: '2026-05-03', startTime: '15:00', endTime: '15:50' },
      { date: '2025-12-31', startTime: '11:00', endTime: '11:50' },
    ].map((times) => sessions().create({ ...base(), clientId: other.id, ...times }));
    const listed = sessions().listForClient(other.id);
    expect(listed.map((s) => s.id)).toEqual([mine[2]!.id, mine[1]!.id, mine[0]!.id, mine[3]!.id]);
    expect(sessions().listForClient(client.id).every((s) => s.clientId === client.id)).toBe(true);
  });

  it('are updated in place but never moved to another client', async () => {
    const session = sessions().create(base());
    const updated = sessions().update(session.id, { ...base(), modality: 'video', endTime: '11:00' });
    expect(updated).toEqual({ ...session, modality: 'video', endTime: '11:00' });
    expect(sessions().get(session.id)).toEqual(updated);
    await expectCode(() => sessions().update(session.id, { ...base(), clientId: other.id }), 'INVALID_INPUT');
    expect(sessions().get(session.id).clientId).toBe(client.id);
  });

  it('refuse invalid input with INVALID_INPUT', async () => {
    const bad: unknown[] = [
      { ...base(), endTime: '09:59' },
      { ...base(), endTime: '10:00' },
      { ...base(), date: '2026-13-01' },
      { ...base(), date: '14/04/2026' },
      { ...base(), startTime: '24:00' },
      { ...base(), modality: 'telepathy' },
      { ...base(), clientId: 'not-an-id' },
      { ...base(), extra: true },
    ];
    for (const input of bad) await expectCode(() => sessions().create(input as SessionInput), 'INVALID_INPUT');
  });

  it('need an existing client, and answer NOT_FOUND for unknown ids', async () => {
    await expectCode(() => sessions().create({ ...base(), clientId: 'f'.repeat(32) }), 'NOT_FOUND');
    await expectCode(() => sessions().get('f'.repeat(32)), 'NOT_FOUND');
    await expectCode(() => sessions().listForClient('f'.repeat(32)), 'NOT_FOUND');
  });
});

describe('session status', () => {
  it('is scheduled for a new session unless given, and kept when an edit leaves it out', () => {
    const session = sessions().create(base());
    expect(session.status).toBe('scheduled');
    const attended = sessions().update(session.id, { ...base(), status: 'attended' });
    expect(attended.status).toBe('attended');
    expect(sessions().update(session.id, { ...base(), location: 'Room 4' }).status).toBe('attended');
    expect(sessions().create({ ...base(), status: 'no-show' }).status).toBe('no-show');
  });

  it('becomes attended when the note of a scheduled session is signed, audited, while a no-show keeps its status', () => {
    const scheduled = sessions().create(base());
    const noShow = sessions().create({ ...base(), startTime: '11:00', endTime: '11:50', status: 'no-show' });
    for (const session of [scheduled, noShow]) {
      const draft = made.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'DAP', fields: { data: 'Seen.' } });
      made.vault.progressNotes.sign(draft.id, 'Dr Test');
    }
    expect(sessions().get(scheduled.id).status).toBe('attended');
    expect(sessions().get(noShow.id).status).toBe('no-show');
    const events = made.vault.audit.list().slice(-3).map((entry) => [entry.event, entry.detail]);
    expect(events).toEqual([
      ['session.updated', { sessionId: scheduled.id, changed: 'status' }],
      ['progressNote.signed', expect.anything()],
      ['progressNote.signed', expect.anything()],
    ]);
  });

  it('refuses a status that is not one of the five', async () => {
    await expectCode(() => sessions().create({ ...base(), status: 'rescheduled' } as unknown as SessionInput), 'INVALID_INPUT');
  });

  it('defaults, for rows stored without one, to attended once the session has ended by the wall clock and scheduled before', () => {
    const now = { date: '2026-04-14', time: '10:50' };
    expect(defaultStatus({ date: '2026-04-13', endTime: '23:59' }, now)).toBe('attended');
    expect(defaultStatus({ date: '2026-04-14', endTime: '10:50' }, now)).toBe('attended');
    expect(defaultStatus({ date: '2026-04-14', endTime: '10:51' }, now)).toBe('scheduled');
    expect(defaultStatus({ date: '2026-04-15', endTime: '08:00' }, now)).toBe('scheduled');
  });
});

describe('editing a session', () => {
  it('is audited with the names of the fields that changed, never their values', () => {
    const session = sessions().create({ ...base(), location: 'Room 2' });
    sessions().update(session.id, { ...base(), startTime: '10:10', endTime: '11:00', location: 'Room 9' });
    const entry = made.vault.audit.list().at(-1);
    expect(entry).toMatchObject({ event: 'session.updated', detail: { sessionId: session.id, changed: 'startTime,endTime,location' } });
    expect(JSON.stringify(entry)).not.toContain('Room 9');
    const before = made.vault.audit.list().length;
    sessions().update(session.id, { ...base(), startTime: '10:10', endTime: '11:00', location: 'Room 9' });
    expect(made.vault.audit.list()).toHaveLength(before);
  });

  it('is refused with NOTE_SIGNED for every field once the progress note is signed, and the session stays as signed', async () => {
    const session = sessions().create({ ...base(), location: 'Room 2' });
    const draft = made.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { plan: 'Continue.' } });
    sessions().update(session.id, { ...base(), location: 'Room 3' });
    made.vault.progressNotes.sign(draft.id, 'Dr Test');
    const signed = sessions().get(session.id);
    const attempts: SessionInput[] = [
      { ...base(), location: 'Room 3', date: '2026-04-15' },
      { ...base(), location: 'Room 3', startTime: '09:00' },
      { ...base(), location: 'Room 3', endTime: '11:30' },
      { ...base(), location: 'Room 3', modality: 'video' },
      { ...base(), location: 'Elsewhere' },
      { ...base(), location: 'Room 3', status: 'cancelled' },
      { ...base(), location: 'Room 3' },
    ];
    for (const attempt of attempts) await expectCode(() => sessions().update(session.id, attempt), 'NOTE_SIGNED');
    expect(sessions().get(session.id)).toEqual(signed);
    await expectCode(() => sessions().remove(session.id), 'SESSION_HAS_NOTES');
  });
});

describe('deleting a session', () => {
  it('removes one with no note, audited by id', async () => {
    const session = sessions().create(base());
    sessions().remove(session.id);
    await expectCode(() => sessions().get(session.id), 'NOT_FOUND');
    expect(made.vault.audit.list().at(-1)).toMatchObject({ event: 'session.deleted', detail: { sessionId: session.id } });
    await expectCode(() => sessions().remove(session.id), 'NOT_FOUND');
  });

  it('is refused with SESSION_HAS_NOTES while a draft exists', async () => {
    const session = sessions().create(base());
    made.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'DAP', fields: {} });
    await expectCode(() => sessions().remove(session.id), 'SESSION_HAS_NOTES');
    expect(sessions().get(session.id).id).toBe(session.id);
  });

  it('is refused while a psychotherapy note exists, even with that compartment closed', async () => {
    const session = sessions().create(base());
    await made.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    made.vault.psychotherapyNotes.create({ sessionId: session.id, text: 'Process note.' });
    made.vault.closePsychotherapy();
    await expectCode(() => sessions().remove(session.id), 'SESSION_HAS_NOTES');
    expect(sessions().get(session.id).id).toBe(session.id);
  });

  it('is refused while a note sealed by quick capture waits for the compartment to open', async () => {
    const session = sessions().create(base());
    made.vault.sealedCapture.capture({ sessionId: session.id, text: 'Captured between clients.' });
    await expectCode(() => sessions().remove(session.id), 'SESSION_HAS_NOTES');
    expect(sessions().get(session.id).id).toBe(session.id);
  });
});
