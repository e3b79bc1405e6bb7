import Database from 'better-sqlite3';
import { chmodSync, closeSync, openSync } from 'node:fs';
import { migrate } from './migrations';

export type VaultDatabase = Database.Database;

/**
 * Opens (creating if needed) the vault file with the durability and hygiene
 * settings the vault relies on. better-sqlite3 leaves WAL at synchronous=NORMAL,
 * which can lose the last commits on power loss; a saved note must survive that.
 */
export function openDatabase(path: string): VaultDatabase {
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
