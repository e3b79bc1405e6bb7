import Database from 'better-sqlite3';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_KDF_PARAMS } from '../../../../main/vault/kdfParams';
import { FORMAT_VERSION } from '../../../../main/vault/migrations';
import { openVault } from '../../../../main/vault/vault';
import type { Vault } from '../../../../main/vault/vaultApi';
import { FORMAT2 } from '../../../fixtures/vaults/format2';
import { tempDir } from '../../../helpers/tempVault';

const FIXTURE_DIR = join(__dirname, '../../../fixtures/vaults');
const IDS = JSON.parse(readFileSync(join(FIXTURE_DIR, 'format2.ids.json'), 'utf8')) as {
  clients: { tomas: string; june: string };
};

function inspect<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const tableNames = (db: Database.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];

describe('the migrations to format 6 on the committed format-2 fixture vault', () => {
  let cleanup: () => void;
  let path: string;
  let vault: Vault | undefined;

  beforeEach(() => {
    const made = tempDir();
    cleanup = made.cleanup;
    path = join(made.dir, 'vault.sqlite');
    copyFileSync(join(FIXTURE_DIR, 'format2.sqlite'), path);
  });
  afterEach(async () => {
    await vault?.close().catch(() => undefined);
    vault = undefined;
    cleanup();
  });

  it('adds the diagnoses and treatment_plans tables in place, empty, and they hold a sealed clinical record', async () => {
    expect(inspect(path, tableNames)).not.toContain('diagnoses');
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT2.passphrase);
    expect(vault.diagnoses.listForClient(IDS.clients.tomas)).toEqual([]);
    expect(vault.treatmentPlans.getRecord(IDS.clients.tomas)).toEqual({ current: null, draft: null, history: [] });

    const diagnosis = vault.diagnoses.add({ clientId: IDS.clients.tomas, code: 'F43.21', rank: 'primary', status: 'active' });
    const draft = vault.treatmentPlans.saveDraft({
      clientId: IDS.clients.tomas,
      content: {
        problems: [
          {
            statement: 'Grief after a loss',
            diagnosisIds: [diagnosis.id],
            goals: [{ statement: 'Returns to work', objectives: [{ statement: 'Works 4 days a week', targetDate: '2027-01-15' }] }],
          },
        ],
        interventions: [{ description: 'Grief-focused CBT', frequency: 'weekly', modality: 'individual, in person' }],
      },
    });
    const signed = vault.treatmentPlans.signAsClinician(draft.id);
    expect(signed.signedBy).toContain('Dana Whitfield');
    await vault.close();
    vault = undefined;

    const stored = inspect(path, (db) => ({
      version: db.pragma('user_version', { simple: true }),
      names: tableNames(db),
      diagnoses: db.prepare('SELECT client_id, ciphertext FROM diagnoses').all() as { client_id: string; ciphertext: Buffer }[],
      plans: db.prepare('SELECT client_id, ciphertext FROM treatment_plans').all() as { client_id: string; ciphertext: Buffer }[],
    }));
    expect(stored.version).toBe(FORMAT_VERSION);
    expect(stored.names).toEqual(
      expect.arrayContaining(['diagnoses', 'treatment_plans', 'diagnoses_by_client', 'treatment_plans_by_client']),
    );
    expect(stored.diagnoses.map((row) => row.client_id)).toEqual([IDS.clients.tomas]);
    expect(stored.plans.map((row) => row.client_id)).toEqual([IDS.clients.tomas]);
    for (const row of [...stored.diagnoses, ...stored.plans]) {
      const bytes = row.ciphertext.toString('latin1');
      for (const plain of ['F43.21', 'Grief', 'Dana', 'Adjustment']) expect(bytes).not.toContain(plain);
    }

    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT2.passphrase);
    expect(vault.diagnoses.listForClient(IDS.clients.tomas).map((entry) => entry.code)).toEqual(['F43.21']);
    expect(vault.treatmentPlans.getRecord(IDS.clients.tomas).current).toEqual(signed);
  });
});
