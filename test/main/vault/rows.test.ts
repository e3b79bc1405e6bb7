import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClient, listClients } from '../../../main/vault/clients';
import { KeyRing } from '../../../main/vault/keyRing';
import { getProgressNote, getProgressNoteForSession } from '../../../main/vault/progressNotes';
import { getPsychotherapyNote, listPsychotherapyNotesForSession } from '../../../main/vault/psychotherapyNotes';
import { readRowsUnder } from '../../../main/vault/rows';
import { getSession, listSessionsForClient } from '../../../main/vault/sessions';
import { loadSodium } from '../../../main/vault/sodium';
import type { Addendum, Client, ProgressNote, PsychotherapyNote, Session } from '../../../shared/domain/records';
import { createdVault, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import type { KeyedFile } from './tamper';
import { expectIntegrity, flipByte, reopenWithKeys, withRowChanged } from './tamper';

/**
 * What someone with the file but no key can do to rows: copy a ciphertext
 * somewhere else, re-point a foreign key, flip bytes. Every read of such a
 * row must fail with INTEGRITY for that row, and say nothing of its content.
 * The rows are written through the vault service; the reads run the same
 * repository functions on the closed file (see reopenWithKeys), because the
 * open vault holds its file exclusively.
 */
const CANARIES = ['Ottoline Vexbridge', 'canary-progress-7Q2', 'canary-psychotherapy-K9Z'];

let made: Awaited<ReturnType<typeof createdVault>>;
let file: KeyedFile;
let alice: Client;
let bob: Client;
let aliceSession: Session;
let aliceLaterSession: Session;
let aliceSpareSession: Session;
let aliceLaterNote: ProgressNote;
let bobSession: Session;
let aliceNote: ProgressNote;
let bobNote: ProgressNote;
let alicePsych: PsychotherapyNote;
let bobPsych: PsychotherapyNote;

beforeAll(async () => {
  const ring = new KeyRing(await loadSodium());
  made = await createdVault({ keyRing: ring });
  const { vault } = made;
  await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  alice = vault.clients.create({ name: CANARIES[0]! });
  bob = vault.clients.create({ name: 'Bob Placeholder' });
  const slot = { startTime: '09:00', endTime: '09:50', modality: 'video' } as const;
  aliceSession = vault.sessions.create({ clientId: alice.id, date: '2026-01-05', ...slot });
  aliceLaterSession = vault.sessions.create({ clientId: alice.id, date: '2026-01-12', ...slot });
  aliceSpareSession = vault.sessions.create({ clientId: alice.id, date: '2026-01-19', ...slot });
  bobSession = vault.sessions.create({ clientId: bob.id, date: '2026-01-06', ...slot });
  aliceNote = vault.progressNotes.saveDraft({
    sessionId: aliceSession.id,
    templateId: 'NARRATIVE',
    fields: { narrative: CANARIES[1]! },
  });
  aliceNote = vault.progressNotes.sign(aliceNote.id, 'Dr Test');
  aliceNote = vault.progressNotes.addAddendum({ noteId: aliceNote.id, text: 'later correction', author: 'Dr Test' });
  aliceLaterNote = vault.progressNotes.saveDraft({
    sessionId: aliceLaterSession.id,
    templateId: 'NARRATIVE',
    fields: { narrative: 'second' },
  });
  bobNote = vault.progressNotes.saveDraft({ sessionId: bobSession.id, templateId: 'DAP', fields: { data: 'x' } });
  alicePsych = vault.psychotherapyNotes.create({ sessionId: aliceSession.id, text: CANARIES[2]! });
  bobPsych = vault.psychotherapyNotes.create({ sessionId: bobSession.id, text: 'bob process note' });
  file = await reopenWithKeys(vault, ring, made.path);
});

afterAll(async () => {
  file?.close();
  await made?.dispose();
});

const ctx = () => file.ctx;

function sealedColumns(table: string, id: string) {
  return ctx().db.prepare(`SELECT key_version, nonce, ciphertext FROM ${table} WHERE id = ?`).get(id) as {
    key_version: number;
    nonce: Buffer;
    ciphertext: Buffer;
  };
}

async function expectRowIntegrity(action: () => unknown, table: string, rowId: string) {
  const error = await expectIntegrity(action, table, rowId, CANARIES);
  expect(error.message).toContain(table);
}

describe('a ciphertext copied with raw SQL', () => {
  it('into another row of the same table fails as that row', async () => {
    const copied = sealedColumns('clients', alice.id);
    await withRowChanged(ctx().db, 'clients', { column: 'id', value: bob.id }, copied, async () => {
      await expectRowIntegrity(() => getClient(ctx(), bob.id), 'clients', bob.id);
      await expectRowIntegrity(() => listClients(ctx()), 'clients', bob.id);
      expect(getClient(ctx(), alice.id).name).toBe(CANARIES[0]);
    });
    expect(getClient(ctx(), bob.id).name).toBe('Bob Placeholder');
  });

  it('into a row of another table fails as that row', async () => {
    await withRowChanged(
      ctx().db,
      'sessions',
      { column: 'id', value: bobSession.id },
      sealedColumns('clients', alice.id),
      () => expectRowIntegrity(() => getSession(ctx(), bobSession.id), 'sessions', bobSession.id),
    );
    await withRowChanged(
      ctx().db,
      'addenda',
      { column: 'id', value: aliceNote.addenda[0]!.id },
      sealedColumns('progress_notes', aliceNote.id),
      () => expectRowIntegrity(() => getProgressNote(ctx(), aliceNote.id), 'addenda', aliceNote.addenda[0]!.id),
    );
  });

  it('from the psychotherapy compartment into a progress note fails, and the other way round', async () => {
    await withRowChanged(
      ctx().db,
      'progress_notes',
      { column: 'id', value: bobNote.id },
      sealedColumns('psychotherapy_notes', alicePsych.id),
      () => expectRowIntegrity(() => getProgressNote(ctx(), bobNote.id), 'progress_notes', bobNote.id),
    );
    await withRowChanged(
      ctx().db,
      'psychotherapy_notes',
      { column: 'id', value: bobPsych.id },
      sealedColumns('progress_notes', aliceNote.id),
      () => expectRowIntegrity(() => getPsychotherapyNote(ctx(), bobPsych.id), 'psychotherapy_notes', bobPsych.id),
    );
  });
});

describe('a foreign key re-pointed with raw SQL', () => {
  it('moving a session to another client fails as that session', async () => {
    await withRowChanged(ctx().db, 'sessions', { column: 'id', value: aliceSession.id }, { client_id: bob.id }, async () => {
      await expectRowIntegrity(() => getSession(ctx(), aliceSession.id), 'sessions', aliceSession.id);
      await expectRowIntegrity(() => listSessionsForClient(ctx(), bob.id), 'sessions', aliceSession.id);
    });
  });

  it('moving a progress note, a psychotherapy note or an addendum fails as that row', async () => {
    await withRowChanged(
      ctx().db,
      'progress_notes',
      { column: 'id', value: aliceNote.id },
      { session_id: aliceSpareSession.id },
      () => expectRowIntegrity(() => getProgressNoteForSession(ctx(), aliceSpareSession.id), 'progress_notes', aliceNote.id),
    );
    await withRowChanged(
      ctx().db,
      'psychotherapy_notes',
      { column: 'id', value: alicePsych.id },
      { session_id: bobSession.id },
      () =>
        expectRowIntegrity(
          () => listPsychotherapyNotesForSession(ctx(), bobSession.id),
          'psychotherapy_notes',
          alicePsych.id,
        ),
    );
    await withRowChanged(
      ctx().db,
      'addenda',
      { column: 'id', value: aliceNote.addenda[0]!.id },
      { note_id: aliceLaterNote.id },
      () => expectRowIntegrity(() => getProgressNote(ctx(), aliceLaterNote.id), 'addenda', aliceNote.addenda[0]!.id),
    );
  });
});

describe("a client's rows read in one query through their parents (readRowsUnder)", () => {
  it("returns that client's notes and addenda only, opened", () => {
    const notes = readRowsUnder<ProgressNote>(ctx(), 'progress_notes', ['sessions'], alice.id);
    expect(notes.map((note) => note.id).sort()).toEqual([aliceNote.id, aliceLaterNote.id].sort());
    expect(notes.find((note) => note.id === aliceNote.id)?.fields).toEqual({ narrative: CANARIES[1] });
    const addenda = readRowsUnder<Addendum>(ctx(), 'addenda', ['progress_notes', 'sessions'], alice.id);
    expect(addenda.map((addendum) => addendum.text)).toEqual(['later correction']);
    expect(readRowsUnder(ctx(), 'addenda', ['progress_notes', 'sessions'], bob.id)).toEqual([]);
  });

  it('fails as the moved row when a note or an addendum is re-pointed to another parent', async () => {
    await withRowChanged(ctx().db, 'progress_notes', { column: 'id', value: bobNote.id }, { session_id: aliceSpareSession.id }, () =>
      expectRowIntegrity(() => readRowsUnder(ctx(), 'progress_notes', ['sessions'], alice.id), 'progress_notes', bobNote.id),
    );
    await withRowChanged(ctx().db, 'addenda', { column: 'id', value: aliceNote.addenda[0]!.id }, { note_id: aliceLaterNote.id }, () =>
      expectRowIntegrity(
        () => readRowsUnder(ctx(), 'addenda', ['progress_notes', 'sessions'], alice.id),
        'addenda',
        aliceNote.addenda[0]!.id,
      ),
    );
  });
});

describe('a flipped byte', () => {
  const targets = [
    { table: 'clients', id: () => alice.id, read: () => getClient(ctx(), alice.id) },
    { table: 'progress_notes', id: () => aliceNote.id, read: () => getProgressNote(ctx(), aliceNote.id) },
    {
      table: 'psychotherapy_notes',
      id: () => alicePsych.id,
      read: () => getPsychotherapyNote(ctx(), alicePsych.id),
    },
  ];
  for (const target of targets) {
    for (const column of ['nonce', 'ciphertext'] as const) {
      it(`in a ${target.table} ${column} fails with INTEGRITY, never garbage`, async () => {
        const original = sealedColumns(target.table, target.id())[column];
        for (const index of [0, original.length >> 1, original.length - 1]) {
          await withRowChanged(
            ctx().db,
            target.table,
            { column: 'id', value: target.id() },
            { [column]: flipByte(original, index) },
            () => expectRowIntegrity(target.read, target.table, target.id()),
          );
        }
        expect(() => target.read()).not.toThrow();
      });
    }
  }

  it('or a changed key version, a short nonce or an empty ciphertext fails with INTEGRITY too', async () => {
    const row = { column: 'id', value: alice.id };
    const read = () => getClient(ctx(), alice.id);
    await withRowChanged(ctx().db, 'clients', row, { key_version: 2 }, () => expectRowIntegrity(read, 'clients', alice.id));
    await withRowChanged(ctx().db, 'clients', row, { nonce: Buffer.alloc(12) }, () =>
      expectRowIntegrity(read, 'clients', alice.id),
    );
    await withRowChanged(ctx().db, 'clients', row, { ciphertext: Buffer.alloc(0) }, () =>
      expectRowIntegrity(read, 'clients', alice.id),
    );
  });
});
