import { mkdirSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncKey } from '../../../main/sync/batch';
import { deriveSyncKey, openBatch, sealBatch } from '../../../main/sync/batch';
import type { BatchFileRef } from '../../../main/sync/folder';
import {
  batchName,
  importNewBatches,
  listBatchFiles,
  MemoryImportedSet,
  nextBatchSeq,
  vaultFolder,
  writeBatchFile,
} from '../../../main/sync/folder';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { SyncError } from '../../../shared/errors';
import { tempDir } from '../../helpers/tempVault';
import { DEVICE_A, DEVICE_B, DEVICE_C, hexId, T0, VAULT_ID, version } from './fixtures';

let sodium: Sodium;
let key: SyncKey;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  sodium = await loadSodium();
  key = deriveSyncKey(sodium, { version: 1, key: sodium.crypto_aead_xchacha20poly1305_ietf_keygen() });
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function syncRoot(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const root = vaultFolder(dir, VAULT_ID);
  mkdirSync(root);
  return root;
}

function batch(device: string, seq: number): Uint8Array {
  const change = { kind: 'version' as const, version: version('clients', hexId(seq), device, { wall: T0 + seq, logical: 0 }) };
  return sealBatch(sodium, key, { vaultId: VAULT_ID, device, seq }, { frontier: {}, changes: [change] });
}

function opener(applied: BatchFileRef[]) {
  return (ref: BatchFileRef, bytes: Uint8Array) => {
    openBatch(sodium, () => key, { vaultId: VAULT_ID, device: ref.device, seq: ref.seq }, bytes);
    applied.push(ref);
  };
}

describe('folder transport', () => {
  it('writes a batch into the device folder under its final name, mode 0600, leaving no temporary file', async () => {
    const root = syncRoot();
    const path = await writeBatchFile(root, DEVICE_A, 1, batch(DEVICE_A, 1));
    expect(path).toBe(join(root, 'devices', DEVICE_A, 'b-000000000001.tvsb'));
    expect(readdirSync(join(root, 'devices', DEVICE_A))).toEqual(['b-000000000001.tvsb']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('never writes over a batch that exists', async () => {
    const root = syncRoot();
    await writeBatchFile(root, DEVICE_A, 1, batch(DEVICE_A, 1));
    await expect(writeBatchFile(root, DEVICE_A, 1, batch(DEVICE_A, 1))).rejects.toBeInstanceOf(SyncError);
    expect(readdirSync(join(root, 'devices', DEVICE_A))).toEqual(['b-000000000001.tvsb']);
  });

  it('numbers past the files already in its folder, so a vault restored from a backup reuses no number', async () => {
    const root = syncRoot();
    expect(await nextBatchSeq(root, DEVICE_A, 0)).toBe(1);
    await writeBatchFile(root, DEVICE_A, 1, batch(DEVICE_A, 1));
    await writeBatchFile(root, DEVICE_A, 2, batch(DEVICE_A, 2));
    expect(await nextBatchSeq(root, DEVICE_A, 1)).toBe(3);
    expect(await nextBatchSeq(root, DEVICE_A, 9)).toBe(10);
  });

  it("lists other devices' batches only, ignoring temporary files, sync-conflict copies and stray names", async () => {
    const root = syncRoot();
    await writeBatchFile(root, DEVICE_A, 1, batch(DEVICE_A, 1));
    await writeBatchFile(root, DEVICE_B, 1, batch(DEVICE_B, 1));
    await writeBatchFile(root, DEVICE_B, 2, batch(DEVICE_B, 2));
    const folderB = join(root, 'devices', DEVICE_B);
    const copy = batch(DEVICE_B, 2);
    for (const stray of [
      'b-000000000002.sync-conflict-20261202-101500-ABCDEFG.tvsb',
      'b-000000000002 (conflicted copy 2026-12-02).tvsb',
      'b-000000000002 2.tvsb',
      '.b-000000000003.tvsb.0123456789ab.tmp',
      'b-000000000003.tvsb.partial',
      'b-3.tvsb',
      'notes.txt',
    ]) {
      writeFileSync(join(folderB, stray), copy);
    }
    mkdirSync(join(root, 'devices', 'not-a-device'));
    writeFileSync(join(root, 'devices', 'not-a-device', batchName(1)), copy);
    const listed = await listBatchFiles(root, DEVICE_A);
    expect(listed.map(({ device, seq }) => [device, seq])).toEqual([
      [DEVICE_B, 1],
      [DEVICE_B, 2],
    ]);
  });

  it('imports each file once, however often it is listed or delivered', async () => {
    const root = syncRoot();
    await writeBatchFile(root, DEVICE_B, 1, batch(DEVICE_B, 1));
    const imported = new MemoryImportedSet();
    const applied: BatchFileRef[] = [];
    await importNewBatches(root, DEVICE_A, imported, opener(applied));
    await importNewBatches(root, DEVICE_A, imported, opener(applied));
    writeFileSync(join(root, 'devices', DEVICE_B, 'b-000000000001.sync-conflict-20261202-101500-XYZ.tvsb'), batch(DEVICE_B, 1));
    await importNewBatches(root, DEVICE_A, imported, opener(applied));
    expect(applied.map((ref) => ref.seq)).toEqual([1]);
    expect(imported.frontier()).toEqual({ [DEVICE_B]: 1 });
  });

  it('leaves a half-copied file for a later pass and imports it once it is whole', async () => {
    const root = syncRoot();
    const whole = batch(DEVICE_B, 1);
    const folderB = join(root, 'devices', DEVICE_B);
    mkdirSync(folderB, { recursive: true });
    writeFileSync(join(folderB, batchName(1)), whole.subarray(0, whole.length - 100));
    const imported = new MemoryImportedSet();
    const applied: BatchFileRef[] = [];
    const first = await importNewBatches(root, DEVICE_A, imported, opener(applied));
    expect(first.refused.map((entry) => entry.code)).toEqual(['SYNC_TRUNCATED']);
    expect(imported.has(DEVICE_B, 1)).toBe(false);
    writeFileSync(join(folderB, batchName(1)), whole);
    const second = await importNewBatches(root, DEVICE_A, imported, opener(applied));
    expect(second.refused).toEqual([]);
    expect(applied.map((ref) => ref.seq)).toEqual([1]);
  });

  it('refuses a batch renamed to another number or copied into another device folder', async () => {
    const root = syncRoot();
    const folderB = join(root, 'devices', DEVICE_B);
    const folderC = join(root, 'devices', DEVICE_C);
    mkdirSync(folderB, { recursive: true });
    mkdirSync(folderC, { recursive: true });
    writeFileSync(join(folderB, batchName(5)), batch(DEVICE_B, 1));
    writeFileSync(join(folderC, batchName(1)), batch(DEVICE_B, 1));
    const outcome = await importNewBatches(root, DEVICE_A, new MemoryImportedSet(), opener([]));
    expect(outcome.imported).toEqual([]);
    expect(outcome.refused.map((entry) => entry.code)).toEqual(['SYNC_MISPLACED', 'SYNC_MISPLACED']);
  });

  it('refuses a file larger than any batch without reading it', async () => {
    const root = syncRoot();
    const folderB = join(root, 'devices', DEVICE_B);
    mkdirSync(folderB, { recursive: true });
    const path = join(folderB, batchName(1));
    writeFileSync(path, batch(DEVICE_B, 1));
    truncateSync(path, 80 + 64 * 1024 * 1024 + 1);
    const outcome = await importNewBatches(root, DEVICE_A, new MemoryImportedSet(), () => {
      throw new Error('a file this large must not be read');
    });
    expect(outcome.refused.map((entry) => entry.code)).toEqual(['SYNC_BAD_BATCH']);
  });

  it('reports a folder that is gone as SYNC_FOLDER_MISSING and writes nothing', async () => {
    const root = join(syncRoot(), 'gone');
    await expect(listBatchFiles(root, DEVICE_A)).rejects.toMatchObject({ code: 'SYNC_FOLDER_MISSING' });
    await expect(writeBatchFile(root, DEVICE_A, 1, batch(DEVICE_A, 1))).rejects.toMatchObject({ code: 'SYNC_FOLDER_MISSING' });
  });

  it('keeps the frontier at the last number without a gap', () => {
    const imported = new MemoryImportedSet();
    imported.add(DEVICE_B, 1);
    imported.add(DEVICE_B, 3);
    imported.add(DEVICE_C, 2);
    expect(imported.frontier()).toEqual({ [DEVICE_B]: 1 });
    imported.add(DEVICE_B, 2);
    expect(imported.frontier()).toEqual({ [DEVICE_B]: 3 });
  });
});
