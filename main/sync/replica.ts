/*
 * One device's side of sync: stamps local saves with its hybrid logical
 * clock, merges imported changes, and collects what it must ship in its next
 * batch. The vault's repositories will call save/remove in the transaction of
 * each write (docs/SYNC.md section 9).
 */
import type { Change, ConflictRef, RowVersion, SealedPayload, SyncTable } from './changes';
import { mergeSeen } from './changes';
import type { HybridClock } from './hlc';
import { applyChange, applyVersion } from './merge';
import type { RowStore } from './rowStore';

export interface LocalWrite {
  table: SyncTable;
  rowId: string;
  parentId: string | null;
  /** The row exactly as the vault stored it; null deletes the row. */
  sealed: SealedPayload | null;
  /** A signed progress note. */
  final?: boolean;
}

export class SyncReplica {
  private outbox: Change[] = [];

  constructor(
    readonly store: RowStore,
    readonly clock: HybridClock,
  ) {}

  get device(): string {
    return this.clock.device;
  }

  /** Records a save that the vault made; the returned version is what the batch will carry. */
  save(write: LocalWrite, alsoSeen: RowVersion[] = []): RowVersion {
    const current = this.store.current(write.table, write.rowId);
    const stamp = this.clock.now();
    const version: RowVersion = {
      table: write.table,
      rowId: write.rowId,
      parentId: write.parentId,
      stamp,
      final: write.final ?? false,
      sealed: write.sealed,
      seen: mergeSeen(current?.seen ?? {}, ...alsoSeen.map((seen) => seen.seen), { [stamp.device]: stamp.hlc }),
    };
    this.outbox.push({ kind: 'version', version });
    const copy = applyVersion(this.store, version);
    if (copy) this.outbox.push({ kind: 'conflict', version: copy });
    return version;
  }

  /**
   * The therapist resolved a draft conflict: the new text covers both
   * versions, and the copy is dismissed on every device.
   */
  resolve(conflict: RowVersion, write: LocalWrite): RowVersion {
    const version = this.save(write, [conflict]);
    this.dismiss(conflict);
    return version;
  }

  /** The therapist discarded a conflict copy, or turned an addendum suggestion into an addendum. */
  dismiss(conflict: RowVersion): void {
    const ref: ConflictRef = { table: conflict.table, rowId: conflict.rowId, stamp: conflict.stamp };
    this.store.dismiss(ref);
    this.outbox.push({ kind: 'dismiss', ref });
  }

  /** Merges the changes of one imported batch. */
  import(changes: Change[]): void {
    for (const change of changes) {
      const stamp = change.kind === 'dismiss' ? change.ref.stamp : change.version.stamp;
      this.clock.observe(stamp.hlc);
      this.outbox.push(...applyChange(this.store, change));
    }
  }

  pending(): number {
    return this.outbox.length;
  }

  /**
   * Hands the pending changes to `write` (which seals and writes a batch) and
   * drops them only once it succeeded, so a failed write loses nothing.
   */
  async flush(write: (changes: Change[]) => Promise<void>): Promise<number> {
    const changes = this.outbox.slice();
    if (changes.length === 0) return 0;
    await write(changes);
    this.outbox.splice(0, changes.length);
    return changes.length;
  }
}
