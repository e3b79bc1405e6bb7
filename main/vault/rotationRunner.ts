/*
 * Re-encrypts, a batch at a time, the rows a key rotation (keyRotation.ts)
 * left under the old key. Each batch is one short IMMEDIATE transaction, and
 * the event loop gets a turn between batches, so the app keeps answering
 * (reads, writes, the progress bar) while it runs. Writes made meanwhile are
 * sealed under the new key already; reads open either version.
 *
 * The audit log is a MAC chain, each MAC covering the one before, so it
 * cannot change a batch at a time: it is re-sealed in memory a slice at a
 * time, then written back whole in one transaction.
 *
 * Sync's copies of rows (conflict copies, versions waiting for their parent,
 * other devices' audit chains, docs/SYNC.md sections 5, 8 and 9) are sealed
 * by the same keys and re-sealed with them, so nothing the file holds stays
 * under a retired key.
 *
 * The file itself says how far a rotation has got (each row's key_version,
 * and slots of two versions while one runs), so nothing else is stored: a
 * run stopped by a lock, a crash or a full disk starts again at the next
 * unlock from what the rows say. The old key's slots are removed, and its
 * bytes wiped, only in the transaction that finds no row left under it.
 */
import type { Compartment } from './compartments';
import type { VaultContext } from './context';
import type { CompartmentKey, KeyRing } from './keyRing';
import { CHAIN_START, resealChainSlice, writeResealedChain } from './audit';
import type { ResealedEntry } from './audit';
import type { RotationProgress } from './keyRotation';
import { tablesOf } from './keyRotation';
import { foreignEntriesLeft, resealForeignChains } from './foreignAudit';
import { pendingLeft, resealPendingBatch } from '../sync/pendingReseal';
import { openRow, sealRow } from './rowCipher';
import { resealRow } from './rows';
import type { RowTable } from './tables';
import { TABLES } from './tables';
import { isDiskFull, isVaultError, VaultError } from '../../shared/errors';

/** Rows per transaction: 100 notes took 25-60 ms on a loaded two-core machine (docs/PERFORMANCE.md). */
export const ROTATION_BATCH_ROWS = 100;

export interface RotationRunnerParts {
  keys: KeyRing;
  /** The open file, fetched afresh for every batch (a restore swaps it). */
  context(): VaultContext;
  /** Runs the old key's retirement in turn with the other key operations (unlock, lock, passphrase change). */
  serial<T>(operation: () => Promise<T>): Promise<T>;
  batchRows?: number;
  /** Where a batch hands the event loop back; a test can fail or lock there. */
  betweenBatches?: () => Promise<void>;
}

export interface RotationRunner {
  /** Starts re-encrypting when the compartment holds keys of two versions and no run is going; returns at once. */
  resume(compartment: Compartment): void;
  /** Resolves once no run is going (finished, stopped by a lock, or failed). */
  settled(): Promise<void>;
  onProgress(listener: (progress: RotationProgress) => void): () => void;
}

interface StoredRow {
  rowid: number;
  id: string;
  parent: string | null;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Stops a run whose keys went away (a lock, the psychotherapy compartment closed) or changed under it. */
class Stopped extends Error {}

/** Re-encrypts up to `limit` rows of `table` after `afterRowid` that are not under `target`; returns how many, and the last rowid seen. */
function resealBatch(ctx: VaultContext, table: RowTable, target: CompartmentKey, afterRowid: number, limit: number): { count: number; lastRowid: number } {
  const fk = TABLES[table].parentColumn;
  const parentField = TABLES[table].parentField;
  const compartment = TABLES[table].compartment;
  const rows = ctx.db
    .prepare(
      `SELECT rowid, id, ${fk ?? 'NULL'} AS parent, key_version, nonce, ciphertext FROM ${table}
       WHERE rowid > ? AND key_version <> ? ORDER BY rowid LIMIT ?`,
    )
    .all(afterRowid, target.version, limit) as StoredRow[];
  for (const row of rows) {
    const ref = { vaultId: ctx.vaultId, table, rowId: row.id };
    const payload = openRow<Record<string, unknown>>(ctx.sodium, ctx.keys.opening(compartment, row.key_version), ref, {
      keyVersion: row.key_version,
      nonce: row.nonce,
      ciphertext: row.ciphertext,
    });
    if (parentField && payload[parentField] !== row.parent) {
      throw new VaultError('INTEGRITY', `A ${table} row is linked to the wrong parent (row ${row.id})`, { table, rowId: row.id });
    }
    // Through rows.ts, so a note's summary is sealed again under the new key with it and the row cache drops the table.
    resealRow(ctx, table, row.id, payload, target);
  }
  return { count: rows.length, lastRowid: rows.at(-1)?.rowid ?? afterRowid };
}

/** Sync's conflict copies (docs/SYNC.md section 5) hold rows of the compartment's tables as they came: sealed by the same keys. */
function conflictTables(compartment: Compartment): string {
  return tablesOf(compartment)
    .map((table) => `'${table}'`)
    .join(', ');
}

function rowsLeft(ctx: VaultContext, compartment: Compartment, version: number): number {
  let left = 0;
  for (const table of tablesOf(compartment)) {
    left += ctx.db.prepare(`SELECT count(*) FROM ${table} WHERE key_version <> ?`).pluck().get(version) as number;
  }
  left += ctx.db.prepare(`SELECT count(*) FROM sync_conflicts WHERE table_name IN (${conflictTables(compartment)}) AND key_version <> ?`).pluck().get(version) as number;
  left += pendingLeft(ctx, compartment, version);
  if (compartment === 'progress') {
    left += ctx.db.prepare('SELECT count(*) FROM audit_log WHERE key_version <> ?').pluck().get(version) as number;
    left += foreignEntriesLeft(ctx, version);
  }
  return left;
}

interface ConflictRow {
  rowid: number;
  table_name: RowTable;
  row_id: string;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
}

/** Re-seals up to `limit` conflict copies under `target`; a copy keeps its row's identity and stamp, so it stays the same copy on every device. */
function resealConflictBatch(ctx: VaultContext, compartment: Compartment, target: CompartmentKey, limit: number): number {
  const rows = ctx.db
    .prepare(`SELECT rowid, table_name, row_id, key_version, nonce, ciphertext FROM sync_conflicts WHERE table_name IN (${conflictTables(compartment)}) AND key_version <> ? LIMIT ?`)
    .all(target.version, limit) as ConflictRow[];
  const update = ctx.db.prepare('UPDATE sync_conflicts SET key_version = ?, nonce = ?, ciphertext = ? WHERE rowid = ?');
  for (const row of rows) {
    const ref = { vaultId: ctx.vaultId, table: row.table_name, rowId: row.row_id };
    const payload = openRow<object>(ctx.sodium, ctx.keys.opening(compartment, row.key_version), ref, {
      keyVersion: row.key_version,
      nonce: row.nonce,
      ciphertext: row.ciphertext,
    });
    const sealed = sealRow(ctx.sodium, target, ref, payload);
    update.run(sealed.keyVersion, sealed.nonce, sealed.ciphertext, row.rowid);
  }
  return rows.length;
}

export function createRotationRunner(parts: RotationRunnerParts): RotationRunner {
  const { keys } = parts;
  const batchRows = parts.batchRows ?? ROTATION_BATCH_ROWS;
  const betweenBatches = parts.betweenBatches ?? yieldToEventLoop;
  const running = new Map<Compartment, Promise<void>>();
  const listeners = new Set<(progress: RotationProgress) => void>();

  const emit = (progress: RotationProgress) => {
    for (const listener of listeners) listener(progress);
  };

  /** The new key, while the compartment still holds it and an older one; otherwise the run stops. */
  const targetOf = (compartment: Compartment, version: number): CompartmentKey => {
    const held = keys.held(compartment);
    if (held.length < 2 || held[0]!.version !== version) throw new Stopped();
    return held[0]!;
  };

  const turn = async (compartment: Compartment, version: number): Promise<CompartmentKey> => {
    await betweenBatches();
    return targetOf(compartment, version);
  };

  async function resealRows(compartment: Compartment, version: number, report: (count: number) => void): Promise<void> {
    for (const table of tablesOf(compartment)) {
      let afterRowid = 0;
      for (;;) {
        const target = await turn(compartment, version);
        const ctx = parts.context();
        const batch = ctx.db.transaction(() => resealBatch(ctx, table, target, afterRowid, batchRows)).immediate();
        if (batch.count === 0) break;
        afterRowid = batch.lastRowid;
        report(batch.count);
      }
    }
    for (;;) {
      const target = await turn(compartment, version);
      const ctx = parts.context();
      const count = ctx.db.transaction(() => resealConflictBatch(ctx, compartment, target, batchRows)).immediate();
      if (count === 0) break;
      report(count);
    }
    let afterPending = 0;
    for (;;) {
      const target = await turn(compartment, version);
      const ctx = parts.context();
      const batch = ctx.db.transaction(() => resealPendingBatch(ctx, compartment, target, afterPending, batchRows)).immediate();
      if (batch.read === 0) break;
      afterPending = batch.lastRowid;
      report(batch.count);
    }
  }

  async function resealChain(version: number, report: (count: number) => void): Promise<void> {
    const entries: ResealedEntry[] = [];
    let cursor = CHAIN_START;
    for (;;) {
      const target = await turn('progress', version);
      const slice = resealChainSlice(parts.context(), target, cursor, batchRows);
      if (slice.entries.length === 0) break;
      entries.push(...slice.entries);
      cursor = slice.cursor;
    }
    const target = await turn('progress', version);
    const ctx = parts.context();
    ctx.db
      .transaction(() => {
        // Entries appended since the last slice join the rewrite.
        const tail = resealChainSlice(ctx, target, cursor, Number.MAX_SAFE_INTEGER);
        writeResealedChain(ctx, [...entries, ...tail.entries]);
        report(resealForeignChains(ctx, target));
      })
      .immediate();
    report(entries.length);
  }

  /** Removes the old key's slots and wipes its bytes, if no row is left under it; false when some are (a pass to run again). */
  const retire = (compartment: Compartment, version: number): Promise<boolean> =>
    parts.serial(async () => {
      const target = targetOf(compartment, version);
      const ctx = parts.context();
      const retired = ctx.db
        .transaction(() => {
          if (rowsLeft(ctx, compartment, target.version) > 0) return false;
          ctx.db.prepare('DELETE FROM key_slots WHERE compartment = ? AND key_version <> ?').run(compartment, target.version);
          return true;
        })
        .immediate();
      if (retired) for (const old of keys.held(compartment).slice(1)) keys.retire(compartment, old.version);
      return retired;
    });

  async function run(compartment: Compartment): Promise<void> {
    const version = targetOf(compartment, keys.get(compartment).version).version;
    let done = 0;
    let total = 0;
    try {
      for (;;) {
        total = rowsLeft(parts.context(), compartment, version);
        done = 0;
        const report = (count: number) => {
          done = Math.min(total, done + count);
          emit({ compartment, done, total });
        };
        emit({ compartment, done, total });
        await resealRows(compartment, version, report);
        if (compartment === 'progress') await resealChain(version, report);
        await turn(compartment, version);
        if (await retire(compartment, version)) {
          emit({ compartment, done: total, total });
          return;
        }
      }
    } catch (error) {
      if (error instanceof Stopped) return;
      emit({ compartment, done, total, failed: isVaultError(error) ? error.code : isDiskFull(error) ? 'DISK_FULL' : 'INTERNAL' });
    }
  }

  return {
    resume(compartment) {
      if (running.has(compartment) || keys.held(compartment).length < 2) return;
      const job = run(compartment).finally(() => running.delete(compartment));
      running.set(compartment, job);
    },
    async settled() {
      while (running.size > 0) await Promise.all(running.values());
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
