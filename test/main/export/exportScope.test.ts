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

  it('exports a record with no notes as its client details', () => {
    const client = vault.clients.create({ name: 'No Notes Yet' });
    const plan = resolveExport(source, { kind: 'record', clientId: client.id }, false);
    expect(plan.entries).toEqual([]);
    expect(plan.client.name).toBe('No Notes Yet');
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
  it('names the kind and the local date, nothing about the client', () => {
    const now = new Date(2026, 2, 2, 10, 15);
    expect(defaultExportFileName({ kind: 'record', clientId: 'a'.repeat(32) }, now)).toBe('clinical-record-2026-03-02.pdf');
    expect(defaultExportFileName({ kind: 'note', noteId: 'b'.repeat(32) }, now)).toBe('progress-notes-2026-03-02.pdf');
  });
});
