/*
 * One exchange between an unlocked vault and the folder: write every change
 * not sent yet as sealed batches of at most BATCH_CHANGES changes, import
 * every other device's batch not imported yet (each in one transaction with
 * its sync_imported row), then send the conflict copies that import made.
 * Between files the event loop runs, so the window stays responsive.
 */
import { mkdir, stat } from 'node:fs/promises';
import { SyncError } from '../../shared/errors';
import type { VaultContext } from '../vault/context';
import type { VaultDatabase } from '../vault/db';
import { readSlots } from '../vault/slotStore';
import { wipe } from '../vault/sodium';
import type { SyncKey } from './batch';
import { deriveSyncKey, openBatch, sealBatch } from './batch';
import type { ImportedSet, ImportOutcome } from './folder';
import { importNewBatches, listBatchFiles, nextBatchSeq, vaultFolder, writeBatchFile } from './folder';
import { publishKeys } from './keysFile';
import { VaultReplica } from './vaultReplica';
import { readSyncState, storeLastBatchSeq } from './vaultState';

export const BATCH_CHANGES = 2000;

/** Which batches this vault has merged, kept in sync_imported. */
export class VaultImportedSet implements ImportedSet {
  constructor(private readonly db: VaultDatabase) {}

  has(device: string, seq: number): boolean {
    return this.db.prepare('SELECT 1 FROM sync_imported WHERE device_id = ? AND seq = ?').get(device, seq) !== undefined;
  }

  add(device: string, seq: number): void {
    this.db.prepare('INSERT OR IGNORE INTO sync_imported (device_id, seq) VALUES (?, ?)').run(device, seq);
  }

  frontier(): Record<string, number> {
    const rows = this.db.prepare('SELECT device_id, seq FROM sync_imported ORDER BY device_id, seq').all() as { device_id: string; seq: number }[];
    const out: Record<string, number> = {};
    for (const row of rows) {
      const last = out[row.device_id] ?? 0;
      if (row.seq === last + 1) out[row.device_id] = row.seq;
    }
    return out;
  }
}

export interface ExchangeOutcome {
  /** Batch numbers this device wrote. */
  sent: number[];
  received: ImportOutcome;
}

export interface ExchangeProgress {
  /** Batches imported so far in this pass. */
  imported: number;
  /** Batch files of other devices not imported when the pass began. */
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

/** Writes every unsent change; returns the batch numbers written. */
export async function sendChanges(ctx: VaultContext, chosenFolder: string): Promise<number[]> {
  const root = await vaultRoot(chosenFolder, ctx.vaultId);
  const replica = new VaultReplica(ctx.db, ctx.clock);
  return withSyncKey(ctx, async (key) => {
    const written: number[] = [];
    for (;;) {
      const changes = replica.outgoing(BATCH_CHANGES);
      if (changes.length === 0) return written;
      const state = readSyncState(ctx.db);
      const seq = await nextBatchSeq(root, state.device, state.lastBatchSeq);
      const body = { frontier: new VaultImportedSet(ctx.db).frontier(), changes };
      await writeBatchFile(root, state.device, seq, sealBatch(ctx.sodium, key, { vaultId: ctx.vaultId, device: state.device, seq }, body));
      ctx.db.transaction(() => {
        replica.acknowledge(changes);
        storeLastBatchSeq(ctx.db, seq);
      })();
      written.push(seq);
    }
  });
}

/** Imports what other devices wrote since the last pass; a refused file is tried again next time. */
export async function receiveChanges(ctx: VaultContext, chosenFolder: string, onProgress?: (progress: ExchangeProgress) => void): Promise<ImportOutcome> {
  const root = await vaultRoot(chosenFolder, ctx.vaultId);
  const replica = new VaultReplica(ctx.db, ctx.clock);
  const imported = new VaultImportedSet(ctx.db);
  return withSyncKey(ctx, async (key) => {
    let count = 0;
    const total = (await listBatchFiles(root, replica.device)).filter((ref) => !imported.has(ref.device, ref.seq)).length;
    const keyFor = (version: number) => (version === key.version ? key : undefined);
    return importNewBatches(root, replica.device, imported, (ref, bytes) => {
      const { body } = openBatch(ctx.sodium, keyFor, { vaultId: ctx.vaultId, device: ref.device, seq: ref.seq }, bytes);
      ctx.db.transaction(() => {
        replica.importChanges(body.changes);
        imported.add(ref.device, ref.seq);
      })();
      // Imported rows bypass rows.ts, so the decrypted rows kept while unlocked may now be stale.
      ctx.cache?.dropCompartment('progress');
      count += 1;
      onProgress?.({ imported: count, total });
    });
  });
}

/** Every key slot of the vault, for the keys file a joining device opens. */
function allSlots(ctx: VaultContext) {
  return (['progress', 'psychotherapy'] as const).flatMap((compartment) =>
    (['passphrase', 'recovery'] as const).flatMap((kind) => readSlots(ctx.db, compartment, kind)),
  );
}

export async function exchange(ctx: VaultContext, chosenFolder: string, onProgress?: (progress: ExchangeProgress) => void): Promise<ExchangeOutcome> {
  const root = await vaultRoot(chosenFolder, ctx.vaultId);
  await publishKeys(root, ctx.sodium, ctx.keys.get('progress'), ctx.vaultId, allSlots(ctx));
  const sent = await sendChanges(ctx, chosenFolder);
  const received = await receiveChanges(ctx, chosenFolder, onProgress);
  sent.push(...(await sendChanges(ctx, chosenFolder)));
  return { sent, received };
}
