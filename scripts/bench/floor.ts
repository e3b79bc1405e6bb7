import Database from 'better-sqlite3';
import type { Connection } from './plainStore';
import { applyVaultPragmas } from './plainStore';

/**
 * The floor: the same tables and rows in plaintext better-sqlite3, with the
 * vault's storage settings (WAL, synchronous=FULL). No one should ship it for
 * client records; it is the cost of the storage alone.
 */
export function openFloor(path: string): Connection {
  const db = new Database(path);
  try {
    applyVaultPragmas(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
