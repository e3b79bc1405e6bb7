import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Session } from '../../../shared/domain/records';
import { createdVault } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import { expectCode } from './tamper';

const time = new FakeTime();
let made: Awaited<ReturnType<typeof createdVault>>;

beforeAll(async () => {
  made = await createdVault({ clock: time });
});
afterAll(async () => {
  await made?.dispose();
});

const measures = () => made.vault.measures;
const PHQ9_MODERATE = [2, 2, 1, 2, 1, 1, 1, 0, 1];

function clientWithSession(name = 'Measure Client', date = '2026-02-03'): { client: Client; session: Session } {
  const client = made.vault.clients.create({ name });
  const session = made.vault.sessions.create({ clientId: client.id, date, startTime: '10:00', endTime: '10:50', modality: 'video' });
  return { client, session };
}

describe('recording a measure', () => {
  it('scores the answers in main, dates it by its session and keeps it under that session', () => {
    const { client, session } = clientWithSession();
    const measure = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: PHQ9_MODERATE });
    expect(measure).toMatchObject({
      clientId: client.id,
      sessionId: session.id,
      instrument: 'phq9',
      responses: PHQ9_MODERATE,
      score: 11,
      band: 'moderate',
      risk: true,
      date: '2026-02-03',
    });
    expect(measures().get(measure.id)).toEqual(measure);
    expect(measures().listForClient(client.id)).toEqual([measure]);
  });

  it('refuses a session of another client, and writes nothing', async () => {
    const { client } = clientWithSession('First Client');
    const { session: theirs, client: other } = clientWithSession('Second Client');
    await expectCode(
      () => measures().record({ clientId: client.id, sessionId: theirs.id, instrument: 'phq9', responses: PHQ9_MODERATE }),
      'INVALID_INPUT',
    );
    expect(measures().listForClient(client.id)).toEqual([]);
    expect(measures().listForClient(other.id)).toEqual([]);
  });

  it('refuses a session or client that does not exist', async () => {
    const { client } = clientWithSession();
    await expectCode(
      () => measures().record({ clientId: client.id, sessionId: 'f'.repeat(32), instrument: 'phq9', responses: PHQ9_MODERATE }),
      'NOT_FOUND',
    );
  });

  it.each([
    ['eight PHQ-9 answers', { instrument: 'phq9', responses: [0, 0, 0, 0, 0, 0, 0, 0] }],
    ['an answer of 4', { instrument: 'gad7', responses: [0, 0, 0, 4, 0, 0, 0] }],
    ['an unknown instrument', { instrument: 'phq2', responses: [0, 0] }],
    ['a score of its own', { instrument: 'gad7', responses: [0, 0, 0, 0, 0, 0, 0], score: 21, band: 'severe' }],
  ])('refuses %s as INVALID_INPUT', async (_name, answers) => {
    const { client, session } = clientWithSession();
    await expectCode(() => measures().record({ clientId: client.id, sessionId: session.id, ...answers } as never), 'INVALID_INPUT');
    expect(measures().listForClient(client.id)).toEqual([]);
  });
});

describe('correcting and removing a measure', () => {
  it('rescores corrected answers and keeps the instrument', () => {
    const { client, session } = clientWithSession();
    const measure = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: PHQ9_MODERATE });
    time.advance(60_000);
    const corrected = measures().update(measure.id, [0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(corrected).toMatchObject({ id: measure.id, instrument: 'phq9', score: 1, band: 'minimal', risk: false, createdAt: measure.createdAt });
    expect(corrected.updatedAt > measure.updatedAt).toBe(true);
  });

  it('refuses answers for another instrument', async () => {
    const { client, session } = clientWithSession();
    const measure = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: [1, 1, 1, 1, 1, 1, 1] });
    await expectCode(() => measures().update(measure.id, PHQ9_MODERATE), 'INVALID_INPUT');
    expect(measures().get(measure.id).score).toBe(7);
  });

  it('removes it, and a session holding one cannot be deleted until then', async () => {
    const { client, session } = clientWithSession();
    const measure = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: [1, 1, 1, 1, 1, 1, 1] });
    await expectCode(() => made.vault.sessions.remove(session.id), 'SESSION_HAS_NOTES');
    measures().remove(measure.id);
    expect(measures().listForClient(client.id)).toEqual([]);
    made.vault.sessions.remove(session.id);
  });

  it('is frozen once the session note is signed: no new measure, no correction, no removal', async () => {
    const { client, session } = clientWithSession();
    const measure = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: PHQ9_MODERATE });
    const note = made.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'Seen.' } });
    made.vault.progressNotes.sign(note.id, 'Dana Reyes');
    await expectCode(() => measures().update(measure.id, [0, 0, 0, 0, 0, 0, 0, 0, 0]), 'NOTE_SIGNED');
    await expectCode(() => measures().remove(measure.id), 'NOTE_SIGNED');
    await expectCode(
      () => measures().record({ clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: [0, 0, 0, 0, 0, 0, 0] }),
      'NOTE_SIGNED',
    );
    expect(measures().listForClient(client.id)).toEqual([measure]);
  });
});

describe("a client's measures", () => {
  it('come oldest first across sessions, and follow a session moved to another date', () => {
    const client = made.vault.clients.create({ name: 'Timeline Client' });
    const session = (date: string) =>
      made.vault.sessions.create({ clientId: client.id, date, startTime: '09:00', endTime: '09:50', modality: 'in-person' });
    const later = session('2026-03-10');
    const earlier = session('2026-01-10');
    measures().record({ clientId: client.id, sessionId: later.id, instrument: 'gad7', responses: [0, 0, 0, 0, 0, 0, 1] });
    measures().record({ clientId: client.id, sessionId: earlier.id, instrument: 'gad7', responses: [3, 3, 3, 0, 0, 0, 0] });
    expect(measures().listForClient(client.id).map((measure) => [measure.date, measure.score])).toEqual([
      ['2026-01-10', 9],
      ['2026-03-10', 1],
    ]);
    made.vault.sessions.update(earlier.id, {
      clientId: client.id,
      date: '2026-04-01',
      startTime: '09:00',
      endTime: '09:50',
      modality: 'in-person',
    });
    expect(measures().listForClient(client.id).map((measure) => measure.date)).toEqual(['2026-03-10', '2026-04-01']);
  });
});

describe("PHQ-9's difficulty question", () => {
  it('is stored with the measure when answered, unscored, and corrected or cleared with the answers', () => {
    const { client, session } = clientWithSession('Difficulty Client');
    const plain = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: PHQ9_MODERATE });
    expect(plain).not.toHaveProperty('difficulty');
    const answered = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: PHQ9_MODERATE, difficulty: 'very' });
    expect(answered).toMatchObject({ difficulty: 'very', score: plain.score, band: plain.band });
    expect(measures().get(answered.id).difficulty).toBe('very');
    expect(measures().update(answered.id, PHQ9_MODERATE, 'extremely').difficulty).toBe('extremely');
    expect(measures().update(answered.id, PHQ9_MODERATE)).not.toHaveProperty('difficulty');
    expect(measures().get(answered.id)).not.toHaveProperty('difficulty');
  });

  it('is refused for GAD-7, which does not ask it, and for an answer not on its scale', async () => {
    const { client, session } = clientWithSession('Difficulty Refused');
    const gad = [1, 1, 1, 1, 1, 1, 1];
    await expectCode(
      () => measures().record({ clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: gad, difficulty: 'very' }),
      'INVALID_INPUT',
    );
    await expectCode(
      () => measures().record({ clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: PHQ9_MODERATE, difficulty: 'unbearable' as never }),
      'INVALID_INPUT',
    );
    const recorded = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: gad });
    await expectCode(() => measures().update(recorded.id, gad, 'somewhat'), 'INVALID_INPUT');
    expect(measures().listForClient(client.id)).toEqual([recorded]);
  });
});

describe('the audit log', () => {
  it('records each measure recorded, corrected and removed by id, never its answers or score', () => {
    const { client, session } = clientWithSession('Audited Client');
    const measure = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: PHQ9_MODERATE });
    measures().update(measure.id, [3, 3, 3, 3, 3, 3, 3, 3, 3]);
    measures().remove(measure.id);
    const entries = made.vault.audit.list().filter((entry) => entry.event.startsWith('measure.'));
    expect(entries.slice(-3).map(({ event, detail }) => ({ event, detail }))).toEqual([
      { event: 'measure.recorded', detail: { measureId: measure.id, sessionId: session.id } },
      { event: 'measure.changed', detail: { measureId: measure.id, sessionId: session.id } },
      { event: 'measure.removed', detail: { measureId: measure.id, sessionId: session.id } },
    ]);
    const written = JSON.stringify(entries);
    for (const leak of ['phq9', 'moderate', 'severe', 'score', 'responses']) expect(written).not.toContain(leak);
  });

  it('records nothing for a change refused on a signed session', async () => {
    const { client, session } = clientWithSession('Signed Audit Client');
    const measure = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: [1, 1, 1, 1, 1, 1, 1] });
    const note = made.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'DAP', fields: { data: 'Seen' } });
    made.vault.progressNotes.sign(note.id, 'Dr Test');
    const before = made.vault.audit.list().length;
    await expectCode(() => measures().update(measure.id, [0, 0, 0, 0, 0, 0, 0]), 'NOTE_SIGNED');
    await expectCode(() => measures().remove(measure.id), 'NOTE_SIGNED');
    expect(made.vault.audit.list()).toHaveLength(before);
  });
});

describe('on disk', () => {
  it('is sealed on disk: neither the instrument nor the band is readable in the file', async () => {
    const { client, session } = clientWithSession();
    const measure = measures().record({ clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: [3, 3, 3, 3, 3, 3, 2] });
    await made.vault.close();
    const db = new Database(made.path, { readonly: true });
    try {
      const row = db.prepare('SELECT * FROM outcome_measures WHERE id = ?').get(measure.id) as Record<string, unknown>;
      expect(Object.keys(row).sort()).toEqual(['ciphertext', 'id', 'key_version', 'nonce', 'session_id']);
      const bytes = Buffer.from(row['ciphertext'] as Buffer).toString('latin1');
      expect(bytes).not.toContain('gad7');
      expect(bytes).not.toContain('severe');
    } finally {
      db.close();
    }
  });

});
