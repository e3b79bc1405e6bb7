import { afterEach, describe, expect, it } from 'vitest';
import { KeyRing } from '../../../main/vault/keyRing';
import { allNoteSummaries } from '../../../main/vault/noteSummaries';
import { listSessionSummariesForClient } from '../../../main/vault/progressNotes';
import { openRow } from '../../../main/vault/rowCipher';
import { loadSodium } from '../../../main/vault/sodium';
import { openVault } from '../../../main/vault/vault';
import type { Vault } from '../../../main/vault/vaultApi';
import { cachingDerive } from '../../fixtures/filledVault';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { expectIntegrity, reopenWithKeys, withFileRowChanged, withRawFile } from './tamper';

/**
 * The sealed summary beside each progress note: what the timeline, the
 * client list, the agenda and Today read instead of the note. It must say
 * what the note says after every write, fail closed when altered, and be
 * filled in for notes stored before it existed.
 */
const derive = cachingDerive();
let made: Awaited<ReturnType<typeof createdVault>> | null = null;
let reopened: Vault | null = null;
afterEach(async () => {
  await reopened?.close().catch(() => undefined);
  reopened = null;
  await made?.dispose();
  made = null;
});

interface SummaryColumns {
  id: string;
  session_id: string;
  summary_nonce: Buffer | null;
  summary_ciphertext: Buffer | null;
}

const summaryRows = (path: string) =>
  withRawFile(path, (db) => db.prepare('SELECT id, session_id, summary_nonce, summary_ciphertext FROM progress_notes ORDER BY id').all() as SummaryColumns[]);

/** The timeline's note column against the notes themselves, read one by one. */
function expectTimelineMatchesNotes(vault: Vault, clientId: string): void {
  const timeline = vault.sessions.listSummariesForClient(clientId);
  for (const session of timeline) {
    const note = vault.progressNotes.getForSession(session.id);
    expect(session.note).toEqual(
      note ? { templateId: note.templateId, ...(note.template ? { templateName: note.template.name } : {}), status: note.status } : null,
    );
  }
  const overview = vault.clients.overview().find((row) => row.client.id === clientId);
  expect(overview?.unsignedNotes).toBe(timeline.filter((session) => session.note && session.note.status !== 'signed').length);
}

async function vaultWithNotes() {
  made = await createdVault({ derive });
  const { vault } = made;
  vault.settings.save({ ...vault.settings.get(), clinicianName: 'Dana Reyes', credentials: 'LCSW' });
  const client = vault.clients.create({ name: 'Noa Summary' });
  const sessionOn = (date: string) => vault.sessions.create({ clientId: client.id, date, startTime: '09:00', endTime: '09:50', modality: 'video' });
  const sessions = [sessionOn('2026-02-02'), sessionOn('2026-02-09'), sessionOn('2026-02-16')];
  return { vault, client, sessions };
}

describe('note summaries', () => {
  it('say what the note says after every write: a new draft, an autosave with another template, signing, an addendum', async () => {
    const { vault, client, sessions } = await vaultWithNotes();
    expectTimelineMatchesNotes(vault, client.id);

    const draft = vault.progressNotes.saveDraft({ sessionId: sessions[0]!.id, templateId: 'SOAP', fields: { subjective: 'first' } });
    expectTimelineMatchesNotes(vault, client.id);
    vault.progressNotes.saveDraft({ sessionId: sessions[0]!.id, templateId: 'DAP', fields: { data: 'second' } });
    expect(vault.sessions.listSummariesForClient(client.id).find((s) => s.id === sessions[0]!.id)?.note).toEqual({ templateId: 'DAP', status: 'draft' });
    expectTimelineMatchesNotes(vault, client.id);

    vault.progressNotes.saveDraft({ sessionId: sessions[1]!.id, templateId: 'BIRP', fields: {} });
    vault.progressNotes.signAsClinician(draft.id);
    expect(vault.sessions.listSummariesForClient(client.id).find((s) => s.id === sessions[0]!.id)?.note).toEqual({ templateId: 'DAP', status: 'signed' });
    expectTimelineMatchesNotes(vault, client.id);

    vault.progressNotes.addAddendumAsClinician(draft.id, 'A correction');
    expectTimelineMatchesNotes(vault, client.id);
    expect(vault.agenda.range('2026-02-02', '2026-02-16').map((entry) => entry.note)).toEqual([
      { templateId: 'DAP', status: 'signed' },
      { templateId: 'BIRP', status: 'draft' },
      null,
    ]);

    await vault.close();
    for (const row of summaryRows(made!.path)) {
      expect(row.summary_nonce).not.toBeNull();
      expect(row.summary_ciphertext!.toString('latin1')).not.toContain('DAP');
      expect(row.summary_ciphertext!.toString('latin1')).not.toContain(row.session_id);
    }
  });

  it("carry a custom template's name, read from the summary without opening the note", async () => {
    const { vault, client, sessions } = await vaultWithNotes();
    const template = vault.noteTemplates.create({
      name: 'Family check-in',
      basedOn: 'DAP',
      fields: [{ id: 'data', label: 'Data', prompt: '', rows: 4, carryForward: false }],
    });
    const custom = vault.progressNotes.saveDraft({ sessionId: sessions[0]!.id, templateId: 'DAP', customTemplateId: template.id, fields: { data: 'x' } });
    vault.progressNotes.saveDraft({ sessionId: sessions[1]!.id, templateId: 'SOAP', fields: {} });
    vault.noteTemplates.update(template.id, { name: 'Renamed later', basedOn: 'DAP', fields: [{ id: 'data', label: 'Data', prompt: '', rows: 4, carryForward: false }] });
    expectTimelineMatchesNotes(vault, client.id);
    expect(vault.agenda.range('2026-02-02', '2026-02-16').map((entry) => entry.note)).toEqual([
      { templateId: 'DAP', templateName: 'Family check-in', status: 'draft' },
      { templateId: 'SOAP', status: 'draft' },
      null,
    ]);
    await vault.close();

    // The note's own ciphertext no longer opens; the lists read only the summary, so they still show the name.
    const path = made!.path;
    const { ciphertext } = withRawFile(path, (db) => db.prepare('SELECT ciphertext FROM progress_notes WHERE id = ?').get(custom.id)) as { ciphertext: Buffer };
    const flipped = Buffer.from(ciphertext);
    flipped[5]! ^= 0x01;
    await withFileRowChanged(path, 'progress_notes', { column: 'id', value: custom.id }, { ciphertext: flipped }, async () => {
      const again = await openVault(path, { derive });
      try {
        await again.unlock(PASSPHRASE);
        expect(again.sessions.listSummariesForClient(client.id).find((session) => session.id === sessions[0]!.id)?.note).toEqual({
          templateId: 'DAP',
          templateName: 'Family check-in',
          status: 'draft',
        });
        expect(again.agenda.range('2026-02-02', '2026-02-02')[0]?.note?.templateName).toBe('Family check-in');
      } finally {
        await again.close();
      }
    });
  });

  it('are resealed with the note by a key rotation: the old key opens none, the timeline still matches', async () => {
    const { vault, client, sessions } = await vaultWithNotes();
    const note = vault.progressNotes.saveDraft({ sessionId: sessions[2]!.id, templateId: 'SOAP', fields: {} });
    vault.progressNotes.signAsClinician(note.id);
    vault.progressNotes.saveDraft({ sessionId: sessions[1]!.id, templateId: 'DAP', fields: {} });
    await vault.close();

    const sodium = await loadSodium();
    const keyRing = new KeyRing(sodium);
    reopened = await openVault(made!.path, { derive, keyRing });
    await reopened.unlock(PASSPHRASE);
    await reopened.openPsychotherapy(PSYCH_PASSPHRASE);
    const old = { ...keyRing.get('progress'), key: Uint8Array.from(keyRing.get('progress').key) };
    await reopened.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    await reopened.rotationSettled();
    expectTimelineMatchesNotes(reopened, client.id);
    const vaultId = reopened.id()!;
    await reopened.close();
    reopened = null;

    for (const row of summaryRows(made!.path)) {
      const ref = { vaultId, table: 'progress_notes' as const, rowId: row.id };
      expect(() => openRow(sodium, old, ref, { keyVersion: 1, nonce: row.summary_nonce!, ciphertext: row.summary_ciphertext! }, 'summary')).toThrow();
    }
  });

  it('fail closed with INTEGRITY when a summary is altered, copied from another note, or replaced by the note\'s own ciphertext', async () => {
    const { vault, client, sessions } = await vaultWithNotes();
    const first = vault.progressNotes.saveDraft({ sessionId: sessions[0]!.id, templateId: 'SOAP', fields: { subjective: 'private words' } });
    const second = vault.progressNotes.saveDraft({ sessionId: sessions[1]!.id, templateId: 'DAP', fields: {} });
    await vault.close();
    const path = made!.path;
    const columns = (id: string) =>
      withRawFile(path, (db) => db.prepare('SELECT nonce, ciphertext, summary_nonce, summary_ciphertext FROM progress_notes WHERE id = ?').get(id)) as {
        nonce: Buffer;
        ciphertext: Buffer;
        summary_nonce: Buffer;
        summary_ciphertext: Buffer;
      };
    const own = columns(first.id);
    const other = columns(second.id);
    const flipped = Buffer.from(own.summary_ciphertext);
    flipped[3]! ^= 0x01;
    const timeline = async () => {
      const again = await openVault(path, { derive });
      try {
        await again.unlock(PASSPHRASE);
        return again.sessions.listSummariesForClient(client.id);
      } finally {
        await again.close();
      }
    };
    const where = { column: 'id', value: first.id };
    await withFileRowChanged(path, 'progress_notes', where, { summary_ciphertext: flipped }, () =>
      expectIntegrity(timeline, 'progress_notes', first.id, ['private words', 'SOAP']),
    );
    await withFileRowChanged(path, 'progress_notes', where, { summary_nonce: other.summary_nonce, summary_ciphertext: other.summary_ciphertext }, () =>
      expectIntegrity(timeline, 'progress_notes', first.id),
    );
    await withFileRowChanged(path, 'progress_notes', where, { summary_nonce: own.nonce, summary_ciphertext: own.ciphertext }, () =>
      expectIntegrity(timeline, 'progress_notes', first.id),
    );
    expect((await timeline()).map((session) => session.note?.templateId ?? null).sort()).toEqual(['DAP', 'SOAP', null].sort());
  });

  it('are filled in at the next unlock for notes stored without one, which are read whole until then', async () => {
    const keyRing = new KeyRing(await loadSodium());
    made = await createdVault({ derive, keyRing });
    const { vault } = made;
    await vault.unlock(PASSPHRASE);
    vault.settings.save({ ...vault.settings.get(), clinicianName: 'Dana Reyes' });
    const client = vault.clients.create({ name: 'Noa Upgraded' });
    const sessionOn = (date: string) => vault.sessions.create({ clientId: client.id, date, startTime: '09:00', endTime: '09:50', modality: 'video' });
    const sessions = [sessionOn('2026-02-02'), sessionOn('2026-02-09'), sessionOn('2026-02-16')];
    const note = vault.progressNotes.saveDraft({ sessionId: sessions[0]!.id, templateId: 'SOAP', fields: {} });
    vault.progressNotes.signAsClinician(note.id);
    vault.progressNotes.saveDraft({ sessionId: sessions[1]!.id, templateId: 'BIRP', fields: {} });
    const expected = vault.sessions.listSummariesForClient(client.id);

    const file = await reopenWithKeys(vault, keyRing, made.path);
    try {
      file.ctx.db.prepare('UPDATE progress_notes SET summary_nonce = NULL, summary_ciphertext = NULL').run();
      expect(listSessionSummariesForClient(file.ctx, client.id)).toEqual(expected);
      expect(allNoteSummaries(file.ctx).get(sessions[1]!.id)).toEqual({ sessionId: sessions[1]!.id, templateId: 'BIRP', status: 'draft' });
    } finally {
      file.close();
    }
    expect(summaryRows(made.path).every((row) => row.summary_ciphertext === null)).toBe(true);

    reopened = await openVault(made.path, { derive });
    await reopened.unlock(PASSPHRASE);
    expect(reopened.sessions.listSummariesForClient(client.id)).toEqual(expected);
    await reopened.close();
    reopened = null;
    expect(summaryRows(made.path).every((row) => row.summary_ciphertext !== null && row.summary_nonce !== null)).toBe(true);
  });
});
