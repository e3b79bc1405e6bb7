import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExportFileName, resolveExport } from '../../../main/export/exportScope';
import type { ProgressSource } from '../../../main/export/progressSource';
import { progressSourceOf } from '../../../main/ipc/handlers/exportHandlers';
import type { Vault } from '../../../main/vault/vaultApi';
import { createdVault } from '../../helpers/tempVault';
import type { WrittenRecord } from './fixtures';
import { SAMPLE_PRACTICE, writeRecord } from './fixtures';

let vault: Vault;
let dispose: () => Promise<void>;
let source: ProgressSource;
/** Weekly from 2026-01-05: notes 0..5, every third a draft (indexes 2 and 5). */
let record: WrittenRecord;

beforeAll(async () => {
  const made = await createdVault();
  vault = made.vault;
  dispose = made.dispose;
  vault.settings.save(SAMPLE_PRACTICE);
  source = progressSourceOf(vault);
  record = writeRecord(vault, { client: { name: 'Scope Client' }, notes: 6, seed: 5, firstDate: '2026-01-05', draftEvery: 3 });
});
afterAll(() => dispose());

const ids = (plan: ReturnType<typeof resolveExport>) => plan.entries.map((entry) => entry.note.id);
const noteIds = (...indexes: number[]) => indexes.map((index) => record.entries[index]!.note.id);

describe('resolveExport', () => {
  it('exports one signed note with its client and the practice settings', () => {
    const plan = resolveExport(source, { kind: 'note', noteId: noteIds(0)[0]! }, false);
    expect(ids(plan)).toEqual(noteIds(0));
    expect(plan.client.id).toBe(record.client.id);
    expect(plan.practice.practiceName).toBe(SAMPLE_PRACTICE.practiceName);
  });

  it('refuses a single draft unless drafts are included', () => {
    const draftId = noteIds(2)[0]!;
    expect(() => resolveExport(source, { kind: 'note', noteId: draftId }, false)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(ids(resolveExport(source, { kind: 'note', noteId: draftId }, true))).toEqual([draftId]);
  });

  it('takes a date range inclusively, oldest first, without drafts unless asked', () => {
    const range = { kind: 'range', clientId: record.client.id, from: '2026-01-12', to: '2026-02-02' } as const;
    expect(ids(resolveExport(source, range, false))).toEqual(noteIds(1, 3, 4));
    expect(ids(resolveExport(source, range, true))).toEqual(noteIds(1, 2, 3, 4));
  });

  it('refuses a reversed range and an empty one', () => {
    const clientId = record.client.id;
    expect(() => resolveExport(source, { kind: 'range', clientId, from: '2026-02-01', to: '2026-01-01' }, true)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => resolveExport(source, { kind: 'range', clientId, from: '2020-01-01', to: '2020-12-31' }, true)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('takes every signed note for the whole record, and the drafts only when asked', () => {
    const scope = { kind: 'record', clientId: record.client.id } as const;
    expect(ids(resolveExport(source, scope, false))).toEqual(noteIds(0, 1, 3, 4));
    expect(ids(resolveExport(source, scope, true))).toEqual(noteIds(0, 1, 2, 3, 4, 5));
  });

  it('refuses a record with no notes, and one with only drafts unless they are included, naming no client data', () => {
    const client = vault.clients.create({ name: 'No Notes Yet' });
    const scope = { kind: 'record', clientId: client.id } as const;
    expect(() => resolveExport(source, scope, false)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/^This record has no progress notes to export/) }),
    );
    const session = vault.sessions.create({ clientId: client.id, date: '2026-03-01', startTime: '09:00', endTime: '09:50', modality: 'video' });
    const draft = vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'Draft only.' } });
    let refusal: unknown;
    try {
      resolveExport(source, scope, false);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('unsigned drafts are left out unless included') });
    expect(String((refusal as Error).message)).not.toContain('No Notes Yet');
    expect(ids(resolveExport(source, scope, true))).toEqual([draft.id]);
  });

  it('names unknown ids NOT_FOUND', () => {
    expect(() => resolveExport(source, { kind: 'note', noteId: '0'.repeat(32) }, true)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => resolveExport(source, { kind: 'record', clientId: 'f'.repeat(32) }, true)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});

describe('defaultExportFileName', () => {
  const now = new Date(2026, 2, 2, 10, 15);

  it('names the chart number and the scope, never the client name', () => {
    const client = vault.clients.create({ name: 'Rosalind Filename', chartNumber: 'TV-00042' });
    const written = writeRecord(vault, { client: { name: 'Unused' }, notes: 1, seed: 8, firstDate: '2026-02-02' });
    const noteId = written.entries[0]!.note.id;
    const session = vault.sessions.create({ clientId: client.id, date: '2026-02-10', startTime: '09:00', endTime: '09:50', modality: 'phone' });
    const note = vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'Seen.' } });
    const names = [
      defaultExportFileName(resolveExport(source, { kind: 'record', clientId: client.id }, true), now),
      defaultExportFileName(resolveExport(source, { kind: 'range', clientId: client.id, from: '2026-01-01', to: '2026-02-28' }, true), now),
      defaultExportFileName(resolveExport(source, { kind: 'note', noteId: note.id }, true), now),
    ];
    expect(names).toEqual([
      'chart-TV-00042-clinical-record-2026-03-02.pdf',
      'chart-TV-00042-progress-notes-2026-01-01-to-2026-02-28.pdf',
      'chart-TV-00042-progress-note-2026-02-10.pdf',
    ]);
    for (const name of names) expect(name).not.toMatch(/Rosalind|Filename/i);
    const other = defaultExportFileName(resolveExport(source, { kind: 'note', noteId }, false), now);
    expect(other).toBe(`client-${written.client.id.slice(0, 8)}-progress-note-2026-02-02.pdf`);
  });

  it('keeps only characters every desktop system allows from the chart number', () => {
    const client = vault.clients.create({ name: 'Slash Chart', chartNumber: '../A/B:C* ñ' });
    const session = vault.sessions.create({ clientId: client.id, date: '2026-02-11', startTime: '09:00', endTime: '09:50', modality: 'phone' });
    vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'Seen.' } });
    const name = defaultExportFileName(resolveExport(source, { kind: 'record', clientId: client.id }, true), now);
    expect(name).toBe('chart-A-B-C-n-clinical-record-2026-03-02.pdf');
  });
});
