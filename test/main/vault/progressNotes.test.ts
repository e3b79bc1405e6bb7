import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Session } from '../../../shared/domain/records';
import type { ProgressDraftInput } from '../../../shared/domain/schemas';
import { TEMPLATE_IDS, templateFieldIds } from '../../../shared/templates';
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

const notes = () => made.vault.progressNotes;
const iso = () => new Date(time.now()).toISOString();

function newClient(name = 'Note Client'): Client {
  return made.vault.clients.create({ name });
}

function newSession(client: Client, date = '2026-06-01', startTime = '10:00'): Session {
  const [h, m] = startTime.split(':');
  const end = `${String(Number(h) + 1).padStart(2, '0')}:${m}`;
  return made.vault.sessions.create({ clientId: client.id, date, startTime, endTime: end, modality: 'in-person' });
}

describe('progress note drafts', () => {
  it('are one per session, created on first save and updated on the next', () => {
    const session = newSession(newClient());
    expect(notes().getForSession(session.id)).toBeNull();
    const first = notes().saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'a' } });
    expect(first).toMatchObject({ status: 'draft', templateId: 'SOAP', addenda: [], createdAt: iso() });
    time.advance(5000);
    const second = notes().saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { plan: 'b' } });
    expect(second.id).toBe(first.id);
    expect(second.fields).toEqual({ subjective: '', objective: '', assessment: '', plan: 'b' });
    expect(second.updatedAt).toBe(iso());
    expect(second.createdAt).toBe(first.createdAt);
    expect(notes().getForSession(session.id)).toEqual(second);
    expect(notes().get(first.id)).toEqual(second);
  });

  it('hold exactly the fields of their template, for every template', () => {
    const client = newClient();
    TEMPLATE_IDS.forEach((templateId, index) => {
      const session = newSession(client, `2026-06-${String(index + 10).padStart(2, '0')}`);
      const [firstField] = templateFieldIds(templateId);
      const note = notes().saveDraft({ sessionId: session.id, templateId, fields: { [firstField!]: 'text' } });
      expect(Object.keys(note.fields)).toEqual(templateFieldIds(templateId));
      expect(note.fields[firstField!]).toBe('text');
    });
  });

  it('may switch template while a draft', () => {
    const session = newSession(newClient());
    notes().saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: {} });
    const switched = notes().saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'n' } });
    expect(switched).toMatchObject({ templateId: 'NARRATIVE', fields: { narrative: 'n' } });
  });

  it('refuse fields outside the template and malformed input with INVALID_INPUT', async () => {
    const session = newSession(newClient());
    const bad: unknown[] = [
      { sessionId: session.id, templateId: 'SOAP', fields: { data: 'x' } },
      { sessionId: session.id, templateId: 'DAP', fields: { subjective: 'x' } },
      { sessionId: session.id, templateId: 'NARRATIVE', fields: { Narrative: 'x' } },
      { sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'x'.repeat(100_001) } },
      { sessionId: session.id, templateId: 'SOAP', fields: { subjective: 7 } },
      { sessionId: session.id, templateId: 'PIRP', fields: {} },
      { sessionId: session.id, templateId: 'SOAP', fields: {}, status: 'signed' },
      { sessionId: 'nope', templateId: 'SOAP', fields: {} },
    ];
    for (const input of bad) {
      await expectCode(() => notes().saveDraft(input as ProgressDraftInput), 'INVALID_INPUT');
    }
    expect(notes().getForSession(session.id)).toBeNull();
    await expectCode(
      () => notes().saveDraft({ sessionId: 'e'.repeat(32), templateId: 'SOAP', fields: {} }),
      'NOT_FOUND',
    );
  });
});

describe('signing', () => {
  it('makes a note signed, attributed and dated', () => {
    const session = newSession(newClient());
    const draft = notes().saveDraft({ sessionId: session.id, templateId: 'DAP', fields: { data: 'd' } });
    time.advance(60_000);
    const signed = notes().sign(draft.id, '  Dr Ada Signer, LCSW ');
    expect(signed).toMatchObject({
      status: 'signed',
      signedBy: 'Dr Ada Signer, LCSW',
      signedAt: iso(),
      fields: draft.fields,
    });
    expect(notes().get(draft.id)).toEqual(signed);
  });

  it('makes the note immutable: edits and a second signature answer NOTE_SIGNED and change nothing', async () => {
    const session = newSession(newClient());
    const draft = notes().saveDraft({ sessionId: session.id, templateId: 'DAP', fields: { data: 'original' } });
    const signed = notes().sign(draft.id, 'Dr Immutable');
    await expectCode(
      () => notes().saveDraft({ sessionId: session.id, templateId: 'DAP', fields: { data: 'changed' } }),
      'NOTE_SIGNED',
    );
    await expectCode(() => notes().sign(draft.id, 'Someone Else'), 'NOTE_SIGNED');
    expect(notes().get(draft.id)).toEqual(signed);
  });

  it('needs a signer name, and an existing note', async () => {
    const session = newSession(newClient());
    const draft = notes().saveDraft({ sessionId: session.id, templateId: 'DAP', fields: {} });
    await expectCode(() => notes().sign(draft.id, '   '), 'INVALID_INPUT');
    await expectCode(() => notes().sign(draft.id, 'x'.repeat(201)), 'INVALID_INPUT');
    await expectCode(() => notes().sign('d'.repeat(32), 'Dr Nobody'), 'NOT_FOUND');
    expect(notes().get(draft.id).status).toBe('draft');
  });
});

describe('addenda', () => {
  it('are added only to signed notes, dated and attributed, oldest first', async () => {
    const session = newSession(newClient());
    const draft = notes().saveDraft({ sessionId: session.id, templateId: 'GIRP', fields: { goals: 'g' } });
    await expectCode(() => notes().addAddendum({ noteId: draft.id, text: 'too early', author: 'Dr A' }), 'INVALID_INPUT');
    notes().sign(draft.id, 'Dr A');
    time.advance(86_400_000);
    const firstAt = iso();
    notes().addAddendum({ noteId: draft.id, text: 'First correction', author: 'Dr A' });
    time.advance(86_400_000);
    const withBoth = notes().addAddendum({ noteId: draft.id, text: 'Second correction', author: 'Dr B' });
    expect(withBoth.addenda.map(({ text, author, createdAt }) => ({ text, author, createdAt }))).toEqual([
      { text: 'First correction', author: 'Dr A', createdAt: firstAt },
      { text: 'Second correction', author: 'Dr B', createdAt: iso() },
    ]);
    expect(withBoth.fields).toEqual(draft.fields);
    expect(notes().get(draft.id).addenda).toEqual(withBoth.addenda);
  });

  it('refuse empty text, a missing author, and unknown notes', async () => {
    const session = newSession(newClient());
    const note = notes().saveDraft({ sessionId: session.id, templateId: 'DAP', fields: {} });
    notes().sign(note.id, 'Dr A');
    await expectCode(() => notes().addAddendum({ noteId: note.id, text: '  ', author: 'Dr A' }), 'INVALID_INPUT');
    await expectCode(() => notes().addAddendum({ noteId: note.id, text: 'x', author: '' }), 'INVALID_INPUT');
    await expectCode(() => notes().addAddendum({ noteId: 'c'.repeat(32), text: 'x', author: 'Dr A' }), 'NOT_FOUND');
  });
});

describe('a client record', () => {
  let client: Client;
  let sessions: Session[];

  beforeAll(() => {
    client = newClient('Record Client');
    sessions = [
      newSession(client, '2026-07-10', '09:00'),
      newSession(client, '2026-07-03', '09:00'),
      newSession(client, '2026-07-17', '09:00'),
      newSession(client, '2026-07-17', '14:00'),
      newSession(client, '2026-07-24', '09:00'),
    ];
    const [s10, s03, s17a, s17b] = sessions;
    for (const session of [s10!, s03!, s17a!]) {
      const note = notes().saveDraft({
        sessionId: session.id,
        templateId: 'NARRATIVE',
        fields: { narrative: session.date },
      });
      notes().sign(note.id, 'Dr R');
    }
    notes().saveDraft({ sessionId: s17b!.id, templateId: 'NARRATIVE', fields: { narrative: 'draft' } });
    const elsewhere = newSession(newClient('Another Client'), '2026-07-20', '09:00');
    notes().saveDraft({ sessionId: elsewhere.id, templateId: 'NARRATIVE', fields: { narrative: 'not theirs' } });
  });

  it('lists signed notes oldest first, drafts only on request, within an inclusive date range', () => {
    const text = (list: ReturnType<ReturnType<typeof notes>['listForClient']>) =>
      list.map(({ note }) => note.fields.narrative);
    expect(text(notes().listForClient(client.id))).toEqual(['2026-07-03', '2026-07-10', '2026-07-17']);
    expect(text(notes().listForClient(client.id, { includeDrafts: true }))).toEqual([
      '2026-07-03',
      '2026-07-10',
      '2026-07-17',
      'draft',
    ]);
    expect(text(notes().listForClient(client.id, { from: '2026-07-10', to: '2026-07-17' }))).toEqual([
      '2026-07-10',
      '2026-07-17',
    ]);
    const [first] = notes().listForClient(client.id);
    expect(first!.session.id).toBe(sessions[1]!.id);
  });

  it('offers the latest earlier note of the same client as the previous note', () => {
    const [s10, s03, s17a, s17b, s24] = sessions;
    expect(notes().previous(s24!.id)?.fields.narrative).toBe('draft');
    expect(notes().previous(s17b!.id)?.fields.narrative).toBe('2026-07-17');
    expect(notes().previous(s17a!.id)?.fields.narrative).toBe('2026-07-10');
    expect(notes().previous(s10!.id)?.fields.narrative).toBe('2026-07-03');
    expect(notes().previous(s03!.id)).toBeNull();
  });
});
