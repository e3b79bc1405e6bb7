/*
 * Whether this device's newest snapshot still says everything a new one
 * would (docs/SYNC.md section 6), so the day's compaction need not write the
 * whole vault to the folder again. It does when every batch this device
 * wrote or merged since holds only its writer's audit entries of unlocking,
 * locking and opening the psychotherapy notes (nothing merged past a gap).
 * This device's such batches stay in the folder, numbered after the
 * snapshot, so a device reading the snapshot reads them next; another
 * device's stay until its own snapshot covers them, and a reader that finds
 * them gone reads that snapshot (snapshotImport.ts). Anything else, a key
 * change among them (its audit entry is not one of those), or a snapshot or
 * batch that does not open under the current sync key, means a new snapshot
 * is written.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncError } from '../../shared/errors';
import type { AuditEvent } from '../../shared/domain/records';
import type { VaultContext } from '../vault/context';
import { slotVersions } from '../vault/keyRotation';
import { openRow } from '../vault/rowCipher';
import type { SyncKey } from './batch';
import { openBatch, openSnapshotPart } from './batch';
import type { Frontier, RowVersion } from './changes';
import { batchName, deviceFolder } from './folder';
import { listSnapshots } from './snapshotImport';

/** Audit entries that record a session of use, not a change to any record or key. */
const SESSION_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>(['vault.unlocked', 'vault.locked', 'psychotherapy.opened']);

function isSessionEntry(ctx: VaultContext, device: string, version: RowVersion): boolean {
  if (version.table !== 'audit_log' || version.stamp.device !== device || !version.sealed) return false;
  const ref = { vaultId: ctx.vaultId, table: 'audit_log' as const, rowId: version.rowId };
  try {
    const payload = openRow<{ event: AuditEvent }>(ctx.sodium, ctx.keys.opening('progress', version.sealed.keyVersion), ref, version.sealed);
    return SESSION_EVENTS.has(payload.event);
  } catch {
    // An entry that does not open here is no reason to fail the compaction: a new snapshot is written instead.
    return false;
  }
}

/** No batch of another device merged past a gap: the frontier then says everything that arrived. */
function gapFree(ctx: VaultContext, others: Frontier): boolean {
  const imported = ctx.db.prepare('SELECT count(*) FROM sync_imported').pluck().get() as number;
  return imported === Object.values(others).reduce((sum, last) => sum + last, 0);
}

/** Whether `device`'s batches `from` + 1 to `to` are all here, open, and hold only its session audit entries. */
async function onlySessionEntries(
  ctx: VaultContext,
  root: string,
  device: string,
  range: { from: number; to: number },
  keyFor: (version: number) => SyncKey | undefined,
): Promise<boolean> {
  for (let seq = range.from + 1; seq <= range.to; seq += 1) {
    const file = new Uint8Array(await readFile(join(deviceFolder(root, device), batchName(seq))));
    const { body } = openBatch(ctx.sodium, keyFor, { vaultId: ctx.vaultId, device, seq }, file);
    if (!body.changes.every((change) => change.kind === 'version' && isSessionEntry(ctx, device, change.version))) return false;
  }
  return true;
}

/**
 * The number of `device`'s newest complete snapshot when every batch merged
 * or written since it (by the frontier it reports against `frontier`, with
 * nothing merged past a gap) holds only its writer's session audit entries
 * and no key rotation is under way; otherwise null. `keyFor` gives the
 * current sync key only, so a snapshot sealed before a rotation never counts.
 */
export async function ownSnapshotCurrent(
  ctx: VaultContext,
  root: string,
  place: { device: string; frontier: Frontier },
  keyFor: (version: number) => SyncKey | undefined,
): Promise<number | null> {
  const { device, frontier } = place;
  if (slotVersions(ctx.db, 'progress').length > 1 || slotVersions(ctx.db, 'psychotherapy').length > 1) return null;
  const newest = (await listSnapshots(root)).find((snapshot) => snapshot.device === device);
  const first = newest?.parts.find((ref) => ref.part === 1);
  if (!newest || !first) return null;
  try {
    const opened = openSnapshotPart(ctx.sodium, keyFor, { vaultId: ctx.vaultId, device, seq: newest.seq, part: 1 }, new Uint8Array(await readFile(first.path)));
    const numbers = new Set(newest.parts.map((ref) => ref.part));
    if (numbers.size !== opened.part.parts || [...numbers].some((part) => part > opened.part.parts)) return null;
    const then = opened.body.frontier;
    const others = Object.fromEntries(Object.entries(frontier).filter(([writer]) => writer !== device));
    if (then[device] !== newest.seq || !gapFree(ctx, others)) return null;
    for (const writer of new Set([...Object.keys(then), ...Object.keys(frontier)])) {
      const range = { from: then[writer] ?? 0, to: frontier[writer] ?? 0 };
      if (range.to < range.from || !(await onlySessionEntries(ctx, root, writer, range, keyFor))) return null;
    }
    return newest.seq;
  } catch (error) {
    if (error instanceof SyncError || (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
