import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { VaultError } from '../../shared/errors';
import { fsyncDirectory } from '../vault/vaultFile';

const SQLITE_HEADER_BYTES = 100;

/** True when the SQLite header says WAL mode: the file's recent commits may then be in its `-wal`. */
export function isWalMode(path: string): boolean {
  const header = Buffer.alloc(SQLITE_HEADER_BYTES);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, SQLITE_HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  return header[18] === 2 && header[19] === 2;
}

/** SHA-256 of a file, streamed, with progress in bytes. */
export function sha256File(
  path: string,
  onProgress?: (doneBytes: number, totalBytes: number) => void,
): Promise<{ sha256: string; sizeBytes: number }> {
  const total = statSync(path).size;
  const hash = createHash('sha256');
  let done = 0;
  return new Promise((resolve, reject) => {
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => {
        hash.update(chunk);
        done += chunk.length;
        onProgress?.(done, total);
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest('hex'), sizeBytes: done }));
  });
}

/** Writes a small file so that it is either wholly there or not at all, readable by its owner only. */
export function writeFileDurably(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(dirname(path));
}

/** A file-system failure as an error the therapist can act on; the path itself is left out. */
/** A small JSON settings file beside the vault: its contents when they parse, else `fallback` (missing, unreadable or altered). */
export function readSettingsFile<T>(path: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/** Writes `settings` durably once `schema` accepts them; returns what was written. */
export function saveSettingsFile<T>(path: string, schema: z.ZodType<T>, settings: T): T {
  const valid = schema.parse(settings);
  writeFileDurably(path, `${JSON.stringify(valid, null, 2)}\n`);
  return valid;
}

export function fileSystemProblem(error: unknown, what: 'backup folder' | 'backup file'): VaultError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new VaultError('NOT_FOUND', `The ${what} cannot be found (is the drive connected?)`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new VaultError('INVALID_INPUT', `The ${what} cannot be written to or read here`);
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return new VaultError('DISK_FULL', `There is not enough space for the ${what}: the disk is full`);
    default:
      return null;
  }
}
