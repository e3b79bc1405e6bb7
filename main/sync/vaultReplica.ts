/*
 * One device's side of sync over its real vault file: what its next batch
 * carries (every stamp, conflict copy and dismissal not sent yet, with the
 * rows exactly as stored), merging an imported batch into the vault's own
 * tables in one transaction, and the conflicts the therapist has to resolve.
 */
import type { Clock, VaultContext } from '../vault/context';
import type { VaultDatabase } from '../vault/db';
import { randomBytes } from '../vault/sodium';
import { TABLES } from '../vault/tables';
import { isFinalRecord } from '../vault/rowWrites';
import { readRow } from '../vault/rows';
import { statement } from '../vault/statements';
import type { Change, ConflictRef, RowVersion, SyncTable } from './changes';
import { applyChange, applyVersion } from './merge';
import { VaultRowStore } from './vaultRowStore';
import { createChangeRecorder, hlcBytes, observeStamps, readSyncState } from './vaultState';

/** Parents before children, so a fresh device can store each row as it comes. */
export const PARENT_FIRST: readonly SyncTable[] = [
  'sync_devices',
  'settings',
  'capture_public_keys',
  'capture_secret_keys',
  'clients',
  'sessions',
  'standing_appointments',
  'authorizations',
  'diagnoses',
  'treatment_plans',
  'disclosures',
  'progress_notes',
  'addenda',
  'psychotherapy_notes',
  'sealed_notes',
  'audit_log',
];

export interface Outgoing {
  changes: Change[];
}

export interface ConflictSummary {
  table: SyncTable;
  rowId: string;
  /** The device whose text lost, and when it was saved there. */
  device: string;
  savedAt: number;
  /** The row's current version is signed: the copy is an addendum suggestion. */
  suggestion: boolean;
}

function refOf(version: RowVersion): ConflictRef {
  return { table: version.table, rowId: version.rowId, stamp: version.stamp };
}

function stampOf(change: Change) {
  return change.kind === 'dismiss' ? change.ref.stamp : change.version.stamp;
}

export class VaultReplica {
  readonly store: VaultRowStore;

  constructor(
    private readonly db: VaultDatabase,
    private readonly clock: Clock,
  ) {
    this.store = new VaultRowStore(db);
  }

  get device(): string {
    return readSyncState(this.db).device;
  }

  /**
   * Merges one batch's changes. The caller runs it in the transaction that
   * also marks the batch imported, so a batch lands whole or not at all.
   */
  importChanges(changes: Change[]): void {
    observeStamps(
      this.db,
      this.clock,
      changes.map((change) => stampOf(change).hlc),
    );
    for (const change of changes) this.apply(change);
    this.retryHeld();
  }

  private apply(change: Change): void {
    if (change.kind === 'version' && this.store.refreshSealed(change.version)) return;
    for (const ship of applyChange(this.store, change)) {
      if (ship.kind === 'conflict') this.store.markConflictUnsent(refOf(ship.version));
    }
  }

  /** Applies again every version that waited for its parent, until a pass stores none of them. */
  private retryHeld(): void {
    let waiting = this.store.heldCount();
    while (waiting > 0) {
      for (const version of this.store.takeHeld()) {
        const copy = applyVersion(this.store, version);
        if (copy) this.store.markConflictUnsent(refOf(copy));
      }
      const left = this.store.heldCount();
      if (left >= waiting) return;
      waiting = left;
    }
  }

  /** Up to `limit` changes not sent yet, parents first: the next batch. */
  outgoing(limit: number): Change[] {
    const changes: Change[] = [];
    const versions = this.db
      .prepare('SELECT table_name, row_id, parent_id, hlc, device_id, flags, seen FROM sync_versions WHERE exported = 0 ORDER BY rowid LIMIT ?')
      .all(limit) as Parameters<VaultRowStore['versionFromEntry']>[0][];
    for (const row of versions) {
      const version = this.store.versionFromEntry(row);
      if (version) changes.push({ kind: 'version', version });
    }
    for (const version of this.store.unsentConflicts(limit)) changes.push({ kind: 'conflict', version });
    for (const ref of this.store.unsentDismissals(limit)) changes.push({ kind: 'dismiss', ref });
    return changes.slice(0, limit);
  }

  /** A batch carrying these is in place: they are sent, unless a later save replaced one meanwhile. */
  acknowledge(changes: Change[]): void {
    const version = this.db.prepare('UPDATE sync_versions SET exported = 1 WHERE table_name = ? AND row_id = ? AND hlc = ? AND device_id = ?');
    const copy = this.db.prepare('UPDATE sync_conflicts SET exported = 1 WHERE table_name = ? AND row_id = ? AND hlc = ? AND device_id = ?');
    const dismissal = this.db.prepare('UPDATE sync_dismissed SET exported = 1 WHERE table_name = ? AND row_id = ? AND hlc = ? AND device_id = ?');
    this.db.transaction(() => {
      for (const change of changes) {
        const ref = change.kind === 'dismiss' ? change.ref : refOf(change.version);
        const args = [ref.table, ref.rowId, hlcBytes(ref.stamp.hlc), ref.stamp.device] as const;
        if (change.kind === 'version') version.run(...args);
        else if (change.kind === 'conflict') copy.run(...args);
        else dismissal.run(...args);
      }
    })();
  }

  /**
   * After a key rotation: every save of this device, and every conflict copy
   * and dismissal held, goes out again in the next batches, under the new
   * keys, so a device that has already retired the old key reads what this
   * one sent under it. Merging absorbs what it already had (same stamps).
   */
  resendOwn(): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE sync_versions SET exported = 0 WHERE device_id = ?').run(this.device);
      this.db.prepare('UPDATE sync_conflicts SET exported = 0').run();
      this.db.prepare('UPDATE sync_dismissed SET exported = 0').run();
    })();
  }

  /**
   * One page of what a snapshot lists first: up to `limit` current versions
   * of `table` (tombstones included, whoever stamped them) with a row id
   * after `after`, by row id. Each version is read with its row in one step.
   */
  versionsAfter(table: SyncTable, after: string, limit: number): RowVersion[] {
    const rows = statement(
      this.db,
      'SELECT table_name, row_id, parent_id, hlc, device_id, flags, seen FROM sync_versions WHERE table_name = ? AND row_id > ? ORDER BY row_id LIMIT ?',
    ).all(table, after, limit) as Parameters<VaultRowStore['versionFromEntry']>[0][];
    return rows.flatMap((row) => this.store.versionFromEntry(row) ?? []);
  }

  /** What a snapshot lists after the current versions: those waiting for a parent, every conflict copy and dismissal. */
  heldAndCopies(): Change[] {
    return [
      ...this.store.peekHeld().map((version): Change => ({ kind: 'version', version })),
      ...this.store.allConflicts().map((version): Change => ({ kind: 'conflict', version })),
      ...this.store.allDismissals().map((ref): Change => ({ kind: 'dismiss', ref })),
    ];
  }

  /** Changes this device still has to send. */
  unsentCount(): number {
    const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return (
      count('SELECT count(*) AS n FROM sync_versions WHERE exported = 0') +
      count('SELECT count(*) AS n FROM sync_conflicts WHERE exported = 0') +
      count('SELECT count(*) AS n FROM sync_dismissed WHERE exported = 0')
    );
  }

  /**
   * Stamps every row stored before this device synced (a vault older than
   * format 12), so its first batches carry the whole record. Signed notes and
   * plans are read to stamp them final, which needs the progress key.
   */
  stampUnstamped(ctx: VaultContext): number {
    const recorder = createChangeRecorder(this.clock);
    let stamped = 0;
    ctx.db.transaction(() => {
      for (const table of PARENT_FIRST) {
        const fk = TABLES[table].parentColumn;
        const rows = ctx.db
          .prepare(
            `SELECT t.id, ${fk ? `t.${fk}` : 'NULL'} AS parent, t.key_version, t.nonce, t.ciphertext FROM ${table} t
             WHERE NOT EXISTS (SELECT 1 FROM sync_versions v WHERE v.table_name = ? AND v.row_id = t.id)
             ${table === 'audit_log' ? 'ORDER BY t.seq' : ''}`,
          )
          .all(table) as { id: string; parent: string | null; key_version: number; nonce: Buffer; ciphertext: Buffer }[];
        for (const row of rows) {
          const record = table === 'progress_notes' || table === 'treatment_plans' ? readRow<object>(ctx, table, row.id) : undefined;
          recorder.recorded(ctx.db, {
            table,
            rowId: row.id,
            parentId: row.parent,
            sealed: { keyVersion: row.key_version, nonce: row.nonce, ciphertext: row.ciphertext },
            final: record !== undefined && isFinalRecord(table, record),
          });
          stamped += 1;
        }
      }
    })();
    return stamped;
  }

  /**
   * This file is a copy of another device's vault (a backup restored, a file
   * copied to a second computer): it takes a new device id so no batch number
   * is ever written twice, forgets what it imported (merging absorbs what it
   * already has), and leaves the copied stamps to the device that made them.
   */
  becomeNewDevice(): string {
    const device = Buffer.from(randomBytes(16)).toString('hex');
    this.db.transaction(() => {
      this.db.prepare('UPDATE sync_state SET device_id = ?, last_batch_seq = 0 WHERE singleton = 1').run(device);
      this.db.prepare('DELETE FROM sync_imported').run();
      this.db.prepare('UPDATE sync_versions SET exported = 1').run();
      this.db.prepare('UPDATE sync_conflicts SET exported = 1').run();
      this.db.prepare('UPDATE sync_dismissed SET exported = 1').run();
    })();
    return device;
  }

  conflicts(): ConflictSummary[] {
    return this.store.allConflicts().map((copy) => {
      const current = this.store.current(copy.table, copy.rowId);
      return {
        table: copy.table,
        rowId: copy.rowId,
        device: copy.stamp.device,
        savedAt: copy.stamp.hlc.wall,
        suggestion: current?.final === true,
      };
    });
  }

  /** The therapist discarded a copy or turned it into an addendum: gone here, and on every device once sent. */
  dismiss(copy: RowVersion): void {
    const ref = refOf(copy);
    this.db.transaction(() => {
      this.store.dismiss(ref);
      this.store.markDismissalUnsent(ref);
    })();
  }
}
