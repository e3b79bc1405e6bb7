import type Database from 'better-sqlite3';
import { chmodSync } from 'node:fs';
import { migrate } from './migrations';
import { createVaultFile, fileIsPresent, fileProblem, openExclusive } from './vaultFile';

export type VaultDatabase = Database.Database;

/**
 * Opens (creating if needed) the vault file with the durability and hygiene
 * settings the vault relies on. better-sqlite3 leaves WAL at synchronous=NORMAL,
 * which can lose the last commits on power loss; a saved note must survive that.
 * The connection is the file's only writer (see vaultFile.ts); a damaged,
 * foreign or newer file is refused before anything is written to it.
 */
export function openDatabase(path: string): VaultDatabase {
  if (!fileIsPresent(path, 'vault')) createVaultFile(path, migrate);
  // Before the first read: SQLite gives the -wal file the mode the vault file has then.
  chmodSync(path, 0o600);
  const db = openExclusive(path);
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
    throw fileProblem(error, 'vault') ?? error;
  }
}
