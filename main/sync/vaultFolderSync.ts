/*
 * One exchange between an unlocked vault and the folder: import every other
 * device's batch not imported yet (each in one transaction with its
 * sync_imported row), then write every change not sent yet, the conflict
 * copies that import made among them, as sealed batches of at most
 * BATCH_CHANGES changes.
 * Between files the event loop runs, so the window stays responsive.
 */
import { mkdir, stat } from 'node:fs/promises';
import { SyncError } from '../../shared/errors';
import type { VaultContext } from '../vault/context';
import type { VaultDatabase } from '../vault/db';
import { slotVersions } from '../vault/keyRotation';
import { readSlots } from '../vault/slotStore';
import { wipe } from '../vault/sodium';
import type { SyncKey } from './batch';
import { deriveSyncKey, openBatch, sealBatch } from './batch';
import type { ImportOutcome } from './folder';
import { batchKeyVersion, importNewBatches, listBatchFiles, nextBatchSeq, vaultFolder, writeBatchFile } from './folder';
import type { BatchBody, Change } from './changes';
import { removedDevices } from './devices';
import { publishKeys } from './keysFile';
import { importSnapshotIfNeeded } from './snapshotImport';
import { VaultImportedSet } from './vaultImported';
import { VaultReplica } from './vaultReplica';
import { readSyncState, storeLastBatchSeq } from './vaultState';

export const BATCH_CHANGES = 2000;

export interface ExchangeOutcome {
  /** Batch numbers this device wrote. */
  sent: number[];
  received: ReceiveOutcome;
}

export interface ReceiveOutcome extends ImportOutcome {
  /** Changes in the batches merged by this pass (a batch carrying only its writer's frontier has none). */
  merged: number;
}

export interface ExchangeProgress {
  /** Files imported so far in this pass: a snapshot's parts, then batches. */
  imported: number;
  /** A snapshot's parts while one is imported; then those and the batch files of other devices not imported when the pass began. */
  total: number;
}

/** The vault's folder under the chosen one, made on first use; the chosen folder itself must be there. */
async function vaultRoot(chosenFolder: string, vaultId: string): Promise<string> {
  const info = await stat(chosenFolder).catch(() => undefined);
  if (!info?.isDirectory()) throw new SyncError('SYNC_FOLDER_MISSING', 'The sync folder is not there');
  const root = vaultFolder(chosenFolder, vaultId);
  await mkdir(root, { recursive: true, mode: 0o700 });
  return root;
}

async function withSyncKey<T>(ctx: VaultContext, use: (key: SyncKey) => Promise<T>): Promise<T> {
  const key = deriveSyncKey(ctx.sodium, ctx.keys.get('progress'));
  try {
    return await use(key);
  } finally {
    wipe(ctx.sodium, key.key);
  }
}

/** Sync keys of every progress key version held (two while a rotation re-encrypts), newest first. */
async function withHeldSyncKeys<T>(ctx: VaultContext, use: (keys: SyncKey[]) => Promise<T>): Promise<T> {
  const keys = ctx.keys.held('progress').map((key) => deriveSyncKey(ctx.sodium, key));
  try {
    return await use(keys);
  } finally {
    for (const key of keys) wipe(ctx.sodium, key.key);
  }
}

/** This device was removed from the registry by another: it sends and merges nothing more. */
function refuseIfRemoved(ctx: VaultContext): void {
  if (removedDevices(ctx).has(readSyncState(ctx.db).device)) {
    throw new SyncError('SYNC_DEVICE_REMOVED', 'This device was removed from sync on another device');
  }
}

/** A compartment with key slots of two versions is being re-encrypted (VAULT_FORMAT.md, "Key versions and rotation"). */
export function rotationUnderWay(ctx: VaultContext): boolean {
  return slotVersions(ctx.db, 'progress').length > 1 || slotVersions(ctx.db, 'psychotherapy').length > 1;
}

/**
 * Writes every unsent change; returns the batch numbers written. Nothing is
 * sent while a key rotation re-encrypts: a row still under the old key would
 * travel under it to devices that may have retired it.
 */
export async function sendChanges(ctx: VaultContext, chosenFolder: string): Promise<number[]> {
  const root = await vaultRoot(chosenFolder, ctx.vaultId);
  if (rotationUnderWay(ctx)) return [];
  const replica = new VaultReplica(ctx.db, ctx.clock);
  return withSyncKey(ctx, async (key) => {
    const written: number[] = [];
    for (;;) {
      const changes = replica.outgoing(BATCH_CHANGES);
      if (changes.length === 0) return written;
      written.push(await writeBatch(ctx, root, key, changes, () => replica.acknowledge(changes)));
    }
  });
}

/** Writes one batch of `changes` with the frontier as it stands, then runs `sent` and stores its number in one transaction. */
async function writeBatch(ctx: VaultContext, root: string, key: SyncKey, changes: Change[], sent: () => void): Promise<number> {
  const state = readSyncState(ctx.db);
  const seq = await nextBatchSeq(root, state.device, state.lastBatchSeq);
  const body = { frontier: new VaultImportedSet(ctx.db).frontier(), changes };
  await writeBatchFile(root, state.device, seq, sealBatch(ctx.sodium, key, { vaultId: ctx.vaultId, device: state.device, seq }, body));
  ctx.db.transaction(() => {
    sent();
    storeLastBatchSeq(ctx.db, seq);
  })();
  return seq;
}

/**
 * Writes a batch of no changes, carrying only the frontier: how a device
 * that merges but saves nothing reports what it merged, so the others can
 * delete their batches (docs/SYNC.md section 6). Any reader merges it as an
 * empty batch. Nothing is written while a change is unsent (sendChanges
 * carries the frontier then) or a key rotation re-encrypts; returns the
 * batch number, or null.
 */
export async function sendFrontier(ctx: VaultContext, chosenFolder: string): Promise<number | null> {
  refuseIfRemoved(ctx);
  const root = await vaultRoot(chosenFolder, ctx.vaultId);
  if (rotationUnderWay(ctx) || new VaultReplica(ctx.db, ctx.clock).unsentCount() > 0) return null;
  return withSyncKey(ctx, (key) => writeBatch(ctx, root, key, [], () => undefined));
}

/**
 * Imports what other devices wrote since the last pass; a refused file is
 * tried again next time (docs/SYNC.md sections 2 and 7).
 *
 * Key rotation: while any batch is sealed under a newer key version than
 * this device holds, nothing is merged and those batches are refused as
 * SYNC_KEYS_ROTATED, so a removed device's later batches are not merged
 * before the registry that removes it can be read (acceptRotatedKeys takes
 * the new keys). Batches under the newest key held are merged first, since
 * they carry the registry; a batch sealed under a version older than every
 * key held is passed over unread (its writer sends its saves again once it
 * holds the new keys), and so is a removed device's batch after the last
 * one merged before its removal.
 */
export async function receiveChanges(ctx: VaultContext, chosenFolder: string, onProgress?: (progress: ExchangeProgress) => void): Promise<ReceiveOutcome> {
  const root = await vaultRoot(chosenFolder, ctx.vaultId);
  const replica = new VaultReplica(ctx.db, ctx.clock);
  const imported = new VaultImportedSet(ctx.db);
  return withHeldSyncKeys(ctx, async (keys) => {
    const newest = keys[0]!.version;
    const oldest = keys.at(-1)!.version;
    const waiting = (await listBatchFiles(root, replica.device)).filter((ref) => !imported.has(ref.device, ref.seq));
    const removed = removedDevices(ctx);
    const rotated: ReceiveOutcome = { imported: [], refused: [], merged: 0 };
    for (const ref of waiting) {
      const cutoff = removed.get(ref.device);
      if (cutoff !== undefined && ref.seq > cutoff) continue;
      if (((await batchKeyVersion(ref.path)) ?? 0) > newest) rotated.refused.push({ ref, code: 'SYNC_KEYS_ROTATED' });
    }
    if (rotated.refused.length > 0) return rotated;
    let count = 0;
    let merged = 0;
    await importSnapshotIfNeeded(ctx, chosenFolder, (parts) => {
      count += 1;
      onProgress?.({ imported: count, total: parts });
    });
    const total = count + (await listBatchFiles(root, replica.device)).filter((ref) => !imported.has(ref.device, ref.seq)).length;

    let asked = 0;
    const keyFor = (version: number) => {
      asked = version;
      return keys.find((key) => key.version === version);
    };
    const pass = (only: number | null) =>
      importNewBatches(root, replica.device, imported, (ref, bytes) => {
        const cutoff = removedDevices(ctx).get(ref.device);
        if (cutoff !== undefined && ref.seq > cutoff) return undefined;
        let body: BatchBody;
        try {
          const opened = openBatch(ctx.sodium, keyFor, { vaultId: ctx.vaultId, device: ref.device, seq: ref.seq }, bytes);
          if (only !== null && opened.header.keyVersion !== only) return 'later';
          body = opened.body;
        } catch (error) {
          if (error instanceof SyncError && error.code === 'SYNC_UNKNOWN_KEY_VERSION' && asked < oldest) return undefined;
          if (only !== null) return 'later';
          throw error;
        }
        ctx.db.transaction(() => {
          replica.importChanges(body.changes);
          imported.add(ref.device, ref.seq);
        })();
        merged += body.changes.length;
        // Imported rows bypass rows.ts, so the decrypted rows kept while unlocked may now be stale.
        ctx.cache?.dropCompartment('progress');
        count += 1;
        onProgress?.({ imported: count, total });
        return undefined;
      });
    const first = keys.length > 1 ? await pass(newest) : { imported: [], refused: [] };
    const rest = await pass(null);
    return { imported: [...first.imported, ...rest.imported], refused: rest.refused, merged };
  });
}

/** Every key slot of the vault, for the keys file a joining device opens. */
function allSlots(ctx: VaultContext) {
  return (['progress', 'psychotherapy'] as const).flatMap((compartment) =>
    (['passphrase', 'recovery'] as const).flatMap((kind) => readSlots(ctx.db, compartment, kind)),
  );
}

/**
 * Publishes the keys file, imports, then sends: so a device that finds the
 * keys rotated (SYNC_KEYS_ROTATED, thrown once the pass is done) sends
 * nothing more under keys a removed device may hold, and a device that was
 * removed (SYNC_DEVICE_REMOVED) neither sends nor merges.
 */
export async function exchange(ctx: VaultContext, chosenFolder: string, onProgress?: (progress: ExchangeProgress) => void): Promise<ExchangeOutcome> {
  refuseIfRemoved(ctx);
  const root = await vaultRoot(chosenFolder, ctx.vaultId);
  await publishKeys(root, ctx.sodium, ctx.keys.get('progress'), ctx.vaultId, allSlots(ctx));
  const received = await receiveChanges(ctx, chosenFolder, onProgress);
  refuseIfRemoved(ctx);
  if (received.refused.some((refusal) => refusal.code === 'SYNC_KEYS_ROTATED')) {
    throw new SyncError('SYNC_KEYS_ROTATED', 'Another device rotated the vault keys: enter the new passphrase to go on syncing');
  }
  const sent = await sendChanges(ctx, chosenFolder);
  return { sent, received };
}
