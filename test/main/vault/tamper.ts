import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { VaultContext } from '../../../main/vault/context';
import { systemClock } from '../../../main/vault/context';
import { openDatabase } from '../../../main/vault/db';
import { KeyRing } from '../../../main/vault/keyRing';
import { loadSodium } from '../../../main/vault/sodium';
import type { Vault } from '../../../main/vault/vaultApi';
import type { ErrorCode } from '../../../shared/errors';
import { VaultError } from '../../../shared/errors';

/**
 * What an attacker (or a damaged disk) can do to a vault file without any
 * key. The vault holds its file exclusively while open, so raw SQL runs
 * either while it is closed (withFileRowChanged) or on a connection the test
 * owns (withRowChanged on a KeyedFile).
 */

/** A copy of `bytes` with one bit flipped. */
export function flipBit(bytes: Uint8Array, bitIndex: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bitIndex >> 3]! ^= 1 << (bitIndex & 7);
  return copy;
}

export function flipByte(bytes: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 0xff;
  return copy;
}

type RowValues = Record<string, unknown>;
interface RowWhere {
  column: string;
  value: unknown;
}

/**
 * Overwrites columns of one row, runs `check`, then puts the row back, so a
 * shared vault stays valid for the next test.
 */
export async function withRowChanged(
  db: Database.Database,
  table: string,
  where: RowWhere,
  changes: RowValues,
  check: () => unknown,
): Promise<void> {
  const columns = Object.keys(changes);
  const original = db
    .prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE ${where.column} = ?`)
    .get(where.value) as RowValues | undefined;
  if (!original) throw new Error(`test setup: no ${table} row to change`);
  const update = db.prepare(
    `UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE ${where.column} = @where`,
  );
  update.run({ ...changes, where: where.value });
  try {
    await check();
  } finally {
    update.run({ ...original, where: where.value });
  }
}

/** Runs `use` on a plain connection to a closed vault file, and closes it again. */
export function withRawFile<T>(path: string, use: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** withRowChanged on a closed vault file: `check` may open the vault itself, as long as it closes it. */
export async function withFileRowChanged(
  path: string,
  table: string,
  where: RowWhere,
  changes: RowValues,
  check: () => unknown,
): Promise<void> {
  const original = withRawFile(path, (db) =>
    db.prepare(`SELECT ${Object.keys(changes).join(', ')} FROM ${table} WHERE ${where.column} = ?`).get(where.value),
  ) as RowValues | undefined;
  if (!original) throw new Error(`test setup: no ${table} row to change`);
  const write = (values: RowValues) =>
    withRawFile(path, (db) => {
      const assignments = Object.keys(values).map((c) => `${c} = @${c}`);
      db.prepare(`UPDATE ${table} SET ${assignments.join(', ')} WHERE ${where.column} = @where`).run({
        ...values,
        where: where.value,
      });
    });
  write(changes);
  try {
    await check();
  } finally {
    write(original);
  }
}

export interface KeyedFile {
  /** Repository context on a connection the test owns, holding copies of the vault's keys. */
  ctx: VaultContext;
  close(): void;
}

/**
 * Closes `vault` and reopens its file on a connection of the test's own,
 * with copies of the keys `ring` held. Repository functions then run against
 * the real file and real keys while raw SQL edits it between calls.
 */
export async function reopenWithKeys(vault: Vault, ring: KeyRing, path: string): Promise<KeyedFile> {
  const sodium = await loadSodium();
  const keys = new KeyRing(sodium);
  for (const compartment of ['progress', 'psychotherapy'] as const) {
    if (ring.has(compartment)) {
      const { version, key } = ring.get(compartment);
      keys.set(compartment, { version, key: Uint8Array.from(key) });
    }
  }
  const vaultId = vault.id();
  if (!vaultId) throw new Error('test setup: the vault was never created');
  await vault.close();
  const db = openDatabase(path);
  return {
    ctx: { db, sodium, vaultId, keys, clock: systemClock },
    close() {
      keys.wipeAll();
      db.close();
    },
  };
}

/** Runs `action` and returns the VaultError it throws, failing the test if it throws anything else. */
export async function vaultErrorOf(action: () => unknown): Promise<VaultError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return error as VaultError;
  }
  throw new Error('expected a VaultError, but the call succeeded');
}

export async function expectCode(action: () => unknown, code: ErrorCode): Promise<VaultError> {
  const error = await vaultErrorOf(action);
  expect(error.code).toBe(code);
  return error;
}

/** INTEGRITY for exactly this row, naming its random id and no content. */
export async function expectIntegrity(
  action: () => unknown,
  table: string,
  rowId: string,
  secrets: readonly string[] = [],
): Promise<VaultError> {
  const error = await expectCode(action, 'INTEGRITY');
  expect(error.details).toEqual({ table, rowId });
  expect(error.message).toContain(rowId);
  for (const secret of secrets) expect(error.message).not.toContain(secret);
  return error;
}
