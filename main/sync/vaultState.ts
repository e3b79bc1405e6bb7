/*
 * This device's sync bookkeeping in its own vault file (the sync_* tables of
 * format 12, docs/SYNC.md section 9): its id, its clock, its batch counter,
 * and the stamp of every row it holds. The recorder stamps each local save in
 * the transaction that stores the row.
 */
import type { Clock } from '../vault/context';
import type { VaultDatabase } from '../vault/db';
import { statement } from '../vault/statements';
import type { ChangeRecorder, StoredWrite } from '../vault/rowWrites';
import { decodeSeen, encodeSeen } from './batch';
import type { SeenVector } from './changes';
import { mergeSeen } from './changes';
import type { Hlc, Stamp } from './hlc';
import { decodeHlc, encodeHlc, receive, tick } from './hlc';

export const FLAG_FINAL = 1;
export const FLAG_DELETED = 2;

export interface SyncState {
  device: string;
  hlc: Hlc;
  lastBatchSeq: number;
}

export function hlcBytes(hlc: Hlc): Buffer {
  const out = Buffer.alloc(8);
  encodeHlc(hlc, out, 0);
  return out;
}

export function readSyncState(db: VaultDatabase): SyncState {
  const row = statement(db, 'SELECT device_id, hlc, last_batch_seq FROM sync_state WHERE singleton = 1').get() as {
    device_id: string;
    hlc: Buffer;
    last_batch_seq: number;
  };
  return { device: row.device_id, hlc: decodeHlc(row.hlc, 0), lastBatchSeq: row.last_batch_seq };
}

function storeHlc(db: VaultDatabase, hlc: Hlc): void {
  statement(db, 'UPDATE sync_state SET hlc = ? WHERE singleton = 1').run(hlcBytes(hlc));
}

export function storeLastBatchSeq(db: VaultDatabase, seq: number): void {
  statement(db, 'UPDATE sync_state SET last_batch_seq = ? WHERE singleton = 1').run(seq);
}

/** The next stamp of this device, stored as its clock in the caller's transaction. */
export function nextStamp(db: VaultDatabase, clock: Clock): Stamp {
  const state = readSyncState(db);
  const hlc = tick(state.hlc, clock);
  storeHlc(db, hlc);
  return { hlc, device: state.device };
}

/** Moves this device's clock past a stamp it received. */
export function observeStamps(db: VaultDatabase, clock: Clock, remote: Hlc[]): void {
  let hlc = readSyncState(db).hlc;
  for (const stamp of remote) hlc = receive(hlc, stamp, clock);
  storeHlc(db, hlc);
}

export function storedSeen(db: VaultDatabase, table: string, rowId: string): SeenVector {
  const row = statement(db, 'SELECT seen FROM sync_versions WHERE table_name = ? AND row_id = ?').get(table, rowId) as
    | { seen: Buffer }
    | undefined;
  return row ? decodeSeen(row.seen) : {};
}

export interface VersionEntry {
  table: string;
  rowId: string;
  parentId: string | null;
  stamp: Stamp;
  flags: number;
  seen: SeenVector;
  exported: boolean;
}

export function putVersionEntry(db: VaultDatabase, entry: VersionEntry): void {
  statement(db, 
    `INSERT INTO sync_versions (table_name, row_id, parent_id, hlc, device_id, flags, seen, exported)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (table_name, row_id) DO UPDATE SET parent_id = excluded.parent_id, hlc = excluded.hlc,
       device_id = excluded.device_id, flags = excluded.flags, seen = excluded.seen, exported = excluded.exported`,
  ).run(
    entry.table,
    entry.rowId,
    entry.parentId,
    hlcBytes(entry.stamp.hlc),
    entry.stamp.device,
    entry.flags,
    encodeSeen(entry.seen),
    entry.exported ? 1 : 0,
  );
}

/** A version's stamp as the token an editor sends back: its clock's 16 hex digits, then its device id. */
function storedVersionOf(row: { hlc: Buffer; device_id: string }): string {
  return `${row.hlc.toString('hex')}${row.device_id}`;
}

/**
 * Stamps a local save: a later stamp than any this device issued or saw, a
 * seen vector covering the version it replaced, and unsent until a batch
 * carries it.
 */
export function createChangeRecorder(clock: Clock): ChangeRecorder {
  return {
    storedVersion(db, table, rowId) {
      const row = statement(db, 'SELECT hlc, device_id FROM sync_versions WHERE table_name = ? AND row_id = ?').get(table, rowId) as
        | { hlc: Buffer; device_id: string }
        | undefined;
      return row ? storedVersionOf(row) : null;
    },
    importedSince(db, table, rowId, basedOn) {
      const row = statement(db, 'SELECT hlc, device_id, flags FROM sync_versions WHERE table_name = ? AND row_id = ?')
        .get(table, rowId) as { hlc: Buffer; device_id: string; flags: number } | undefined;
      if (!row || (row.flags & FLAG_DELETED) !== 0) return false;
      return row.device_id !== readSyncState(db).device && storedVersionOf(row) !== basedOn;
    },
    keepStored(db, table, rowId) {
      // Unsent, like a copy the merge makes: the device that notices a conflict ships it (docs/SYNC.md section 5).
      statement(db, 
        `INSERT OR IGNORE INTO sync_conflicts (table_name, row_id, hlc, device_id, flags, seen, parent_id, key_version, nonce, ciphertext, exported)
         SELECT v.table_name, v.row_id, v.hlc, v.device_id, v.flags, v.seen, v.parent_id, t.key_version, t.nonce, t.ciphertext, 0
         FROM sync_versions v JOIN ${table} t ON t.id = v.row_id
         WHERE v.table_name = ? AND v.row_id = ? AND NOT EXISTS (
           SELECT 1 FROM sync_dismissed d WHERE d.table_name = v.table_name AND d.row_id = v.row_id AND d.hlc = v.hlc AND d.device_id = v.device_id)`,
      ).run(table, rowId);
    },
    keepUnstored(db, write) {
      const sealed = write.sealed;
      if (!sealed) return;
      const stamp = nextStamp(db, clock);
      // Its seen vector covers only itself: it was written without the stored version, which stays a conflict with it.
      statement(db, 
        `INSERT INTO sync_conflicts (table_name, row_id, hlc, device_id, flags, seen, parent_id, key_version, nonce, ciphertext, exported)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      ).run(
        write.table,
        write.rowId,
        hlcBytes(stamp.hlc),
        stamp.device,
        write.final ? FLAG_FINAL : 0,
        encodeSeen({ [stamp.device]: stamp.hlc }),
        write.parentId,
        sealed.keyVersion,
        sealed.nonce,
        sealed.ciphertext,
      );
    },
    recorded(db: VaultDatabase, write: StoredWrite) {
      const stamp = nextStamp(db, clock);
      const seen = mergeSeen(storedSeen(db, write.table, write.rowId), { [stamp.device]: stamp.hlc });
      putVersionEntry(db, {
        table: write.table,
        rowId: write.rowId,
        parentId: write.parentId,
        stamp,
        flags: (write.final ? FLAG_FINAL : 0) | (write.sealed === null ? FLAG_DELETED : 0),
        seen,
        exported: false,
      });
    },
  };
}
