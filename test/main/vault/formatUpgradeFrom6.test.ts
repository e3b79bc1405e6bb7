import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { FORMAT_VERSION } from '../../../main/vault/migrations';
import { openVault } from '../../../main/vault/vault';
import type { Vault } from '../../../main/vault/vaultApi';
import { FORMAT6 } from '../../fixtures/vaults/format6';
import { copyFixture, fixtureIds, sealedRows, userVersion } from '../../helpers/fixtureVaults';
import { tempDir } from '../../helpers/tempVault';
import { expectCode } from './tamper';

const IDS = fixtureIds<{
  recoveryKey: string;
  clients: { tomas: string; june: string };
  sessions: { signed: string; draft: string };
  signedNote: string;
  standingAppointment: string;
  diagnosis: string;
  treatmentPlan: string;
  authorization: string;
}>('format6');

const NOW = { now: () => Date.parse('2026-12-01T09:00:00') };

describe('a vault written at format 6 (committed fixture)', () => {
  let cleanup: () => void;
  let path: string;
  let vault: Vault | undefined;

  beforeEach(() => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    path = join(dir, 'vault.sqlite');
    copyFixture('format6', path);
  });
  afterEach(async () => {
    await vault?.close().catch(() => undefined);
    vault = undefined;
    cleanup();
  });

  it('upgrades in place and reads every record of formats 3 to 6 as it was written, leaving each sealed row untouched', async () => {
    expect(userVersion(path)).toBe(6);
    const before = sealedRows(path);
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS, clock: NOW });
    await vault.unlock(FORMAT6.passphrase);

    expect(vault.clients.list().map((client) => client.name).sort()).toEqual(['June Okafor', 'Tomás Álvarez']);
    expect(vault.progressNotes.get(IDS.signedNote)).toMatchObject({
      fields: { subjective: FORMAT6.markers.signedSubjective },
      signedBy: expect.stringContaining('Dana Whitfield'),
    });
    expect(vault.progressNotes.getForSession(IDS.sessions.draft)?.fields['data']).toBe(FORMAT6.markers.draftData);
    expect(vault.standingAppointments.get(IDS.standingAppointment)).toMatchObject({ clientId: IDS.clients.june, weekdays: [2], startTime: '14:00' });
    expect(vault.diagnoses.get(IDS.diagnosis)).toMatchObject({ clientId: IDS.clients.tomas, code: 'F32.1', rank: 'primary', status: 'active' });
    const plan = vault.treatmentPlans.get(IDS.treatmentPlan);
    expect(plan.status).toBe('signed');
    expect(plan.content.problems[0]?.goals[0]?.objectives[0]?.statement).toBe(FORMAT6.markers.planObjective);
    expect(plan.content.problems[0]?.diagnosisIds).toEqual([IDS.diagnosis]);
    expect(vault.authorizations.get(IDS.authorization)).toMatchObject({ recipient: FORMAT6.markers.authorizationRecipient, status: 'active' });
    const [disclosure] = vault.disclosures.listForClient(IDS.clients.tomas);
    expect(disclosure?.basis).toMatchObject({ kind: 'authorization', authorizationId: IDS.authorization });
    expect(vault.settings.get()).toMatchObject({ clinicianName: 'Dana Whitfield', npi: '1234567893' });
    await vault.close();
    vault = undefined;

    expect(userVersion(path)).toBe(FORMAT_VERSION);
    const after = sealedRows(path);
    for (const [key, sealed] of Object.entries(before)) expect(after[key], key).toBe(sealed);
  });

  it('keeps the psychotherapy compartment apart after the upgrade and folds in the note captured while it was closed', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS, clock: NOW });
    await vault.unlock(FORMAT6.passphrase);
    await expectCode(() => vault!.psychotherapyNotes.listForSession(IDS.sessions.signed), 'PSYCHOTHERAPY_LOCKED');
    expect(vault.sealedCapture.countForSession(IDS.sessions.signed)).toBe(1);
    await expectCode(() => vault!.openPsychotherapy(FORMAT6.passphrase), 'WRONG_PASSPHRASE');
    await vault.openPsychotherapy(FORMAT6.psychotherapyPassphrase);
    // The fixture's writer ran on a fixed clock, so both notes carry one timestamp: compare as a set.
    expect(vault.psychotherapyNotes.listForSession(IDS.sessions.signed).map((note) => note.text).sort()).toEqual(
      [FORMAT6.markers.psychotherapy, FORMAT6.markers.sealed].sort(),
    );
    expect(vault.sealedCapture.countForSession(IDS.sessions.signed)).toBe(0);
  });

  it('still opens with its recovery key after the upgrade, and refuses a wrong passphrase', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS, clock: NOW });
    await expectCode(() => vault!.unlock(FORMAT6.passphrase.toUpperCase()), 'WRONG_PASSPHRASE');
    await vault.unlockWithRecoveryKey({ recoveryKey: IDS.recoveryKey, newPassphrase: 'a brand new passphrase for fixture six' });
    expect(vault.clients.list()).toHaveLength(2);
  });
});
