/*
 * One prepared statement per SQL text per open database. Preparing costs
 * about as much as the read it serves (a few microseconds), and a page such
 * as a client's timeline runs the same few statements hundreds of times. The
 * map is keyed by the connection, so a file reopened after a restore gets
 * statements of its own and the closed one's are collected with it.
 */
import type { Statement } from 'better-sqlite3';
import type { VaultDatabase } from './db';

const prepared = new WeakMap<VaultDatabase, Map<string, Statement>>();

/**
 * The statement for `sql` on `db`, prepared on first use. Callers must not
 * change its mode (pluck, raw, expand) or iterate it: every caller of the
 * same text shares it.
 */
export function statement(db: VaultDatabase, sql: string): Statement {
  let statements = prepared.get(db);
  if (!statements) {
    statements = new Map();
    prepared.set(db, statements);
  }
  let found = statements.get(sql);
  if (!found) {
    found = db.prepare(sql);
    statements.set(sql, found);
  }
  return found;
}
