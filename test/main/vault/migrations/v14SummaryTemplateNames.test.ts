import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KDF_PARAMS } from '../../../../main/vault/kdfParams';
import { FORMAT_VERSION } from '../../../../main/vault/migrations';
import { openVault } from '../../../../main/vault/vault';
import { FORMAT12 } from '../../../fixtures/vaults/format12';
import { copyFixtureEachTest, fixtureIds, sealedRows, userVersion } from '../../../helpers/fixtureVaults';

const IDS = fixtureIds<{
  client: string;
  sessions: { kept: string; deleted: string; builtIn: string };
  notes: { kept: string; deleted: string; builtIn: string };
}>('format12');

interface SummaryColumns {
  id: string;
  summary_nonce: Buffer | null;
  summary_ciphertext: Buffer | null;
}

function summaryColumns(path: string): Record<string, string | null> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT id, summary_nonce, summary_ciphertext FROM progress_notes').all() as SummaryColumns[];
    return Object.fromEntries(
      rows.map((row) => [row.id, row.summary_nonce && row.summary_ciphertext ? `${row.summary_nonce.toString('hex')}:${row.summary_ciphertext.toString('hex')}` : null]),
    );
  } finally {
    db.close();
  }
}

const NOTES = {
  [IDS.sessions.kept]: { templateId: 'DAP', templateName: FORMAT12.templates.kept, status: 'draft' },
  [IDS.sessions.deleted]: { templateId: 'SOAP', templateName: FORMAT12.templates.deleted, status: 'signed' },
  [IDS.sessions.builtIn]: { templateId: 'SOAP', status: 'draft' },
};

describe('migration 14 (summaries sealed again, with the custom template name), on a vault written at format 12 (committed fixture)', () => {
  const copy = copyFixtureEachTest('format12');

  it("clears every summary, and the first unlock seals them again so the timeline and the agenda name each note's custom template", async () => {
    const { path } = copy;
    const open = async () => (copy.vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS }));
    const close = async () => {
      await copy.vault?.close();
      copy.vault = undefined;
    };
    expect(userVersion(path)).toBe(12);
    const rowsBefore = sealedRows(path);
    const summariesBefore = summaryColumns(path);
    expect(Object.values(summariesBefore).every((sealed) => sealed !== null)).toBe(true);

    // Opened and closed without an unlock: migrated, and no key was at hand to seal anything.
    await open();
    await close();
    expect(userVersion(path)).toBe(FORMAT_VERSION);
    expect(Object.values(summaryColumns(path))).toEqual([null, null, null]);

    let vault = await open();
    await vault.unlock(FORMAT12.passphrase);
    const timeline = vault.sessions.listSummariesForClient(IDS.client);
    expect(Object.fromEntries(timeline.map((session) => [session.id, session.note]))).toEqual(NOTES);
    expect(vault.agenda.range('2026-11-23', '2026-11-25').map((entry) => entry.note)).toEqual(Object.values(NOTES));
    await close();

    const summariesAfter = summaryColumns(path);
    for (const [id, sealed] of Object.entries(summariesAfter)) {
      expect(sealed, id).not.toBeNull();
      expect(sealed, id).not.toBe(summariesBefore[id]);
    }
    // The notes themselves are not rewritten: only their summaries are.
    expect(sealedRows(path)).toEqual(rowsBefore);

    // The next unlock finds nothing left to seal and reads the new summaries as they are.
    vault = await open();
    await vault.unlock(FORMAT12.passphrase);
    expect(vault.sessions.listSummariesForClient(IDS.client).find((session) => session.id === IDS.sessions.deleted)?.note).toEqual(
      NOTES[IDS.sessions.deleted],
    );
    await close();
    expect(summaryColumns(path)).toEqual(summariesAfter);
  });
});
