/*
 * Decrypted client and session rows, and progress notes' summaries, kept
 * while the vault is open so the client list and a client's pages do not
 * decrypt the same small rows on every request. rows.ts is the only reader and writer: every write through
 * it drops the written table's entries before the statement runs, rows read
 * inside a transaction are never kept (a rollback would leave them stale),
 * and every wipe of a compartment's key drops that compartment's entries
 * (storage.ts). JavaScript cannot zero a string: dropping the references is
 * what this can do, as for any record a request decrypted.
 */
import type { Compartment } from './compartments';
import type { RowTable } from './tables';
import { compartmentOf } from './tables';

/** Small rows read on every page; notes stay out (large, and the timeline reads their summaries). */
export const CACHED_TABLES: readonly RowTable[] = ['clients', 'sessions'];

/** Lists kept per table (the whole table, or one parent's rows), least recently used dropped first; a longer list than MAX_ROWS is not kept. */
const MAX_LISTS = 64;
/** Rows kept by id per table. */
const MAX_ROWS = 4096;

const ALL = '\u0000all';

interface TableEntries {
  lists: Map<string, readonly object[]>;
  rows: Map<string, object>;
}

export interface RowCache {
  /** A parent's rows (or the whole table's, for null) as last read, in storage order. */
  list(table: RowTable, parent: string | null): readonly object[] | undefined;
  row(table: RowTable, id: string): object | undefined;
  keepList(table: RowTable, parent: string | null, rows: readonly (object & { id: string })[]): void;
  keepRow(table: RowTable, row: object & { id: string }): void;
  /** A client's note summaries by session id (null: every client's), as last read. */
  summaries(clientId: string | null): ReadonlyMap<string, object> | undefined;
  keepSummaries(clientId: string | null, summaries: ReadonlyMap<string, object>): void;
  /** Before any write to the table; a write to sessions or progress notes drops the note summaries too. */
  drop(table: RowTable): void;
  /** When the compartment's key is wiped. */
  dropCompartment(compartment: Compartment): void;
  /** Rows and lists held, for tests. */
  size(): number;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function touch<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as string);
}

export function isCached(table: RowTable): boolean {
  return CACHED_TABLES.includes(table);
}

/** Tables whose writes can change what a note summary read answers. */
const SUMMARY_SOURCES: readonly RowTable[] = ['sessions', 'progress_notes'];

export function createRowCache(): RowCache {
  const tables = new Map<RowTable, TableEntries>();
  const summaries = new Map<string, ReadonlyMap<string, object>>();
  const entries = (table: RowTable): TableEntries => {
    let found = tables.get(table);
    if (!found) {
      found = { lists: new Map(), rows: new Map() };
      tables.set(table, found);
    }
    return found;
  };
  return {
    list(table, parent) {
      const key = parent ?? ALL;
      const found = tables.get(table)?.lists.get(key);
      if (found) touch(entries(table).lists, key, found, MAX_LISTS);
      return found;
    },
    row: (table, id) => tables.get(table)?.rows.get(id),
    keepList(table, parent, rows) {
      if (!isCached(table) || rows.length > MAX_ROWS) return;
      const held = entries(table);
      for (const row of rows) touch(held.rows, row.id, deepFreeze(row), MAX_ROWS);
      touch(held.lists, parent ?? ALL, Object.freeze([...rows]), MAX_LISTS);
    },
    keepRow(table, row) {
      if (isCached(table)) touch(entries(table).rows, row.id, deepFreeze(row), MAX_ROWS);
    },
    summaries(clientId) {
      const key = clientId ?? ALL;
      const found = summaries.get(key);
      if (found) touch(summaries, key, found, MAX_LISTS);
      return found;
    },
    keepSummaries(clientId, held) {
      for (const summary of held.values()) deepFreeze(summary);
      touch(summaries, clientId ?? ALL, new Map(held), MAX_LISTS);
    },
    drop(table) {
      tables.delete(table);
      if (SUMMARY_SOURCES.includes(table)) summaries.clear();
    },
    dropCompartment(compartment) {
      for (const table of [...tables.keys()]) {
        if (compartmentOf(table) === compartment) tables.delete(table);
      }
      if (SUMMARY_SOURCES.some((table) => compartmentOf(table) === compartment)) summaries.clear();
    },
    size() {
      let total = summaries.size;
      for (const held of tables.values()) total += held.lists.size + held.rows.size;
      return total;
    },
  };
}
