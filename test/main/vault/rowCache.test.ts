import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAgenda } from '../../../main/vault/agenda';
import { createClient, listClients, updateClient, setClientArchived, getClient } from '../../../main/vault/clients';
import type { VaultContext } from '../../../main/vault/context';
import { systemClock } from '../../../main/vault/context';
import { KeyRing } from '../../../main/vault/keyRing';
import { getProgressNoteForSession, listSessionSummariesForClient, saveProgressDraft, signProgressNote } from '../../../main/vault/progressNotes';
import { createSession, deleteSession, getSession, listSessionsForClient, updateSession } from '../../../main/vault/sessions';
import { allNoteSummaries } from '../../../main/vault/noteSummaries';
import { resealRow } from '../../../main/vault/rows';
import { writeVaultId } from '../../../main/vault/slotStore';
import { loadSodium } from '../../../main/vault/sodium';
import type { VaultStorage } from '../../../main/vault/storage';
import { openStorage } from '../../../main/vault/storage';
import { tempDir } from '../../helpers/tempVault';
import { expectCode } from './tamper';

/**
 * The cache of decrypted client and session rows, on a real file with a
 * real key: what it keeps, and that no read after a write or a wipe of the
 * key ever sees what it kept before.
 */
let cleanup: () => void;
let storage: VaultStorage;
let keys: KeyRing;
const ctx = (): VaultContext => storage.context();
const cached = () => ctx().cache!.size();

beforeEach(async () => {
  const made = tempDir();
  cleanup = made.cleanup;
  const sodium = await loadSodium();
  keys = new KeyRing(sodium);
  storage = openStorage(join(made.dir, 'vault.sqlite'), { sodium, keys, clock: systemClock });
  writeVaultId(storage.db(), 'cache-test-vault');
  storage.adopt('cache-test-vault');
  keys.set('progress', { version: 1, key: sodium.randombytes_buf(32) });
});
afterEach(() => {
  storage.close();
  keys.wipeAll();
  cleanup();
});

const session = (clientId: string, date: string) => ({ clientId, date, startTime: '10:00', endTime: '10:50', modality: 'in-person' as const });

describe('the row cache', () => {
  it('keeps decrypted clients and sessions while the key is held, and a wipe of the key drops every one', async () => {
    const client = createClient(ctx(), { name: 'Ada Cached' });
    createSession(ctx(), session(client.id, '2026-03-02'));
    listClients(ctx());
    listSessionsForClient(ctx(), client.id);
    expect(cached()).toBeGreaterThan(0);

    keys.wipeAll();
    expect(cached()).toBe(0);
    await expectCode(() => listClients(ctx()), 'LOCKED');
    await expectCode(() => listSessionsForClient(ctx(), client.id), 'LOCKED');
    expect(cached()).toBe(0);
  });

  it('serves a repeated read without decrypting again, and the same records', () => {
    const client = createClient(ctx(), { name: 'Ada Cached' });
    const first = listClients(ctx());
    const again = listClients(ctx());
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('never answers with a client, session or note status that a write has changed', () => {
    const client = createClient(ctx(), { name: 'Ada Before' });
    const other = createClient(ctx(), { name: 'Ben Other' });
    expect(listClients(ctx()).map((c) => c.name)).toEqual(['Ada Before', 'Ben Other']);
    getClient(ctx(), client.id);

    updateClient(ctx(), client.id, { name: 'Ada After' });
    expect(listClients(ctx()).map((c) => c.name)).toEqual(['Ada After', 'Ben Other']);
    expect(getClient(ctx(), client.id).name).toBe('Ada After');

    setClientArchived(ctx(), other.id, true);
    expect(listClients(ctx()).map((c) => c.name)).toEqual(['Ada After']);
    expect(listClients(ctx(), { includeArchived: true })).toHaveLength(2);

    const first = createSession(ctx(), session(client.id, '2026-03-02'));
    expect(listSessionsForClient(ctx(), client.id).map((s) => s.id)).toEqual([first.id]);
    const second = createSession(ctx(), session(client.id, '2026-03-09'));
    expect(listSessionsForClient(ctx(), client.id).map((s) => s.id)).toEqual([second.id, first.id]);
    getSession(ctx(), second.id);

    updateSession(ctx(), second.id, { ...session(client.id, '2026-03-09'), location: 'Room 4' });
    expect(getSession(ctx(), second.id).location).toBe('Room 4');
    expect(listSessionsForClient(ctx(), client.id)[0]!.location).toBe('Room 4');

    deleteSession(ctx(), second.id);
    expect(listSessionsForClient(ctx(), client.id).map((s) => s.id)).toEqual([first.id]);
    expect(() => getSession(ctx(), second.id)).toThrow();

    expect(listSessionSummariesForClient(ctx(), client.id)[0]!.note).toBeNull();
    const note = saveProgressDraft(ctx(), { sessionId: first.id, templateId: 'SOAP', fields: {} });
    expect(listSessionSummariesForClient(ctx(), client.id)[0]!.note).toEqual({ templateId: 'SOAP', status: 'draft' });
    expect(getSession(ctx(), first.id).status).toBe('scheduled');

    signProgressNote(ctx(), note.id, 'Dana Reyes, LCSW');
    const [summary] = listSessionSummariesForClient(ctx(), client.id);
    expect(summary!.note).toEqual({ templateId: 'SOAP', status: 'signed' });
    expect(summary!.status).toBe('attended');
    expect(getSession(ctx(), first.id).status).toBe('attended');
    expect(getProgressNoteForSession(ctx(), first.id)?.status).toBe('signed');
  });

  it('keeps nothing read inside a transaction that rolls back', () => {
    const client = createClient(ctx(), { name: 'Ada Kept' });
    listClients(ctx());
    expect(() =>
      storage.db().transaction(() => {
        updateClient(ctx(), client.id, { name: 'Ada Rolled Back' });
        expect(listClients(ctx()).map((c) => c.name)).toEqual(['Ada Rolled Back']);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(listClients(ctx()).map((c) => c.name)).toEqual(['Ada Kept']);
    expect(getClient(ctx(), client.id).name).toBe('Ada Kept');
  });

  it('keeps the sorted client list and sessions beside the cached ones, re-sorted after any write', () => {
    const zed = createClient(ctx(), { name: 'Zed Zimmer' });
    createClient(ctx(), { name: 'Ann Abbott' });
    createClient(ctx(), { name: 'Moe Miller' });
    const names = () => listClients(ctx()).map((client) => client.name);
    expect(names()).toEqual(['Ann Abbott', 'Moe Miller', 'Zed Zimmer']);
    const first = listClients(ctx());
    first.reverse();
    expect(names()).toEqual(['Ann Abbott', 'Moe Miller', 'Zed Zimmer']);
    updateClient(ctx(), zed.id, { name: 'Zed Adams' });
    expect(names()).toEqual(['Ann Abbott', 'Zed Adams', 'Moe Miller']);

    const early = createSession(ctx(), session(zed.id, '2026-01-05'));
    createSession(ctx(), session(zed.id, '2026-03-02'));
    const dates = () => listSessionsForClient(ctx(), zed.id).map((held) => held.date);
    expect(dates()).toEqual(['2026-03-02', '2026-01-05']);
    expect(dates()).toEqual(['2026-03-02', '2026-01-05']);
    updateSession(ctx(), early.id, session(zed.id, '2026-04-06'));
    expect(dates()).toEqual(['2026-04-06', '2026-03-02']);
  });

  it('hands out frozen rows, so one caller cannot change what the next one reads', () => {
    const client = createClient(ctx(), { name: 'Ada Frozen' });
    const [listed] = listClients(ctx());
    expect(() => {
      (listed as { name: string }).name = 'Changed';
    }).toThrow(TypeError);
    expect(getClient(ctx(), client.id).name).toBe('Ada Frozen');
  });

  it("keeps a client's note summaries, and drops them on a write to a note or a session, a reseal under a rotated key, a sync import, a lock and a restore", async () => {
    const client = createClient(ctx(), { name: 'Ada Summaries' });
    const first = createSession(ctx(), session(client.id, '2026-03-02'));
    const note = saveProgressDraft(ctx(), { sessionId: first.id, templateId: 'SOAP', fields: {} });
    const timeline = () => listSessionSummariesForClient(ctx(), client.id).map((held) => held.note);
    const held = () => ctx().cache!.summaries(client.id);
    const everyone = () => ctx().cache!.summaries(null);

    expect(timeline()).toEqual([{ templateId: 'SOAP', status: 'draft' }]);
    expect(held()?.get(first.id)).toEqual({ sessionId: first.id, templateId: 'SOAP', status: 'draft' });
    expect(timeline()).toEqual([{ templateId: 'SOAP', status: 'draft' }]);
    expect([...allNoteSummaries(ctx()).values()]).toHaveLength(1);
    expect(everyone()).toBeDefined();

    signProgressNote(ctx(), note.id, 'Dana Reyes, LCSW');
    expect(held()).toBeUndefined();
    expect(everyone()).toBeUndefined();
    expect(timeline()).toEqual([{ templateId: 'SOAP', status: 'signed' }]);

    createSession(ctx(), session(client.id, '2026-03-09'));
    expect(held()).toBeUndefined();
    expect(timeline()).toEqual([null, { templateId: 'SOAP', status: 'signed' }]);

    // Key rotation reseals every note through rows.ts.
    resealRow(ctx(), 'progress_notes', note.id, getProgressNoteForSession(ctx(), first.id)!, ctx().keys.get('progress'));
    expect(held()).toBeUndefined();
    timeline();

    // A sync import drops the progress compartment's cached rows (main/sync/vaultFolderSync.ts).
    ctx().cache!.dropCompartment('progress');
    expect(held()).toBeUndefined();
    timeline();

    await storage.reopenAround(() => undefined);
    expect(held()).toBeUndefined();
    timeline();
    expect(held()).toBeDefined();

    keys.wipe('progress');
    expect(storage.context().cache!.summaries(client.id)).toBeUndefined();
  });

  it("answers the agenda's notes from the kept summaries, and reads them again after a write to a note", async () => {
    const client = createClient(ctx(), { name: 'Ada Agenda' });
    const first = createSession(ctx(), session(client.id, '2026-03-02'));
    createSession(ctx(), session(client.id, '2026-03-04'));
    const note = saveProgressDraft(ctx(), { sessionId: first.id, templateId: 'SOAP', fields: {} });
    const agendaNotes = () => listAgenda(ctx(), '2026-03-02', '2026-03-08').map((entry) => entry.note);

    expect(agendaNotes()).toEqual([{ templateId: 'SOAP', status: 'draft' }, null]);
    expect(ctx().cache!.summaries(null)?.get(first.id)).toEqual({ sessionId: first.id, templateId: 'SOAP', status: 'draft' });

    signProgressNote(ctx(), note.id, 'Dana Reyes, LCSW');
    expect(ctx().cache!.summaries(null)).toBeUndefined();
    expect(agendaNotes()).toEqual([{ templateId: 'SOAP', status: 'signed' }, null]);

    // Damaged behind the cache's back: only a read that skips the file still answers.
    ctx().db.prepare('UPDATE progress_notes SET summary_ciphertext = zeroblob(length(summary_ciphertext)) WHERE id = ?').run(note.id);
    expect(agendaNotes()).toEqual([{ templateId: 'SOAP', status: 'signed' }, null]);
    ctx().cache!.drop('progress_notes');
    await expectCode(() => agendaNotes(), 'INTEGRITY');
  });

  it('keeps no note summary read inside a transaction', () => {
    const client = createClient(ctx(), { name: 'Ada Inside' });
    const first = createSession(ctx(), session(client.id, '2026-03-02'));
    saveProgressDraft(ctx(), { sessionId: first.id, templateId: 'SOAP', fields: {} });
    ctx().db.transaction(() => listSessionSummariesForClient(ctx(), client.id))();
    expect(ctx().cache!.summaries(client.id)).toBeUndefined();
  });

  it('starts empty on a file put in place by a restore', async () => {
    createClient(ctx(), { name: 'Ada Restored' });
    listClients(ctx());
    expect(cached()).toBeGreaterThan(0);
    await storage.reopenAround(() => undefined);
    expect(cached()).toBe(0);
  });
});
