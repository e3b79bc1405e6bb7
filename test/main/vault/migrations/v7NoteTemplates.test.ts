import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyStructureInput } from '../../../../shared/clinical/noteStructure';
import { DEFAULT_KDF_PARAMS } from '../../../../main/vault/kdfParams';
import { openVault } from '../../../../main/vault/vault';
import type { Vault } from '../../../../main/vault/vaultApi';
import { FORMAT6 } from '../../../fixtures/vaults/format6';
import { copyFixture, fixtureIds } from '../../../helpers/fixtureVaults';
import { tempDir } from '../../../helpers/tempVault';

const IDS = fixtureIds<{
  sessions: { signed: string; draft: string };
  signedNote: string;
}>('format6');

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('migration 7 (note templates) on the committed format-6 fixture vault (the format before it)', () => {
  let cleanup: () => void;
  let path: string;
  let vault: Vault | undefined;

  beforeEach(() => {
    const made = tempDir();
    cleanup = made.cleanup;
    path = join(made.dir, 'vault.sqlite');
    copyFixture('format6', path);
  });
  afterEach(async () => {
    await vault?.close().catch(() => undefined);
    vault = undefined;
    cleanup();
  });

  it('adds an empty note_templates table; notes written before the structured parts open without them and a draft takes them', async () => {
    expect(tables(path)).not.toContain('note_templates');
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT6.passphrase);
    expect(vault.noteTemplates.list()).toEqual([]);

    const signed = vault.progressNotes.get(IDS.signedNote);
    expect(signed.status).toBe('signed');
    expect(signed.structure).toBeUndefined();
    expect(signed.template).toBeUndefined();
    expect(signed.fields['subjective']).toBe(FORMAT6.markers.signedSubjective);

    const draft = vault.progressNotes.getForSession(IDS.sessions.draft)!;
    const saved = vault.progressNotes.saveDraft({
      sessionId: IDS.sessions.draft,
      templateId: draft.templateId,
      fields: draft.fields,
      structure: { ...emptyStructureInput(), attendees: ['Client'], interventions: ['Psychoeducation'] },
    });
    expect(saved.structure).toMatchObject({ attendees: ['Client'], interventions: ['Psychoeducation'] });
    expect(saved.fields['data']).toBe(FORMAT6.markers.draftData);

    const template = vault.noteTemplates.create({
      name: 'Upgraded',
      basedOn: 'SOAP',
      fields: [{ id: 'subjective', label: 'Subjective', prompt: '', rows: 5, carryForward: false }],
    });
    expect(vault.noteTemplates.get(template.id)).toEqual(template);
    await vault.close();
    vault = undefined;
    expect(tables(path)).toContain('note_templates');
  });
});
