/*
 * What the merge engine needs from a device's storage. The vault will
 * implement it over SQLite (docs/SYNC.md section 9); MemoryRowStore is the
 * reference used by the tests.
 */
import type { ConflictRef, RowVersion, SyncTable } from './changes';
import { conflictKey, rowKey } from './changes';

export interface RowStore {
  /** The row's current version, a tombstone included. */
  current(table: SyncTable, rowId: string): RowVersion | undefined;
  putCurrent(version: RowVersion): void;
  hasConflict(ref: ConflictRef): boolean;
  putConflict(version: RowVersion): void;
  isDismissed(ref: ConflictRef): boolean;
  /** Marks the copy dismissed and drops it; a copy arriving later stays dismissed. */
  dismiss(ref: ConflictRef): void;
  /** Conflict copies not dismissed, for one row. */
  conflictsOf(table: SyncTable, rowId: string): RowVersion[];
}

export class MemoryRowStore implements RowStore {
  readonly rows = new Map<string, RowVersion>();
  readonly conflicts = new Map<string, RowVersion>();
  readonly dismissed = new Set<string>();

  current(table: SyncTable, rowId: string): RowVersion | undefined {
    return this.rows.get(rowKey(table, rowId));
  }

  putCurrent(version: RowVersion): void {
    this.rows.set(rowKey(version.table, version.rowId), version);
  }

  hasConflict(ref: ConflictRef): boolean {
    return this.conflicts.has(conflictKey(ref));
  }

  putConflict(version: RowVersion): void {
    this.conflicts.set(conflictKey(version), version);
  }

  isDismissed(ref: ConflictRef): boolean {
    return this.dismissed.has(conflictKey(ref));
  }

  dismiss(ref: ConflictRef): void {
    const key = conflictKey(ref);
    this.dismissed.add(key);
    this.conflicts.delete(key);
  }

  conflictsOf(table: SyncTable, rowId: string): RowVersion[] {
    return [...this.conflicts.values()].filter((version) => version.table === table && version.rowId === rowId);
  }
}
