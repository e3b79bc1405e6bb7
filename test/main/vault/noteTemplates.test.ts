import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomTemplateInput } from '../../../shared/domain/noteTemplates';
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

const templates = () => made.vault.noteTemplates;
const MARKER = 'Couples session ZQTEMPLATE';

const couples: CustomTemplateInput = {
  name: MARKER,
  basedOn: 'DAP',
  fields: [
    { id: 'data', label: 'What each partner said', prompt: 'Both voices.', rows: 6, carryForward: false },
    { label: 'Cycle', prompt: 'The pursue-withdraw cycle this week.', rows: 4, carryForward: false },
    { id: 'plan', label: 'Plan', prompt: 'Homework for both.', rows: 3, carryForward: true },
  ],
};

function session(day: number) {
  const client = made.vault.clients.create({ name: 'Template Client' });
  return made.vault.sessions.create({ clientId: client.id, date: `2026-08-${String(day).padStart(2, '0')}`, startTime: '09:00', endTime: '09:50', modality: 'in-person' });
}

describe('custom note templates', () => {
  it('are made from a built-in one, name new sections, and list by name', () => {
    const made1 = templates().create(couples);
    expect(made1).toMatchObject({ name: MARKER, basedOn: 'DAP', version: 1 });
    expect(made1.fields.map((field) => field.id)).toEqual(['data', 'cycle', 'plan']);
    expect(made1.fields[2]).toMatchObject({ carryForward: true, prompt: 'Homework for both.' });
    const other = templates().create({ ...couples, name: 'A first one', fields: [{ label: 'Cycle', prompt: '', rows: 3, carryForward: false }, { label: 'Cycle', prompt: '', rows: 3, carryForward: false }] });
    expect(other.fields.map((field) => field.id)).toEqual(['cycle', 'cycleaa']);
    expect(templates().list().map((template) => template.name).slice(0, 2)).toEqual(['A first one', MARKER]);
  });

  it('refuse hostile shapes: no sections, repeated ids, upper-case ids, an unknown base', async () => {
    const hostile: unknown[] = [
      { ...couples, fields: [] },
      { ...couples, fields: [couples.fields[0], couples.fields[0]] },
      { ...couples, fields: [{ ...couples.fields[0], id: 'Data' }] },
      { ...couples, basedOn: 'CUSTOM' },
      { ...couples, name: '   ' },
      { ...couples, fields: Array.from({ length: 17 }, (_, index) => ({ label: `S${index}`, prompt: '', rows: 3, carryForward: false })) },
      { ...couples, extra: true },
    ];
    for (const input of hostile) await expectCode(() => templates().create(input as CustomTemplateInput), 'INVALID_INPUT');
  });

  it('a note keeps the template it was written with: later edits and deletion never change it', () => {
    const template = templates().create(couples);
    const first = session(3);
    const note = made.vault.progressNotes.saveDraft({
      sessionId: first.id,
      templateId: 'SOAP',
      customTemplateId: template.id,
      fields: { data: 'Both spoke', cycle: 'She pursued' },
    });
    expect(note.templateId).toBe('DAP');
    expect(note.template).toEqual({ customId: template.id, version: 1, name: MARKER, fields: template.fields });
    expect(note.fields).toEqual({ data: 'Both spoke', cycle: 'She pursued', plan: '' });
    const signed = made.vault.progressNotes.sign(note.id, 'Dr Test');

    const edited = templates().update(template.id, { ...couples, name: 'Renamed', fields: [{ id: 'data', label: 'Data', prompt: '', rows: 5, carryForward: false }] });
    expect(edited.version).toBe(2);
    expect(made.vault.progressNotes.get(note.id)).toEqual(signed);

    // A draft started with version 1 also stays in its sections after the edit.
    const second = session(4);
    const draft = made.vault.progressNotes.saveDraft({ sessionId: second.id, templateId: 'DAP', customTemplateId: template.id, fields: { data: 'x' } });
    expect(draft.template?.version).toBe(2);
    templates().update(template.id, couples);
    const saved = made.vault.progressNotes.saveDraft({ sessionId: second.id, templateId: 'DAP', customTemplateId: template.id, fields: { data: 'y' } });
    expect(saved.template?.version).toBe(2);
    expect(Object.keys(saved.fields)).toEqual(['data']);

    templates().remove(template.id);
    expect(made.vault.progressNotes.get(note.id)).toEqual(signed);
    expect(made.vault.progressNotes.getForSession(second.id)?.template?.name).toBe('Renamed');
  });

  it("refuse fields that are not the note's template's, and a template that does not exist", async () => {
    const template = templates().create(couples);
    const { id } = session(5);
    await expectCode(
      () => made.vault.progressNotes.saveDraft({ sessionId: id, templateId: 'DAP', customTemplateId: template.id, fields: { assessment: 'x' } }),
      'INVALID_INPUT',
    );
    await expectCode(
      () => made.vault.progressNotes.saveDraft({ sessionId: id, templateId: 'DAP', customTemplateId: 'f'.repeat(32), fields: {} }),
      'NOT_FOUND',
    );
    await expectCode(() => templates().update('f'.repeat(32), couples), 'NOT_FOUND');
    await expectCode(() => templates().remove('f'.repeat(32)), 'NOT_FOUND');
  });

  it('keep the structured parts they carry forward; a template saved without them carries the defaults', () => {
    const plain = templates().create(couples);
    expect(plain.carriedParts).toBeUndefined();
    const ticked = templates().create({ ...couples, carriedParts: ['attendees', 'mentalStatus', 'risk'] });
    expect(templates().get(ticked.id).carriedParts).toEqual(['attendees', 'mentalStatus', 'risk']);
    const none = templates().update(ticked.id, { ...couples, carriedParts: [] });
    expect(none.carriedParts).toEqual([]);
    const back = templates().update(ticked.id, couples);
    expect(back).not.toHaveProperty('carriedParts');
  });

  it('refuse carried parts that are not carried: the service, an unknown part, one named twice', async () => {
    const hostile: unknown[] = [
      { ...couples, carriedParts: ['service'] },
      { ...couples, carriedParts: ['objectives'] },
      { ...couples, carriedParts: ['risk', 'risk'] },
      { ...couples, carriedParts: 'risk' },
    ];
    for (const input of hostile) await expectCode(() => templates().create(input as CustomTemplateInput), 'INVALID_INPUT');
  });
});
