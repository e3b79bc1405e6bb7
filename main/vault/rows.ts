/*
 * Generic storage of encrypted rows. Table and column names come only from the
 * registry in tables.ts, never from input. Statements are prepared once per
 * connection (statements.ts); decrypted client and session rows are kept
 * while the vault is open (rowCache.ts), and every write here drops the
 * written table's entries first.
 */
import { VaultError } from '../../shared/errors';
import type { VaultContext } from './context';
import type { CompartmentKey } from './keyRing';
import { isCached } from './rowCache';
import type { StoredWrite } from './rowWrites';
import { isFinalRecord, storeStamped } from './rowWrites';
import { openRow, sealRow } from './rowCipher';
import type { NoteHead } from './sealedSummary';
import { sealSummary } from './sealedSummary';
import { statement } from './statements';
import type { RowTable } from './tables';
import { compartmentOf, TABLES } from './tables';

interface StoredRow {
  id: string;
  parent: string | null;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
}

function columns(table: RowTable): string {
  const fk = TABLES[table].parentColumn;
  return `id, ${fk ?? 'NULL'} AS parent, key_version, nonce, ciphertext`;
}

function keyFor(ctx: VaultContext, table: RowTable) {
  return ctx.keys.get(compartmentOf(table));
}

/**
 * What a write stores besides the id and parent, column by column: the sealed
 * payload, and for a progress note its sealed summary (sealedSummary.ts), so
 * no write of a note can leave its summary behind.
 */
function sealedColumns(ctx: VaultContext, table: RowTable, id: string, payload: object, key: CompartmentKey): Record<string, unknown> {
  const sealed = sealRow(ctx.sodium, key, { vaultId: ctx.vaultId, table, rowId: id }, payload);
  const values: Record<string, unknown> = { key_version: sealed.keyVersion, nonce: sealed.nonce, ciphertext: sealed.ciphertext };
  if (table === 'progress_notes') {
    const summary = sealSummary(ctx, key, id, payload as NoteHead);
    values.summary_nonce = summary.nonce;
    values.summary_ciphertext = summary.ciphertext;
  }
  return values;
}

function open<T>(ctx: VaultContext, table: RowTable, row: StoredRow): WithId<T> {
  const ref = { vaultId: ctx.vaultId, table, rowId: row.id };
  const payload = openRow<T>(ctx.sodium, ctx.keys.opening(compartmentOf(table), row.key_version), ref, {
    keyVersion: row.key_version,
    nonce: row.nonce,
    ciphertext: row.ciphertext,
  });
  const parentField = TABLES[table].parentField;
  if (parentField && (payload as Record<string, unknown>)[parentField] !== row.parent) {
    throw new VaultError('INTEGRITY', `A ${table} row is linked to the wrong parent (row ${row.id})`, {
      table,
      rowId: row.id,
    });
  }
  return { ...payload, id: row.id };
}

/** Rows read inside a transaction are not kept: it may still roll back. */
function cacheOf(ctx: VaultContext, table: RowTable) {
  return ctx.cache && isCached(table) ? ctx.cache : undefined;
}

function keeping(ctx: VaultContext): boolean {
  return !ctx.db.inTransaction;
}

function stored(ctx: VaultContext, write: StoredWrite, store: () => void): void {
  storeStamped(ctx.db, ctx.changes, write, store);
}

/** The row's sealed payload as sync carries it (the note summary stays behind: each device seals its own). */
function sealedOf(values: Record<string, unknown>): StoredWrite['sealed'] {
  return { keyVersion: values.key_version as number, nonce: values.nonce as Uint8Array, ciphertext: values.ciphertext as Uint8Array };
}

export function insertRow(
  ctx: VaultContext,
  table: RowTable,
  id: string,
  parentId: string | null,
  record: object,
): void {
  const { id: _ignored, ...payload } = record as { id?: unknown };
  const values = sealedColumns(ctx, table, id, payload, keyFor(ctx, table));
  const fk = TABLES[table].parentColumn;
  const names = ['id', ...(fk ? [fk] : []), ...Object.keys(values)];
  stored(ctx, { table, rowId: id, parentId, sealed: sealedOf(values), final: isFinalRecord(table, payload) }, () => {
    ctx.cache?.drop(table);
    statement(ctx.db, `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(
      id,
      ...(fk ? [parentId] : []),
      ...Object.values(values),
    );
  });
}

/**
 * Seals `record` under `key` over the row `id`; false when there is no such
 * row. Key rotation passes the new key; everything else, the current one.
 */
export function resealRow(ctx: VaultContext, table: RowTable, id: string, record: object, key: CompartmentKey): boolean {
  const { id: _ignored, ...payload } = record as { id?: unknown };
  return updateColumns(ctx, table, id, sealedColumns(ctx, table, id, payload, key));
}

function updateColumns(ctx: VaultContext, table: RowTable, id: string, values: Record<string, unknown>): boolean {
  const assignments = Object.keys(values).map((name) => `${name} = ?`);
  ctx.cache?.drop(table);
  const result = statement(ctx.db, `UPDATE ${table} SET ${assignments.join(', ')} WHERE id = ?`).run(...Object.values(values), id);
  return result.changes === 1;
}

/** Stores a record's payload; its id lives in the row, not in the ciphertext. */
export function replaceRow(ctx: VaultContext, table: RowTable, id: string, record: object): void {
  const { id: _ignored, ...payload } = record as { id?: unknown };
  const values = sealedColumns(ctx, table, id, payload, keyFor(ctx, table));
  const write = { table, rowId: id, parentId: parentOf(ctx, table, id) ?? null, sealed: sealedOf(values), final: isFinalRecord(table, payload) };
  stored(ctx, write, () => {
    if (!updateColumns(ctx, table, id, values)) throw new VaultError('NOT_FOUND', `No ${table} row ${id}`);
  });
}

/**
 * Seals `record` as a version of the row `id` that is not stored, and keeps
 * it as a conflict copy (a draft edit refused because an import signed the
 * note meanwhile): its text reaches every computer, nothing in the row changes.
 */
export function keepUnstoredRow(ctx: VaultContext, table: RowTable, id: string, parentId: string | null, record: object): void {
  const { id: _ignored, ...payload } = record as { id?: unknown };
  const sealed = sealRow(ctx.sodium, keyFor(ctx, table), { vaultId: ctx.vaultId, table, rowId: id }, payload);
  ctx.changes?.keepUnstored(ctx.db, { table, rowId: id, parentId, sealed, final: isFinalRecord(table, payload) });
}

export type WithId<T> = T & { id: string };

export function readRow<T>(ctx: VaultContext, table: RowTable, id: string): WithId<T> | undefined {
  const cache = cacheOf(ctx, table);
  const cached = cache?.row(table, id);
  if (cached) return cached as WithId<T>;
  const row = statement(ctx.db, `SELECT ${columns(table)} FROM ${table} WHERE id = ?`).get(id) as StoredRow | undefined;
  if (!row) return undefined;
  const opened = open<T>(ctx, table, row);
  if (cache && keeping(ctx)) cache.keepRow(table, opened);
  return opened;
}

export function requireRow<T>(ctx: VaultContext, table: RowTable, id: string, what: string): WithId<T> {
  const row = readRow<T>(ctx, table, id);
  if (row === undefined) throw new VaultError('NOT_FOUND', `${what} not found`);
  return row;
}

/** A parent's rows, or the whole table's; a new array each call, whose rows may be shared (frozen) with the cache. */
export function readRows<T>(ctx: VaultContext, table: RowTable, parentId?: string): WithId<T>[] {
  const fk = TABLES[table].parentColumn;
  const parent = parentId !== undefined && fk ? parentId : null;
  const cache = cacheOf(ctx, table);
  const cached = cache?.list(table, parent);
  if (cached) return [...cached] as WithId<T>[];
  const rows = (
    parent !== null
      ? statement(ctx.db, `SELECT ${columns(table)} FROM ${table} WHERE ${fk} = ?`).all(parent)
      : statement(ctx.db, `SELECT ${columns(table)} FROM ${table}`).all()
  ) as StoredRow[];
  const opened = rows.map((row) => open<T>(ctx, table, row));
  if (cache && keeping(ctx)) cache.keepList(table, parent, opened);
  return opened;
}

/** Sorted copies of cached lists, per comparison: a list is replaced, never changed, so its sorted order stays right. */
const sortedLists = new WeakMap<readonly object[], Map<(a: never, b: never) => number, readonly object[]>>();

/**
 * readRows in `compare` order. While the list is cached its sorted order is
 * kept beside it, so a repeated read (the client list) is a copy, not a sort.
 */
export function readRowsSorted<T>(
  ctx: VaultContext,
  table: RowTable,
  parentId: string | undefined,
  compare: (a: WithId<T>, b: WithId<T>) => number,
): WithId<T>[] {
  const fk = TABLES[table].parentColumn;
  const cached = cacheOf(ctx, table)?.list(table, parentId !== undefined && fk ? parentId : null);
  if (!cached) return readRows<T>(ctx, table, parentId).sort(compare);
  let orders = sortedLists.get(cached);
  if (!orders) {
    orders = new Map();
    sortedLists.set(cached, orders);
  }
  let sorted = orders.get(compare) as readonly WithId<T>[] | undefined;
  if (!sorted) {
    sorted = Object.freeze([...(cached as readonly WithId<T>[])].sort(compare));
    orders.set(compare, sorted);
  }
  return [...sorted];
}

/**
 * The rows of `table` under one ancestor, in one query: `through` names the
 * tables between, nearest first, each reached by its parent column (a
 * client's addenda: through progress_notes, then sessions). Each row is
 * opened and its parent checked as readRows does; none is cached.
 */
export function readRowsUnder<T>(ctx: VaultContext, table: RowTable, through: readonly RowTable[], ancestorId: string): WithId<T>[] {
  const fk = TABLES[table].parentColumn;
  if (!fk || through.length === 0) throw new VaultError('INTERNAL', `${table} has no ancestors to read by`);
  let sql = `SELECT t.id, t.${fk} AS parent, t.key_version, t.nonce, t.ciphertext FROM ${table} t`;
  let joined = `t.${fk}`;
  through.forEach((via, index) => {
    const viaFk = TABLES[via].parentColumn;
    if (!viaFk) throw new VaultError('INTERNAL', `${via} has no parent to read by`);
    sql += ` JOIN ${via} a${index} ON a${index}.id = ${joined}`;
    joined = `a${index}.${viaFk}`;
  });
  const rows = statement(ctx.db, `${sql} WHERE ${joined} = ?`).all(ancestorId) as StoredRow[];
  return rows.map((row) => open<T>(ctx, table, row));
}

export function parentOf(ctx: VaultContext, table: RowTable, id: string): string | undefined {
  const fk = TABLES[table].parentColumn;
  if (!fk) return undefined;
  const row = statement(ctx.db, `SELECT ${fk} AS parent FROM ${table} WHERE id = ?`).get(id) as { parent: string } | undefined;
  return row?.parent;
}

export function deleteRow(ctx: VaultContext, table: RowTable, id: string): void {
  stored(ctx, { table, rowId: id, parentId: parentOf(ctx, table, id) ?? null, sealed: null, final: false }, () => {
    ctx.cache?.drop(table);
    const result = statement(ctx.db, `DELETE FROM ${table} WHERE id = ?`).run(id);
    if (result.changes !== 1) throw new VaultError('NOT_FOUND', `No ${table} row ${id}`);
  });
}
