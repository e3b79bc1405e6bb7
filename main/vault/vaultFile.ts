/*
 * Opening a vault or backup file without ever damaging it, and with one
 * writer only.
 *
 * One writer: the vault connection runs in SQLite's EXCLUSIVE locking mode,
 * set before the first read, so WAL keeps its index in heap memory (no -shm
 * file) and the connection holds an OS lock on the file from its first read
 * until it closes. A second connection, in this process or any other, gets
 * SQLITE_BUSY, reported as VAULT_IN_USE. The OS drops the lock when the
 * process dies, so a crash never leaves a stale lock behind.
 *
 * The lock is a POSIX advisory lock, and POSIX drops all of a process's
 * locks on a file when that process closes *any* descriptor of it. So
 * nothing in this process may open the vault file through node:fs while the
 * vault is open: only stat, chmod and rename (path operations) are used here,
 * and every content check goes through SQLite, which shares descriptors
 * between its own connections.
 */
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { diskFullError, isDiskFull, VaultError } from '../../shared/errors';
import { FORMAT_VERSION } from './migrations';

export type FileRole = 'vault' | 'backup';

/** Long enough to ride out another process closing (and checkpointing) the vault. */
const LOCK_WAIT_MS = 1000;
const TABLES_OF_A_VAULT = ['vault_meta', 'key_slots'];

const label = (role: FileRole) => (role === 'vault' ? 'The vault file' : 'The backup file');

function badFile(role: FileRole, problem: string): VaultError {
  return new VaultError('BAD_FILE', `${label(role)} ${problem}; nothing was changed`);
}

export function inUse(role: FileRole): VaultError {
  return new VaultError(
    'VAULT_IN_USE',
    role === 'vault'
      ? 'The vault is open elsewhere (another window of the app or another program); close it there and try again'
      : 'That file is open in the app or another program; choose a backup file, not the vault itself',
  );
}

/** Turns SQLite's complaints about a file into errors that name the problem; null for anything else. */
export function fileProblem(error: unknown, role: FileRole): VaultError | null {
  if (error instanceof VaultError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return inUse(role);
  if (code === 'SQLITE_NOTADB') return badFile(role, 'is not a vault (it is not an SQLite database)');
  if (code.startsWith('SQLITE_CORRUPT')) return badFile(role, 'is damaged or truncated');
  if (isDiskFull(error)) return diskFullError();
  if (code.startsWith('SQLITE_CANTOPEN')) return badFile(role, 'cannot be opened (check that it exists and is readable)');
  return null;
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * False when nothing is at `path`. A file that is there but empty is not a
 * new vault: new vaults are built aside and linked into place whole (see
 * createVaultFile), so an empty file means one was truncated to nothing.
 */
export function fileIsPresent(path: string, role: FileRole): boolean {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (!stats.isFile()) throw badFile(role, 'is not a regular file');
  if (stats.size === 0) throw badFile(role, 'is empty (0 bytes); it may have been truncated');
  return true;
}

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename or link durable; some platforms cannot open a directory, and there it is a no-op. */
export function fsyncDirectory(path: string): void {
  try {
    fsyncPath(path);
  } catch {
    // Windows cannot open directories; NTFS journals the rename itself.
  }
}

/**
 * Creates a new, empty vault file: built under a temporary name, then linked
 * to `path`, which fails if something appeared there meanwhile (another
 * process creating the same vault), so no file is ever replaced.
 */
export function createVaultFile(path: string, initialize: (db: Database.Database) => void): void {
  const temp = `${path}.new-${randomBytes(6).toString('hex')}`;
  closeSync(openSync(temp, 'wx', 0o600));
  try {
    const db = new Database(temp);
    try {
      db.pragma('journal_mode = WAL');
      initialize(db);
    } finally {
      db.close();
    }
    fsyncPath(temp);
    try {
      linkSync(temp, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      // File systems without hard links: a rename, after checking nothing is there.
      if (sizeOf(path) !== null) return;
      renameSync(temp, path);
    }
    fsyncDirectory(dirname(path));
  } finally {
    for (const leftover of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(leftover, { force: true });
  }
}

interface FileShape {
  version: number;
  tables: string[];
}

/**
 * Checks what SQLite alone would not: a file cut short in its last page,
 * a file from a newer app, and an SQLite file that is not a vault at all.
 * Runs before anything is written to the file.
 */
export function assertUsableFile(db: Database.Database, path: string, role: FileRole): FileShape {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
  // A WAL with frames legitimately holds pages the main file does not have yet.
  const walBytes = sizeOf(`${path}-wal`) ?? 0;
  if (walBytes === 0) {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pageCount = db.pragma('page_count', { simple: true }) as number;
    const size = statSync(path).size;
    if (size % pageSize !== 0 || size < pageCount * pageSize) throw badFile(role, 'is truncated');
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > FORMAT_VERSION) {
    throw new VaultError(
      'NEWER_FORMAT',
      `${label(role)} is in format ${version}, newer than this app supports (${FORMAT_VERSION}); update the app to open it`,
    );
  }
  const isVault = TABLES_OF_A_VAULT.every((table) => tables.includes(table));
  if ((version === 0 && tables.length > 0) || (version > 0 && !isVault)) {
    throw badFile(role, 'is an SQLite database but not a vault');
  }
  return { version, tables };
}

/**
 * Opens the vault file as its only writer. Throws VAULT_IN_USE when another
 * connection holds it, BAD_FILE or NEWER_FORMAT for a file that must not be
 * touched; in every case the file is left as it was.
 */
export function openExclusive(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true, timeout: LOCK_WAIT_MS });
  } catch (error) {
    throw fileProblem(error, 'vault') ?? error;
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    assertUsableFile(db, path, 'vault');
    return db;
  } catch (error) {
    db.close();
    throw fileProblem(error, 'vault') ?? error;
  }
}

/** Opens a file that is not the live vault (a backup) for reading only. */
export function openReadOnly(path: string, role: FileRole): { db: Database.Database; shape: FileShape } {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: LOCK_WAIT_MS });
  } catch (error) {
    throw fileProblem(error, role) ?? error;
  }
  try {
    return { db, shape: assertUsableFile(db, path, role) };
  } catch (error) {
    db.close();
    throw fileProblem(error, role) ?? error;
  }
}
