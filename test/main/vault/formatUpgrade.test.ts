import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { sendChanges } from '../../../main/sync/vaultFolderSync';
import { VaultReplica } from '../../../main/sync/vaultReplica';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { FORMAT_VERSION } from '../../../main/vault/migrations';
import { ROW_TABLES } from '../../../main/vault/tables';
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

  it('gets a sealed summary for each of its notes at the first unlock after the upgrade, matching the notes', async () => {
    const summaries = () => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare('SELECT summary_ciphertext IS NOT NULL AS sealed FROM progress_notes').pluck().all() as number[];
      } finally {
        db.close();
      }
    };
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.close();
    expect(userVersion(path)).toBe(FORMAT_VERSION);
    expect(summaries().length).toBeGreaterThan(0);
    expect(summaries().every((sealed) => sealed === 0)).toBe(true);

    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT2.passphrase);
    for (const clientId of [IDS.clients.tomas, IDS.clients.june]) {
      for (const session of vault.sessions.listSummariesForClient(clientId)) {
        const note = vault.progressNotes.getForSession(session.id);
        expect(session.note).toEqual(note ? { templateId: note.templateId, status: note.status } : null);
      }
    }
    await vault.close();
    vault = undefined;
    expect(summaries().every((sealed) => sealed === 1)).toBe(true);
  });

  it('gains sync state at format 12: its rows are stamped once when it first syncs, signed notes as final, and go out in batches', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT2.passphrase);
    const ctx = vault.syncContext();
    const replica = new VaultReplica(ctx.db, ctx.clock);
    expect(replica.device).toMatch(/^[0-9a-f]{32}$/);
    const rowCount = ROW_TABLES.reduce((sum, table) => sum + (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, 0);
    const auditCount = (ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const unstamped = rowCount + auditCount - (ctx.db.prepare('SELECT count(*) AS n FROM sync_versions WHERE flags & 2 = 0').get() as { n: number }).n;
    expect(replica.stampUnstamped(ctx)).toBe(unstamped);
    expect(replica.stampUnstamped(ctx)).toBe(0);
    const flags = ctx.db.prepare("SELECT flags FROM sync_versions WHERE table_name = 'progress_notes' AND row_id = ?").pluck();
    expect(flags.get(IDS.signedNote)).toBe(1);
    const folder = join(dir, 'synced');
    mkdirSync(folder);
    expect((await sendChanges(ctx, folder)).length).toBeGreaterThanOrEqual(1);
    expect(replica.unsentCount()).toBe(0);
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

  it('gains an empty access_requests table at format 9; its old disclosure shows in the accounting as a basis not recorded', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS, clock: { now: () => Date.parse('2026-06-01T12:00:00') } });
    await vault.unlock(FORMAT2.passphrase);
    expect(vault.accessRequests.listForClient(IDS.clients.tomas)).toEqual([]);
    const [old] = vault.disclosures.log({ clientId: IDS.clients.tomas });
    expect(old).toMatchObject({ clientId: IDS.clients.tomas, noteCount: expect.any(Number) });
    expect(old!.basis).toBeUndefined();
    expect(vault.disclosures.log({ clientId: IDS.clients.tomas, basisKinds: ['unrecorded'] })).toHaveLength(1);
    const request = vault.accessRequests.create({
      clientId: IDS.clients.tomas,
      receivedOn: '2026-05-30',
      requestedBy: 'The client',
      requested: 'Whole record',
      form: 'paper-copy',
      format: '',
      delivery: 'pickup',
      deliveryDetails: '',
    });
    expect(request).toMatchObject({ status: 'open', dueOn: '2026-06-29' });
    await vault.close();
    vault = undefined;
    const db = new Database(path, { readonly: true });
    try {
      const columns = (db.prepare('PRAGMA table_info(access_requests)').all() as { name: string }[]).map((column) => column.name);
      expect(columns).toEqual(['id', 'client_id', 'key_version', 'nonce', 'ciphertext']);
      const stored = db.prepare('SELECT ciphertext FROM access_requests').pluck().get() as Buffer;
      expect(stored.includes('Whole record')).toBe(false);
    } finally {
      db.close();
    }
  });

  it('gains an empty court_orders table at format 10 and records a court order in it', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS, clock: { now: () => Date.parse('2026-06-01T12:00:00') } });
    await vault.unlock(FORMAT2.passphrase);
    expect(vault.courtOrders.listForClient(IDS.clients.tomas)).toEqual([]);
    const order = vault.courtOrders.record({
      clientId: IDS.clients.tomas,
      court: 'Superior Court, County of Marin',
      judge: 'Hon. Ada Brennan',
      caseNumber: 'FL-26-0042',
      signedOn: '2026-05-28',
      signedBy: 'judge',
      namesPsychotherapyNotes: true,
    });
    expect(vault.courtOrders.listForClient(IDS.clients.tomas)).toEqual([order]);
    await vault.close();
    vault = undefined;
    expect(userVersion(path)).toBe(FORMAT_VERSION);
    const db = new Database(path, { readonly: true });
    try {
      const row = db.prepare('SELECT client_id FROM court_orders').get() as { client_id: string };
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

  it('gains an empty outcome_measures table at format 8 and records a PHQ-9 under the unsigned session, never the signed one', async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    await vault.unlock(FORMAT2.passphrase);
    expect(vault.measures.listForClient(IDS.clients.tomas)).toEqual([]);
    const draftSession = vault.sessions.get(IDS.sessions.draft);
    const measure = vault.measures.record({
      clientId: draftSession.clientId,
      sessionId: draftSession.id,
      instrument: 'phq9',
      responses: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    });
    expect(measure).toMatchObject({ score: 8, band: 'mild', risk: false, date: draftSession.date });
    const signedSession = vault.sessions.get(IDS.sessions.signed);
    await expectCode(
      () => vault!.measures.record({ clientId: signedSession.clientId, sessionId: signedSession.id, instrument: 'gad7', responses: [0, 0, 0, 0, 0, 0, 0] }),
      'NOTE_SIGNED',
    );
    await vault.close();
    vault = undefined;
    expect(userVersion(path)).toBe(FORMAT_VERSION);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT session_id FROM outcome_measures').pluck().all()).toEqual([IDS.sessions.draft]);
    } finally {
      db.close();
    }
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
