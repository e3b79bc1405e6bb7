import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { FORMAT_VERSION } from '../../../main/vault/migrations';
import { openVault } from '../../../main/vault/vault';
import type { Vault } from '../../../main/vault/vaultApi';
import { FORMAT2 } from '../../fixtures/vaults/format2';
import { copyFixture, fixtureIds, sealedRows, userVersion } from '../../helpers/fixtureVaults';
import { tempDir } from '../../helpers/tempVault';
import { expectCode } from './tamper';

const IDS = fixtureIds<{
  recoveryKey: string;
  clients: { tomas: string; june: string };
  sessions: { signed: string; draft: string };
  signedNote: string;
}>('format2');

describe('a vault written at format 2 (committed fixture)', () => {
  let dir: string;
  let cleanup: () => void;
  let path: string;
  let vault: Vault | undefined;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    path = join(dir, 'vault.sqlite');
    copyFixture('format2', path);
  });
  afterEach(async () => {
    await vault?.close().catch(() => undefined);
    vault = undefined;
    cleanup();
  });

  it('upgrades in place to the current format and reads every record as it was written', async () => {
    expect(userVersion(path)).toBe(2);
    const before = sealedRows(path);
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT2.passphrase);

    const clients = vault.clients.list();
    expect(clients.map((client) => client.name).sort()).toEqual(['June Okafor', 'Tomás Álvarez']);
    const note = vault.progressNotes.get(IDS.signedNote);
    expect(note.fields['subjective']).toBe(FORMAT2.markers.signedSubjective);
    expect(note.signedBy).toContain('Dana Whitfield');
    expect(note.addenda.map((addendum) => addendum.text)).toEqual([FORMAT2.markers.addendum]);
    expect(vault.progressNotes.getForSession(IDS.sessions.draft)?.fields['data']).toBe(FORMAT2.markers.draftData);
    expect(vault.disclosures.listForClient(IDS.clients.tomas)).toHaveLength(1);
    expect(vault.settings.get().clinicianName).toBe('Dana Whitfield');

    await expectCode(() => vault!.psychotherapyNotes.listForSession(IDS.sessions.signed), 'PSYCHOTHERAPY_LOCKED');
    await vault.openPsychotherapy(FORMAT2.psychotherapyPassphrase);
    expect(vault.psychotherapyNotes.listForSession(IDS.sessions.signed).map((entry) => entry.text)).toEqual([FORMAT2.markers.psychotherapy]);
    await vault.close();
    vault = undefined;

    expect(userVersion(path)).toBe(FORMAT_VERSION);
    const after = sealedRows(path);
    for (const [key, sealed] of Object.entries(before)) expect(after[key], key).toBe(sealed);
  });

  it('gains an empty authorizations table at format 4, keeps its old disclosure without a basis, and records authorizations', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS, clock: { now: () => Date.parse('2026-06-01T12:00:00') } });
    await vault.unlock(FORMAT2.passphrase);
    expect(vault.authorizations.listForClient(IDS.clients.tomas)).toEqual([]);
    const [old] = vault.disclosures.listForClient(IDS.clients.tomas);
    expect(old).toBeDefined();
    expect(old!.basis).toBeUndefined();
    expect(vault.settings.get()).toMatchObject({ npi: '', taxId: '' });
    const recorded = vault.authorizations.create({
      clientId: IDS.clients.tomas,
      kind: 'records',
      information: 'Progress notes from 2025',
      discloser: 'Dana Whitfield',
      recipient: 'Primary care physician',
      purpose: 'Coordination of care',
      expiry: { kind: 'date', date: '2026-12-31' },
      signedOn: '2026-05-30',
      signedBy: { kind: 'client' },
    });
    expect(recorded.status).toBe('active');
    await vault.close();
    vault = undefined;
    expect(userVersion(path)).toBe(FORMAT_VERSION);
    const db = new Database(path, { readonly: true });
    try {
      const columns = (db.prepare('PRAGMA table_info(authorizations)').all() as { name: string }[]).map((column) => column.name);
      expect(columns).toEqual(['id', 'client_id', 'key_version', 'nonce', 'ciphertext']);
      const row = db.prepare('SELECT client_id FROM authorizations').get() as { client_id: string };
      expect(row.client_id).toBe(IDS.clients.tomas);
    } finally {
      db.close();
    }
  });

  it('gets its quick-capture key pair the first time the psychotherapy compartment opens after the upgrade', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT2.passphrase);
    const keyRows = () => {
      const db = new Database(path, { readonly: true });
      try {
        return ['capture_public_keys', 'capture_secret_keys', 'sealed_notes'].map(
          (table) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number,
        );
      } finally {
        db.close();
      }
    };
    const capture = { sessionId: IDS.sessions.signed, text: 'captured in the upgraded vault' };
    await expectCode(() => vault!.sealedCapture.capture(capture), 'CAPTURE_UNAVAILABLE');
    await vault.close();
    expect(userVersion(path)).toBe(FORMAT_VERSION);
    expect(keyRows()).toEqual([0, 0, 0]);

    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT2.passphrase);
    await vault.openPsychotherapy(FORMAT2.psychotherapyPassphrase);
    vault.closePsychotherapy();
    expect(vault.sealedCapture.capture(capture).sealedCount).toBe(1);
    await vault.close();
    expect(keyRows()).toEqual([1, 1, 1]);

    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT2.passphrase);
    await vault.openPsychotherapy(FORMAT2.psychotherapyPassphrase);
    expect(vault.psychotherapyNotes.listForSession(IDS.sessions.signed).map((entry) => entry.text)).toEqual([
      FORMAT2.markers.psychotherapy,
      capture.text,
    ]);
    expect(vault.audit.list().filter((entry) => entry.event === 'captureKeys.created')).toHaveLength(1);
    await vault.close();
    expect(keyRows()).toEqual([1, 1, 0]);
  });

  it('still opens with its recovery key after the upgrade', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlockWithRecoveryKey({ recoveryKey: IDS.recoveryKey, newPassphrase: 'a brand new passphrase for the fixture' });
    expect(vault.clients.list()).toHaveLength(2);
  });

  it('refuses a wrong passphrase after the upgrade', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await expectCode(() => vault!.unlock('not the fixture passphrase'), 'WRONG_PASSPHRASE');
  });
});
