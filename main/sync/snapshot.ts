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
import { slotVersions } from '../vault/keyRotation';
import { wipe } from '../vault/sodium';
import type { EncodedChanges, SyncKey } from './batch';
import { deriveSyncKey, openBatch, sealSnapshotPart, writeChange } from './batch';
import { ByteWriter } from './bytes';
import type { Change, Frontier, SyncTable } from './changes';
import { SYNC_TABLES } from './changes';
import { listDevices, removedDevices } from './devices';
import type { StagedFile } from './folder';
import { batchName, batchSeqsOf, deviceFolder, discardStaged, listBatchFiles, listSnapshotFiles, publishStaged, removeOwnFile, snapshotName, stageSnapshotPart, vaultFolder } from './folder';
import { ownSnapshotCurrent } from './snapshotCurrent';
import { withSyncKeys } from './snapshotImport';
import { BATCH_CHANGES, receiveChanges, sendChanges } from './vaultFolderSync';
import { VaultImportedSet } from './vaultImported';
import { PARENT_FIRST, VaultReplica } from './vaultReplica';
import { readSyncState } from './vaultState';

/** A device that has written nothing for this long stops holding back the deletion of others' batches. */
export const IDLE_DEVICE_MS = 90 * 24 * 3_600_000;

/**
 * Versions read and encoded between two turns of the event loop. A turn
 * then takes a few milliseconds, so the window keeps answering while a
 * snapshot of a large vault is written.
 */
const PAGE_CHANGES = 200;

/** Tables in the order a snapshot lists their versions: parents first. */
const SNAPSHOT_TABLES: readonly SyncTable[] = [...PARENT_FIRST, ...SYNC_TABLES.filter((table) => !PARENT_FIRST.includes(table))];

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What decides which keys rows are under: a rotation that began or ended meanwhile makes a snapshot stale. */
function keyState(ctx: VaultContext): string {
  return JSON.stringify([ctx.keys.get('progress').version, slotVersions(ctx.db, 'progress'), slotVersions(ctx.db, 'psychotherapy')]);
}

/**
 * Every change a snapshot lists (VaultReplica.versionsAfter, then
 * heldAndCopies), encoded into parts of at most BATCH_CHANGES changes, read
 * a page at a time with a turn of the event loop after each page; null once
 * `stopped` says so.
 */
async function encodeEverything(replica: VaultReplica, stopped: () => boolean): Promise<EncodedChanges[] | null> {
  const parts: EncodedChanges[] = [];
  let writer = new ByteWriter();
  let count = 0;
  const add = (change: Change) => {
    writeChange(writer, change);
    count += 1;
    if (count < BATCH_CHANGES) return;
    parts.push({ count, bytes: writer.finish() });
    writer = new ByteWriter();
    count = 0;
  };
  for (const table of SNAPSHOT_TABLES) {
    let after = '';
    for (;;) {
      const page = replica.versionsAfter(table, after, PAGE_CHANGES);
      for (const version of page) add({ kind: 'version', version });
      await nextTurn();
      if (stopped()) return null;
      if (page.length < PAGE_CHANGES) break;
      after = page.at(-1)!.rowId;
    }
  }
  for (const change of replica.heldAndCopies()) add(change);
  if (count > 0 || parts.length === 0) parts.push({ count, bytes: writer.finish() });
  return parts;
}

/**
 * Sends what is unsent, then writes a snapshot numbered by this device's last
 * batch, in parts of at most BATCH_CHANGES changes. Returns its number, or
 * null when there is nothing to number it by, a key rotation is
 * re-encrypting (rows would travel under the old key) or began meanwhile, or
 * the snapshot was stopped (`signal` aborted, or the vault locked).
 *
 * The work is cut into steps of a few milliseconds with a turn of the event
 * loop between them, and the vault's one connection serves the window
 * meanwhile, so saves can land while the snapshot is read. That is sound
 * because merging is order-free and a later version replaces an earlier one:
 * each version is read with its row in one step, a save made meanwhile is
 * unsent and goes out in a later batch than the snapshot's number, and a
 * reader that takes either version from the snapshot ends where that batch
 * takes it. The parts are written under temporary names and renamed into
 * place together at the end; a snapshot stopped half-way leaves nothing.
 */
export async function writeSnapshot(ctx: VaultContext, chosenFolder: string, signal?: AbortSignal): Promise<number | null> {
  await sendChanges(ctx, chosenFolder);
  const replica = new VaultReplica(ctx.db, ctx.clock);
  if (replica.unsentCount() > 0) return null;
  const { device, lastBatchSeq: seq } = readSyncState(ctx.db);
  if (seq === 0) return null;
  const root = vaultFolder(chosenFolder, ctx.vaultId);
  const frontier: Frontier = { ...new VaultImportedSet(ctx.db).frontier(), [device]: seq };
  const keysAtStart = keyState(ctx);
  const stopped = () => signal?.aborted === true || !ctx.keys.has('progress');
  const encoded = await encodeEverything(replica, stopped);
  if (encoded === null || stopped()) return null;
  const parts = encoded.length;
  const staged: StagedFile[] = [];
  const key = deriveSyncKey(ctx.sodium, ctx.keys.get('progress'));
  try {
    for (let part = 1; part <= parts; part += 1) {
      const sealed = sealSnapshotPart(ctx.sodium, key, { vaultId: ctx.vaultId, device, seq }, { part, parts }, frontier, encoded[part - 1]!);
      staged.push(await stageSnapshotPart(root, device, seq, part, sealed));
      if (stopped()) return null;
    }
    if (keyState(ctx) !== keysAtStart) return null;
    // A snapshot of this number cut short by a crash, or written before, is replaced whole.
    for (const ref of await listSnapshotFiles(root)) if (ref.device === device && ref.seq === seq) await removeOwnFile(root, device, snapshotName(seq, ref.part));
    await publishStaged(staged.splice(0));
    return seq;
  } finally {
    wipe(ctx.sodium, key.key);
    await discardStaged(staged);
  }
}

/**
 * This device's newest snapshot, after sending what is unsent, when it still
 * says everything a new one would (ownSnapshotCurrent); null when a new one
 * is needed.
 */
async function unchangedSnapshot(ctx: VaultContext, chosenFolder: string, root: string): Promise<number | null> {
  await sendChanges(ctx, chosenFolder);
  if (new VaultReplica(ctx.db, ctx.clock).unsentCount() > 0) return null;
  const { device, lastBatchSeq: seq } = readSyncState(ctx.db);
  if (seq === 0) return null;
  const frontier: Frontier = { ...new VaultImportedSet(ctx.db).frontier(), [device]: seq };
  const key = deriveSyncKey(ctx.sodium, ctx.keys.get('progress'));
  try {
    return await ownSnapshotCurrent(ctx, root, { device, frontier }, (version) => (version === key.version ? key : undefined));
  } finally {
    wipe(ctx.sodium, key.key);
  }
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
 * Whether compaction is due: this device has no snapshot in the folder yet,
 * or its newest was written at least `everyMs` before `now` (by the file's
 * modification time, so the interval holds across restarts).
 */
export async function compactionDue(ctx: VaultContext, chosenFolder: string, everyMs: number, now: number): Promise<boolean> {
  const root = vaultFolder(chosenFolder, ctx.vaultId);
  const own = readSyncState(ctx.db).device;
  const newest = (await listSnapshotFiles(root)).filter((ref) => ref.device === own).at(-1);
  if (!newest) return true;
  const written = await stat(newest.path).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  return now - written >= everyMs;
}

/**
 * Writes a snapshot (unless this device's newest one still says everything,
 * ownSnapshotCurrent), then deletes this device's batches that it covers and
 * that every other device not removed or replaced, and not idle for IDLE_DEVICE_MS,
 * reports merged in its newest batch (all but this device's newest batch
 * file), and this device's older snapshots.
 * Nothing is deleted while no snapshot could be written; a stop (`signal`,
 * or the vault locking) ends it between two steps.
 */
export async function compactFolder(ctx: VaultContext, chosenFolder: string, now: number = ctx.clock.now(), signal?: AbortSignal): Promise<Compaction> {
  await receiveChanges(ctx, chosenFolder);
  const root = vaultFolder(chosenFolder, ctx.vaultId);
  const snapshot = (await unchangedSnapshot(ctx, chosenFolder, root)) ?? (await writeSnapshot(ctx, chosenFolder, signal));
  if (snapshot === null || signal?.aborted === true) return { snapshot, deleted: [] };
  const own = readSyncState(ctx.db).device;
  const registry = listDevices(ctx);
  // A replaced id (a restore under sync) writes nothing more and its computer reads on under the new one, like a removed device.
  const retired = new Set([...removedDevices(ctx).keys(), ...registry.filter((device) => device.replacedBy !== undefined).map((device) => device.id)]);
  const others = new Set<string>([...(await listBatchFiles(root, own)).map((ref) => ref.device)]);
  for (const device of new VaultImportedSet(ctx.db).knownDevices()) others.add(device);
  for (const device of registry) others.add(device.id);
  const limit = await withSyncKeys(ctx, async (keyFor) => {
    let lowest = snapshot;
    for (const device of others) {
      if (retired.has(device) || device === own) continue;
      const { merged, lastWrite } = await reportedMerged(ctx, root, device, own, keyFor);
      if (lastWrite !== 0 && now - lastWrite > IDLE_DEVICE_MS) continue;
      lowest = Math.min(lowest, merged);
    }
    return lowest;
  });
  const deleted: number[] = [];
  const seqs = await batchSeqsOf(root, own);
  // The newest stays: the folder keeps saying how far this device numbered (nextBatchSeq), even for a vault restored with an older counter.
  for (const seq of seqs.slice(0, -1)) {
    if (seq > limit) break;
    await removeOwnFile(root, own, batchName(seq));
    deleted.push(seq);
  }
  for (const ref of await listSnapshotFiles(root)) {
    if (ref.device === own && ref.seq < snapshot) await removeOwnFile(root, own, snapshotName(ref.seq, ref.part));
  }
  return { snapshot, deleted };
}

