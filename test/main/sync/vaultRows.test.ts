/*
 * Rows of a real vault travel through a real folder exactly as the vault
 * stores them: sealed under their compartment's key, byte for byte, and
 * nothing readable lands in the folder.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncKey } from '../../../main/sync/batch';
import { deriveSyncKey, openBatch, sealBatch } from '../../../main/sync/batch';
import type { SyncTable } from '../../../main/sync/changes';
import { importNewBatches, MemoryImportedSet, nextBatchSeq, vaultFolder, writeBatchFile } from '../../../main/sync/folder';
import { HybridClock } from '../../../main/sync/hlc';
import { SyncReplica } from '../../../main/sync/replica';
import { MemoryRowStore } from '../../../main/sync/rowStore';
import type { Compartment } from '../../../main/vault/compartments';
import type { CompartmentKey } from '../../../main/vault/keyRing';
import { openRecoverySlot, parseRecoveryKey } from '../../../main/vault/keySlots';
import { openRow } from '../../../main/vault/rowCipher';
import { readSlots, readVaultId } from '../../../main/vault/slotStore';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { compartmentOf, TABLES } from '../../../main/vault/tables';
import { VaultError } from '../../../shared/errors';
import { createdVault, PSYCH_PASSPHRASE, tempDir } from '../../helpers/tempVault';
import { DEVICE_A, DEVICE_B } from './fixtures';

const PROGRESS_CANARY = 'CANARY-PROGRESS-7f3a9c';
const PSYCH_CANARY = 'CANARY-PSYCHOTHERAPY-52e1bd';
const CLIENT_NAME = 'Zelda Quarrington-Canary';
const TABLES_SYNCED = ['clients', 'sessions', 'progress_notes', 'psychotherapy_notes'] as const;

interface RawRow {
  id: string;
  parent: string | null;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
}

let sodium: Sodium;
let vaultId: string;
let keys: Record<Compartment, CompartmentKey>;
let rows: Record<(typeof TABLES_SYNCED)[number], RawRow[]>;
let root: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  sodium = await loadSodium();
  const made = await createdVault();
  cleanups.push(() => made.dispose());
  await made.vault.openPsychotherapy(PSYCH_PASSPHRASE);
  const client = made.vault.clients.create({ name: CLIENT_NAME });
  const session = made.vault.sessions.create({ clientId: client.id, date: '2026-11-30', startTime: '09:00', endTime: '09:50', modality: 'video' });
  made.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: `Client reported ${PROGRESS_CANARY}.` } });
  made.vault.psychotherapyNotes.create({ sessionId: session.id, text: `Process: ${PSYCH_CANARY}` });
  await made.vault.close();

  const db = new Database(made.path);
  vaultId = readVaultId(db)!;
  const recoveryKey = parseRecoveryKey(sodium, made.recoveryKey)!;
  const unwrap = (compartment: Compartment): CompartmentKey => {
    const slot = readSlots(db, compartment, 'recovery')[0]!;
    return { version: slot.keyVersion, key: openRecoverySlot(sodium, vaultId, slot, recoveryKey)!.key };
  };
  keys = { progress: unwrap('progress'), psychotherapy: unwrap('psychotherapy') };
  const read = (table: SyncTable & keyof typeof TABLES) => {
    const fk = TABLES[table].parentColumn;
    return db.prepare(`SELECT id, ${fk ?? 'NULL'} AS parent, key_version, nonce, ciphertext FROM ${table}`).all() as RawRow[];
  };
  rows = {
    clients: read('clients'),
    sessions: read('sessions'),
    progress_notes: read('progress_notes'),
    psychotherapy_notes: read('psychotherapy_notes'),
  };
  db.close();

  const folder = tempDir();
  cleanups.push(folder.cleanup);
  root = vaultFolder(folder.dir, vaultId);
  mkdirSync(root);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function syncKey(): SyncKey {
  return deriveSyncKey(sodium, keys.progress);
}

describe('rows of a real vault through a real folder', () => {
  it('arrive byte for byte, still sealed under their own compartment key, and the folder holds no plaintext', async () => {
    const time = { now: () => Date.UTC(2026, 11, 2, 9) };
    const sender = new SyncReplica(new MemoryRowStore(), new HybridClock(DEVICE_A, time));
    for (const table of TABLES_SYNCED) {
      for (const row of rows[table]) {
        sender.save({ table, rowId: row.id, parentId: row.parent, sealed: { keyVersion: row.key_version, nonce: row.nonce, ciphertext: row.ciphertext } });
      }
    }
    const key = syncKey();
    await sender.flush(async (changes) => {
      const seq = await nextBatchSeq(root, DEVICE_A, 0);
      await writeBatchFile(root, DEVICE_A, seq, sealBatch(sodium, key, { vaultId, device: DEVICE_A, seq }, { frontier: {}, changes }));
    });

    const folderBytes = readdirSync(join(root, 'devices', DEVICE_A)).map((name) => readFileSync(join(root, 'devices', DEVICE_A, name)));
    expect(folderBytes).toHaveLength(1);
    for (const bytes of folderBytes) {
      for (const canary of [PROGRESS_CANARY, PSYCH_CANARY, CLIENT_NAME, 'NARRATIVE']) {
        expect(bytes.includes(Buffer.from(canary))).toBe(false);
      }
    }

    const receiver = new SyncReplica(new MemoryRowStore(), new HybridClock(DEVICE_B, time));
    const outcome = await importNewBatches(root, DEVICE_B, new MemoryImportedSet(), (ref, bytes) => {
      receiver.import(openBatch(sodium, (v) => (v === key.version ? key : undefined), { vaultId, device: ref.device, seq: ref.seq }, bytes).body.changes);
    });
    expect(outcome.refused).toEqual([]);

    const texts: string[] = [];
    for (const table of TABLES_SYNCED) {
      for (const row of rows[table]) {
        const arrived = receiver.store.current(table, row.id)!;
        expect(Buffer.from(arrived.sealed!.ciphertext)).toEqual(row.ciphertext);
        expect(Buffer.from(arrived.sealed!.nonce)).toEqual(row.nonce);
        expect(arrived.parentId).toBe(row.parent);
        const payload = openRow<Record<string, unknown>>(sodium, keys[compartmentOf(table)], { vaultId, table, rowId: row.id }, arrived.sealed!);
        texts.push(JSON.stringify(payload));
      }
    }
    expect(texts.some((text) => text.includes(PROGRESS_CANARY))).toBe(true);
    expect(texts.some((text) => text.includes(PSYCH_CANARY))).toBe(true);
  });

  it('keep a psychotherapy note closed to the progress key, and a row moved to another id closed to every key', () => {
    const note = rows.psychotherapy_notes[0]!;
    const sealed = { keyVersion: note.key_version, nonce: note.nonce, ciphertext: note.ciphertext };
    expect(() => openRow(sodium, keys.progress, { vaultId, table: 'psychotherapy_notes', rowId: note.id }, sealed)).toThrow(VaultError);
    const other = rows.clients[0]!;
    expect(() =>
      openRow(sodium, keys.progress, { vaultId, table: 'clients', rowId: other.id }, { keyVersion: 1, nonce: rows.progress_notes[0]!.nonce, ciphertext: rows.progress_notes[0]!.ciphertext }),
    ).toThrow(VaultError);
  });
});
