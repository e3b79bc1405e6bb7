/*
 * One exchange with the folder: write this device's pending changes as one
 * sealed batch, then import every other device's batches not seen yet. The
 * vault will run it on a timer and on folder events while unlocked
 * (docs/SYNC.md section 9); the keys come from the progress key of the
 * open vault.
 */
import type { Sodium } from '../vault/sodium';
import type { SyncKey } from './batch';
import { openBatch, sealBatch } from './batch';
import type { ImportedSet, ImportOutcome } from './folder';
import { importNewBatches, nextBatchSeq, writeBatchFile } from './folder';
import type { SyncReplica } from './replica';

export interface FolderSyncOptions {
  sodium: Sodium;
  /** The vault's folder inside the synced tree (vaultFolder()). */
  root: string;
  vaultId: string;
  replica: SyncReplica;
  imported: ImportedSet;
  /** The key new batches are sealed with: the current progress key version's. */
  sealingKey: () => SyncKey;
  /** Keys of every version this device holds, for reading. */
  keyFor: (version: number) => SyncKey | undefined;
  /** The last batch number this device wrote, as stored. */
  lastSeq?: number;
}

export class FolderSync {
  private lastSeq: number;

  constructor(private readonly options: FolderSyncOptions) {
    this.lastSeq = options.lastSeq ?? 0;
  }

  /** Writes the pending changes as one batch; returns its number, or null when nothing was pending. */
  async send(): Promise<number | null> {
    const { sodium, root, vaultId, replica, imported, sealingKey } = this.options;
    let written: number | null = null;
    await replica.flush(async (changes) => {
      const seq = await nextBatchSeq(root, replica.device, this.lastSeq);
      const body = { frontier: imported.frontier(), changes };
      await writeBatchFile(root, replica.device, seq, sealBatch(sodium, sealingKey(), { vaultId, device: replica.device, seq }, body));
      this.lastSeq = seq;
      written = seq;
    });
    return written;
  }

  /** Imports what other devices wrote since the last pass; refused files are tried again next time. */
  receive(): Promise<ImportOutcome> {
    const { sodium, root, vaultId, replica, imported, keyFor } = this.options;
    return importNewBatches(root, replica.device, imported, (ref, bytes) => {
      const { body } = openBatch(sodium, keyFor, { vaultId, device: ref.device, seq: ref.seq }, bytes);
      replica.import(body.changes);
    });
  }

  async exchange(): Promise<{ sent: number | null; received: ImportOutcome }> {
    const sent = await this.send();
    return { sent, received: await this.receive() };
  }
}
