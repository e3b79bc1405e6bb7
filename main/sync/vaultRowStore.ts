/*
 * The merge engine's RowStore over a real vault file (docs/SYNC.md section 9):
 * a row's current version is its row in its own table, exactly as stored,
 * with its stamp in sync_versions. Other devices' audit entries go to
 * sync_audit, never into this device's chain. A version whose parent has not
 * arrived waits in sync_pending and is tried again after every batch.
 */
import type { VaultDatabase } from '../vault/db';
import { statement } from '../vault/statements';
import { TABLES } from '../vault/tables';
import { decodeBody, decodeSeen, encodeBody, encodeSeen } from './batch';
import type { ConflictRef, RowVersion, SealedPayload, SyncTable } from './changes';
import { SYNC_TABLES } from './changes';
import { decodeHlc } from './hlc';
import type { RowStore } from './rowStore';
import { FLAG_DELETED, FLAG_FINAL, hlcBytes, putVersionEntry } from './vaultState';

interface VersionRow {
  table_name: string;
  row_id: string;
  parent_id: string | null;
  hlc: Buffer;
  device_id: string;
  flags: number;
  seen: Buffer;
}

interface SealedColumns {
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
}

interface ConflictRow extends VersionRow, SealedColumns {}

function syncTable(name: string): SyncTable {
  const table = SYNC_TABLES.find((known) => known === name);
  if (!table) throw new RangeError('A sync table name not in the registry');
  return table;
}

function sealedOf(row: SealedColumns): SealedPayload {
  return { keyVersion: row.key_version, nonce: new Uint8Array(row.nonce), ciphertext: new Uint8Array(row.ciphertext) };
}

function versionOf(row: VersionRow, sealed: SealedPayload | null): RowVersion {
  return {
    table: syncTable(row.table_name),
    rowId: row.row_id,
    parentId: row.parent_id,
    stamp: { hlc: decodeHlc(row.hlc, 0), device: row.device_id },
    final: (row.flags & FLAG_FINAL) !== 0,
    sealed,
    seen: decodeSeen(row.seen),
  };
}

function flagsOf(version: RowVersion): number {
  return (version.final ? FLAG_FINAL : 0) | (version.sealed === null ? FLAG_DELETED : 0);
}

function refArgs(ref: ConflictRef): [string, string, Buffer, string] {
  return [ref.table, ref.rowId, hlcBytes(ref.stamp.hlc), ref.stamp.device];
}

function sqliteCode(error: unknown): string | undefined {
  return (error as { code?: unknown }).code as string | undefined;
}

export class VaultRowStore implements RowStore {
  constructor(private readonly db: VaultDatabase) {}

  /** A stored version with its row's columns; null sealed for a tombstone. */
  versionFromEntry(row: VersionRow): RowVersion | undefined {
    const table = syncTable(row.table_name);
    if ((row.flags & FLAG_DELETED) !== 0) return versionOf(row, null);
    if (table === 'audit_log') {
      const entry = (statement(this.db, 'SELECT seq, key_version, nonce, ciphertext, mac FROM audit_log WHERE id = ?').get(row.row_id) ??
        statement(this.db, 'SELECT seq, key_version, nonce, ciphertext, mac FROM sync_audit WHERE id = ?').get(row.row_id)) as
        | (SealedColumns & { seq: number; mac: Buffer })
        | undefined;
      if (!entry) return undefined;
      return { ...versionOf(row, sealedOf(entry)), audit: { seq: entry.seq, mac: new Uint8Array(entry.mac) } };
    }
    const stored = statement(this.db, `SELECT key_version, nonce, ciphertext FROM ${table} WHERE id = ?`).get(row.row_id) as
      | SealedColumns
      | undefined;
    return stored ? versionOf(row, sealedOf(stored)) : undefined;
  }

  current(table: SyncTable, rowId: string): RowVersion | undefined {
    const row = this.db
      .prepare('SELECT table_name, row_id, parent_id, hlc, device_id, flags, seen FROM sync_versions WHERE table_name = ? AND row_id = ?')
      .get(table, rowId) as VersionRow | undefined;
    return row ? this.versionFromEntry(row) : undefined;
  }

  putCurrent(version: RowVersion): void {
    try {
      this.storeRow(version);
    } catch (error) {
      const code = sqliteCode(error);
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        this.hold(version);
        return;
      }
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' && version.sealed) {
        // Another row already holds this place (two notes started for one session offline): keep the text visible.
        this.putConflict(version);
        return;
      }
      throw error;
    }
    putVersionEntry(this.db, {
      table: version.table,
      rowId: version.rowId,
      parentId: version.parentId,
      stamp: version.stamp,
      flags: flagsOf(version),
      seen: version.seen,
      exported: true,
    });
  }

  private storeRow(version: RowVersion): void {
    const { table, rowId, sealed } = version;
    if (table === 'audit_log') {
      if (!sealed || !version.audit) return;
      if (this.db.prepare('SELECT 1 FROM audit_log WHERE id = ?').get(rowId)) return;
      this.db
        .prepare('INSERT OR IGNORE INTO sync_audit (device_id, seq, id, key_version, nonce, ciphertext, mac) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(version.stamp.device, version.audit.seq, rowId, sealed.keyVersion, sealed.nonce, sealed.ciphertext, version.audit.mac);
      return;
    }
    if (!sealed) {
      this.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(rowId);
      return;
    }
    const fk = TABLES[table].parentColumn;
    const columns = fk ? `id, ${fk}, key_version, nonce, ciphertext` : 'id, key_version, nonce, ciphertext';
    const values = fk
      ? [rowId, version.parentId, sealed.keyVersion, sealed.nonce, sealed.ciphertext]
      : [rowId, sealed.keyVersion, sealed.nonce, sealed.ciphertext];
    // A note's summary is sealed by each device for itself: one that arrives clears the stale one, and reads decrypt the note until the next unlock seals it again.
    const summary = table === 'progress_notes' ? ', summary_nonce = NULL, summary_ciphertext = NULL' : '';
    this.db
      .prepare(
        `INSERT INTO ${table} (${columns}) VALUES (${values.map(() => '?').join(', ')})
         ON CONFLICT (id) DO UPDATE SET key_version = excluded.key_version, nonce = excluded.nonce, ciphertext = excluded.ciphertext${summary}`,
      )
      .run(...values);
  }

  /**
   * The same version as the one held, sealed under a newer key (its writer
   * re-sent its saves after a key rotation): the row takes the newer columns,
   * so nothing stays under a key this device may already have retired. An
   * other device's audit entry takes its writer's re-sealed columns and MAC
   * even at the same key version: this device re-sealed its copy of that
   * chain on its own (foreignAudit.ts), and only the writer's MACs link to
   * the entries the writer appends next. Returns whether it did.
   */
  refreshSealed(version: RowVersion): boolean {
    const sealed = version.sealed;
    if (!sealed) return false;
    const stamp = [version.table, version.rowId, hlcBytes(version.stamp.hlc), version.stamp.device] as const;
    const held = 'EXISTS (SELECT 1 FROM sync_versions WHERE table_name = ? AND row_id = ? AND hlc = ? AND device_id = ?)';
    if (version.table === 'audit_log') {
      if (!version.audit) return false;
      return (
        statement(this.db, `UPDATE sync_audit SET key_version = ?, nonce = ?, ciphertext = ?, mac = ? WHERE id = ? AND seq = ? AND key_version <= ? AND mac <> ? AND ${held}`)
          .run(sealed.keyVersion, sealed.nonce, sealed.ciphertext, version.audit.mac, version.rowId, version.audit.seq, sealed.keyVersion, version.audit.mac, ...stamp).changes === 1
      );
    }
    const summary = version.table === 'progress_notes' ? ', summary_nonce = NULL, summary_ciphertext = NULL' : '';
    return (
      statement(this.db, `UPDATE ${version.table} SET key_version = ?, nonce = ?, ciphertext = ?${summary} WHERE id = ? AND key_version < ? AND ${held}`)
        .run(sealed.keyVersion, sealed.nonce, sealed.ciphertext, version.rowId, sealed.keyVersion, ...stamp).changes === 1
    );
  }

  /** Keeps a version whose parent is not here yet; the merge sees it once the parent arrives. */
  private hold(version: RowVersion): void {
    this.db
      .prepare('INSERT OR IGNORE INTO sync_pending (table_name, row_id, hlc, device_id, change) VALUES (?, ?, ?, ?, ?)')
      .run(version.table, version.rowId, hlcBytes(version.stamp.hlc), version.stamp.device, encodeBody({ frontier: {}, changes: [{ kind: 'version', version }] }));
  }

  /** Takes every waiting version out, for the caller to apply again. */
  takeHeld(): RowVersion[] {
    const rows = this.db.prepare('SELECT change FROM sync_pending ORDER BY rowid').all() as { change: Buffer }[];
    this.db.prepare('DELETE FROM sync_pending').run();
    return rows.flatMap(({ change }) => decodeBody(change).changes.flatMap((one) => (one.kind === 'version' ? [one.version] : [])));
  }

  /** The waiting versions, left in place. */
  peekHeld(): RowVersion[] {
    const rows = this.db.prepare('SELECT change FROM sync_pending ORDER BY rowid').all() as { change: Buffer }[];
    return rows.flatMap(({ change }) => decodeBody(change).changes.flatMap((one) => (one.kind === 'version' ? [one.version] : [])));
  }

  allDismissals(): ConflictRef[] {
    const rows = this.db.prepare('SELECT table_name, row_id, hlc, device_id FROM sync_dismissed ORDER BY rowid').all() as VersionRow[];
    return rows.map((row) => ({ table: syncTable(row.table_name), rowId: row.row_id, stamp: { hlc: decodeHlc(row.hlc, 0), device: row.device_id } }));
  }

  heldCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM sync_pending').get() as { n: number }).n;
  }

  hasConflict(ref: ConflictRef): boolean {
    return this.db.prepare('SELECT 1 FROM sync_conflicts WHERE table_name = ? AND row_id = ? AND hlc = ? AND device_id = ?').get(...refArgs(ref)) !== undefined;
  }

  /** Stored as already sent: a copy this device made is marked unsent by the replica, which alone knows. */
  putConflict(version: RowVersion): void {
    const sealed = version.sealed;
    if (!sealed) return;
    this.db
      .prepare(
        `INSERT OR IGNORE INTO sync_conflicts (table_name, row_id, hlc, device_id, flags, seen, parent_id, key_version, nonce, ciphertext, exported)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      )
      .run(...refArgs(version), flagsOf(version), encodeSeen(version.seen), version.parentId, sealed.keyVersion, sealed.nonce, sealed.ciphertext);
  }

  isDismissed(ref: ConflictRef): boolean {
    return this.db.prepare('SELECT 1 FROM sync_dismissed WHERE table_name = ? AND row_id = ? AND hlc = ? AND device_id = ?').get(...refArgs(ref)) !== undefined;
  }

  dismiss(ref: ConflictRef): void {
    this.db.prepare('INSERT OR IGNORE INTO sync_dismissed (table_name, row_id, hlc, device_id, exported) VALUES (?, ?, ?, ?, 1)').run(...refArgs(ref));
    this.db.prepare('DELETE FROM sync_conflicts WHERE table_name = ? AND row_id = ? AND hlc = ? AND device_id = ?').run(...refArgs(ref));
  }

  conflictsOf(table: SyncTable, rowId: string): RowVersion[] {
    const rows = this.db.prepare('SELECT * FROM sync_conflicts WHERE table_name = ? AND row_id = ?').all(table, rowId) as ConflictRow[];
    return rows.map((row) => versionOf(row, sealedOf(row)));
  }

  /** Every conflict copy not dismissed. */
  allConflicts(): RowVersion[] {
    const rows = this.db.prepare('SELECT * FROM sync_conflicts ORDER BY table_name, row_id, hlc').all() as ConflictRow[];
    return rows.map((row) => versionOf(row, sealedOf(row)));
  }

  unsentConflicts(limit: number): RowVersion[] {
    const rows = this.db.prepare('SELECT * FROM sync_conflicts WHERE exported = 0 LIMIT ?').all(limit) as ConflictRow[];
    return rows.map((row) => versionOf(row, sealedOf(row)));
  }

  unsentDismissals(limit: number): ConflictRef[] {
    const rows = this.db.prepare('SELECT table_name, row_id, hlc, device_id FROM sync_dismissed WHERE exported = 0 LIMIT ?').all(limit) as VersionRow[];
    return rows.map((row) => ({ table: syncTable(row.table_name), rowId: row.row_id, stamp: { hlc: decodeHlc(row.hlc, 0), device: row.device_id } }));
  }

  markConflictUnsent(ref: ConflictRef): void {
    this.db.prepare('UPDATE sync_conflicts SET exported = 0 WHERE table_name = ? AND row_id = ? AND hlc = ? AND device_id = ?').run(...refArgs(ref));
  }

  markDismissalUnsent(ref: ConflictRef): void {
    this.db.prepare('UPDATE sync_dismissed SET exported = 0 WHERE table_name = ? AND row_id = ? AND hlc = ? AND device_id = ?').run(...refArgs(ref));
  }
}
