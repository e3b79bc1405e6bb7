/*
 * Generic storage of encrypted rows. Table and column names come only from the
 * registry in tables.ts, never from input.
 */
import { VaultError } from '../../shared/errors';
import type { VaultContext } from './context';
import type { SealedRow } from './rowCipher';
import { openRow, sealRow } from './rowCipher';
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

function seal(ctx: VaultContext, table: RowTable, id: string, payload: unknown): SealedRow {
  return sealRow(ctx.sodium, keyFor(ctx, table), { vaultId: ctx.vaultId, table, rowId: id }, payload);
}

function open<T>(ctx: VaultContext, table: RowTable, row: StoredRow): T {
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
  return payload;
}

export function insertRow(
  ctx: VaultContext,
  table: RowTable,
  id: string,
  parentId: string | null,
  record: object,
): void {
  const { id: _ignored, ...payload } = record as { id?: unknown };
  const sealed = seal(ctx, table, id, payload);
  const fk = TABLES[table].parentColumn;
  if (fk) {
    ctx.db
      .prepare(`INSERT INTO ${table} (id, ${fk}, key_version, nonce, ciphertext) VALUES (?, ?, ?, ?, ?)`)
      .run(id, parentId, sealed.keyVersion, sealed.nonce, sealed.ciphertext);
  } else {
    ctx.db
      .prepare(`INSERT INTO ${table} (id, key_version, nonce, ciphertext) VALUES (?, ?, ?, ?)`)
      .run(id, sealed.keyVersion, sealed.nonce, sealed.ciphertext);
  }
}

/** Stores a record's payload; its id lives in the row, not in the ciphertext. */
export function replaceRow(ctx: VaultContext, table: RowTable, id: string, record: object): void {
  const { id: _ignored, ...payload } = record as { id?: unknown };
  const sealed = seal(ctx, table, id, payload);
  const result = ctx.db
    .prepare(`UPDATE ${table} SET key_version = ?, nonce = ?, ciphertext = ? WHERE id = ?`)
    .run(sealed.keyVersion, sealed.nonce, sealed.ciphertext, id);
  if (result.changes !== 1) throw new VaultError('NOT_FOUND', `No ${table} row ${id}`);
}

export type WithId<T> = T & { id: string };

export function readRow<T>(ctx: VaultContext, table: RowTable, id: string): WithId<T> | undefined {
  const row = ctx.db.prepare(`SELECT ${columns(table)} FROM ${table} WHERE id = ?`).get(id) as
    | StoredRow
    | undefined;
  return row ? { ...open<T>(ctx, table, row), id: row.id } : undefined;
}

export function requireRow<T>(ctx: VaultContext, table: RowTable, id: string, what: string): WithId<T> {
  const row = readRow<T>(ctx, table, id);
  if (row === undefined) throw new VaultError('NOT_FOUND', `${what} not found`);
  return row;
}

export function readRows<T>(ctx: VaultContext, table: RowTable, parentId?: string): WithId<T>[] {
  const fk = TABLES[table].parentColumn;
  const rows = (
    parentId !== undefined && fk
      ? ctx.db.prepare(`SELECT ${columns(table)} FROM ${table} WHERE ${fk} = ?`).all(parentId)
      : ctx.db.prepare(`SELECT ${columns(table)} FROM ${table}`).all()
  ) as StoredRow[];
  return rows.map((row) => ({ ...open<T>(ctx, table, row), id: row.id }));
}

export function parentOf(ctx: VaultContext, table: RowTable, id: string): string | undefined {
  const fk = TABLES[table].parentColumn;
  if (!fk) return undefined;
  const row = ctx.db.prepare(`SELECT ${fk} AS parent FROM ${table} WHERE id = ?`).get(id) as
    | { parent: string }
    | undefined;
  return row?.parent;
}

export function deleteRow(ctx: VaultContext, table: RowTable, id: string): void {
  const result = ctx.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
  if (result.changes !== 1) throw new VaultError('NOT_FOUND', `No ${table} row ${id}`);
}
