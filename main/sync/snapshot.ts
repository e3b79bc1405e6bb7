/*
 * Writing snapshots and letting old batch files go (docs/SYNC.md section 6).
 * A snapshot is every version, waiting version, conflict copy and dismissal a
 * device holds, sealed in parts like batches, with the frontier of every batch
 * it merged (its own last batch included); snapshotImport.ts reads them. A
 * device deletes its own batches once a snapshot covers them and every other
 * active device reports them merged.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncError } from '../../shared/errors';
import type { VaultContext } from '../vault/context';
import { wipe } from '../vault/sodium';
import type { SyncKey } from './batch';
import { deriveSyncKey, openBatch, sealSnapshotPart } from './batch';
import type { BatchBody, Frontier } from './changes';
import { listDevices, removedDevices } from './devices';
import { batchName, batchSeqsOf, deviceFolder, listBatchFiles, listSnapshotFiles, removeOwnFile, snapshotName, vaultFolder, writeSnapshotFile } from './folder';
import { withSyncKeys } from './snapshotImport';
import { BATCH_CHANGES, receiveChanges, sendChanges } from './vaultFolderSync';
import { VaultImportedSet } from './vaultImported';
import { VaultReplica } from './vaultReplica';
import { readSyncState } from './vaultState';

/** A device that has written nothing for this long stops holding back the deletion of others' batches. */
export const IDLE_DEVICE_MS = 90 * 24 * 3_600_000;

/**
 * Sends what is unsent, then writes a snapshot numbered by this device's last
 * batch, in parts of at most BATCH_CHANGES changes. Returns its number, or
 * null when there is nothing to number it by or a key rotation is re-encrypting
 * (rows would travel under the old key).
 */
export async function writeSnapshot(ctx: VaultContext, chosenFolder: string): Promise<number | null> {
  await sendChanges(ctx, chosenFolder);
  const replica = new VaultReplica(ctx.db, ctx.clock);
  if (replica.unsentCount() > 0) return null;
  const { device, lastBatchSeq: seq } = readSyncState(ctx.db);
  if (seq === 0) return null;
  const root = vaultFolder(chosenFolder, ctx.vaultId);
  const changes = replica.everything();
  const frontier: Frontier = { ...new VaultImportedSet(ctx.db).frontier(), [device]: seq };
  const parts = Math.max(1, Math.ceil(changes.length / BATCH_CHANGES));
  // A snapshot of this number cut short by a crash is written again whole.
  for (const ref of await listSnapshotFiles(root)) if (ref.device === device && ref.seq === seq) await removeOwnFile(root, device, snapshotName(seq, ref.part));
  const key = deriveSyncKey(ctx.sodium, ctx.keys.get('progress'));
  try {
    for (let part = 1; part <= parts; part += 1) {
      const body: BatchBody = { frontier, changes: changes.slice((part - 1) * BATCH_CHANGES, part * BATCH_CHANGES) };
      await writeSnapshotFile(root, device, seq, part, sealSnapshotPart(ctx.sodium, key, { vaultId: ctx.vaultId, device, seq }, { part, parts }, body));
    }
  } finally {
    wipe(ctx.sodium, key.key);
  }
  return seq;
}

export interface Compaction {
  /** The snapshot written, or null when none could be (see writeSnapshot). */
  snapshot: number | null;
  /** Own batch numbers deleted. */
  deleted: number[];
}

/** The highest of this device's batches that `device` reports merged, from its newest batch or snapshot; 0 when it reports none. */
async function reportedMerged(ctx: VaultContext, root: string, device: string, own: string, keyFor: (version: number) => SyncKey | undefined): Promise<{ merged: number; lastWrite: number }> {
  let merged = 0;
  let lastWrite = 0;
  const seqs = await batchSeqsOf(root, device);
  const newest = seqs.at(-1);
  if (newest !== undefined) {
    const path = join(deviceFolder(root, device), batchName(newest));
    lastWrite = (await stat(path)).mtimeMs;
    try {
      merged = openBatch(ctx.sodium, keyFor, { vaultId: ctx.vaultId, device, seq: newest }, new Uint8Array(await readFile(path))).body.frontier[own] ?? 0;
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
    }
  }
  return { merged, lastWrite };
}

/**
 * Writes a snapshot, then deletes this device's batches that it covers and
 * that every other device not removed, and not idle for IDLE_DEVICE_MS,
 * reports merged in its newest batch, and this device's older snapshots.
 * Nothing is deleted while no snapshot could be written.
 */
export async function compactFolder(ctx: VaultContext, chosenFolder: string, now: number = ctx.clock.now()): Promise<Compaction> {
  await receiveChanges(ctx, chosenFolder);
  const snapshot = await writeSnapshot(ctx, chosenFolder);
  if (snapshot === null) return { snapshot, deleted: [] };
  const root = vaultFolder(chosenFolder, ctx.vaultId);
  const own = readSyncState(ctx.db).device;
  const removed = removedDevices(ctx);
  const others = new Set<string>([...(await listBatchFiles(root, own)).map((ref) => ref.device)]);
  for (const device of new VaultImportedSet(ctx.db).knownDevices()) others.add(device);
  for (const device of listDevices(ctx)) others.add(device.id);
  const limit = await withSyncKeys(ctx, async (keyFor) => {
    let lowest = snapshot;
    for (const device of others) {
      if (removed.has(device) || device === own) continue;
      const { merged, lastWrite } = await reportedMerged(ctx, root, device, own, keyFor);
      if (lastWrite !== 0 && now - lastWrite > IDLE_DEVICE_MS) continue;
      lowest = Math.min(lowest, merged);
    }
    return lowest;
  });
  const deleted: number[] = [];
  for (const seq of await batchSeqsOf(root, own)) {
    if (seq > limit) break;
    await removeOwnFile(root, own, batchName(seq));
    deleted.push(seq);
  }
  for (const ref of await listSnapshotFiles(root)) {
    if (ref.device === own && ref.seq < snapshot) await removeOwnFile(root, own, snapshotName(ref.seq, ref.part));
  }
  return { snapshot, deleted };
}

