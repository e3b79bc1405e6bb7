/*
 * Reading snapshots (docs/SYNC.md section 6): a device that cannot fill a gap
 * from batches (it is new, or was offline while the batches it lacks were
 * deleted) imports the newest complete snapshot of another device, then only
 * the batches past its frontier.
 */
import { readFile } from 'node:fs/promises';
import { SyncError } from '../../shared/errors';
import type { VaultContext } from '../vault/context';
import { wipe } from '../vault/sodium';
import type { SyncKey } from './batch';
import { deriveSyncKey, openSnapshotPart } from './batch';
import type { BatchBody } from './changes';
import { removedDevices } from './devices';
import type { SnapshotFileRef } from './folder';
import { listBatchFiles, listSnapshotFiles, vaultFolder } from './folder';
import { VaultImportedSet } from './vaultImported';
import { VaultReplica } from './vaultReplica';

export interface SnapshotRef {
  device: string;
  seq: number;
  parts: SnapshotFileRef[];
}

/** Complete snapshots (every part from 1 to the count some part names is there by name), newest first per device. */
export async function listSnapshots(root: string): Promise<SnapshotRef[]> {
  const byName = new Map<string, SnapshotRef>();
  for (const ref of await listSnapshotFiles(root)) {
    const key = `${ref.device}|${ref.seq}`;
    const found = byName.get(key) ?? { device: ref.device, seq: ref.seq, parts: [] };
    found.parts.push(ref);
    byName.set(key, found);
  }
  return [...byName.values()].sort((a, b) => b.seq - a.seq);
}

export function withSyncKeys<T>(ctx: VaultContext, use: (keyFor: (version: number) => SyncKey | undefined) => Promise<T>): Promise<T> {
  const keys = ctx.keys.held('progress').map((key) => deriveSyncKey(ctx.sodium, key));
  return use((version) => keys.find((key) => key.version === version)).finally(() => {
    for (const key of keys) wipe(ctx.sodium, key.key);
  });
}

/** Opens every part of a snapshot; null when a part is missing, half-copied or refused (it is tried again later). */
async function openSnapshot(ctx: VaultContext, snapshot: SnapshotRef, keyFor: (version: number) => SyncKey | undefined): Promise<BatchBody[] | null> {
  const bodies: BatchBody[] = [];
  let parts = 0;
  for (const ref of snapshot.parts) {
    try {
      const opened = openSnapshotPart(ctx.sodium, keyFor, { vaultId: ctx.vaultId, device: ref.device, seq: ref.seq, part: ref.part }, new Uint8Array(await readFile(ref.path)));
      parts = opened.part.parts;
      bodies[ref.part - 1] = opened.body;
    } catch (error) {
      if (error instanceof SyncError || (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
  if (parts === 0 || bodies.length !== parts || bodies.some((body) => body === undefined)) return null;
  return bodies;
}

/**
 * Whether this device needs a snapshot: nothing imported yet, or a device
 * whose next batch it lacks is gone from the folder while a snapshot covers it.
 */
async function needsSnapshot(ctx: VaultContext, root: string, snapshots: SnapshotRef[], own: string): Promise<boolean> {
  const frontier = new VaultImportedSet(ctx.db).frontier();
  if (Object.keys(frontier).length === 0 && snapshots.some((snapshot) => snapshot.device !== own)) return true;
  const present = new Map<string, Set<number>>();
  for (const ref of await listBatchFiles(root, own)) present.set(ref.device, (present.get(ref.device) ?? new Set()).add(ref.seq));
  const covered = new Map<string, number>();
  for (const snapshot of snapshots) covered.set(snapshot.device, Math.max(covered.get(snapshot.device) ?? 0, snapshot.seq));
  return [...covered].some(([device, seq]) => device !== own && seq > (frontier[device] ?? 0) && !present.get(device)?.has((frontier[device] ?? 0) + 1));
}

/**
 * Imports the newest complete snapshot of another device when this device
 * needs one (needsSnapshot), each part in one transaction, then marks every
 * batch its frontier covers as imported. Returns the snapshot's device and
 * number, or null when none was needed or none opened yet. `onPart` is
 * called after each part merged, with the count of parts.
 */
export async function importSnapshotIfNeeded(
  ctx: VaultContext,
  chosenFolder: string,
  onPart?: (parts: number) => void,
): Promise<{ device: string; seq: number } | null> {
  const root = vaultFolder(chosenFolder, ctx.vaultId);
  const replica = new VaultReplica(ctx.db, ctx.clock);
  const own = replica.device;
  const removed = removedDevices(ctx);
  const snapshots = (await listSnapshots(root)).filter((snapshot) => snapshot.device !== own && !removed.has(snapshot.device));
  if (!(await needsSnapshot(ctx, root, snapshots, own))) return null;
  return withSyncKeys(ctx, async (keyFor) => {
    for (const snapshot of snapshots) {
      const bodies = await openSnapshot(ctx, snapshot, keyFor);
      if (!bodies) continue;
      const imported = new VaultImportedSet(ctx.db);
      for (const body of bodies) {
        ctx.db.transaction(() => replica.importChanges(body.changes))();
        onPart?.(bodies.length);
      }
      const frontier = bodies[0]!.frontier;
      ctx.db.transaction(() => {
        for (const [device, last] of Object.entries(frontier)) {
          if (device === own) continue;
          for (let seq = 1; seq <= last; seq += 1) imported.add(device, seq);
        }
      })();
      ctx.cache?.dropCompartment('progress');
      return { device: snapshot.device, seq: snapshot.seq };
    }
    return null;
  });
}
