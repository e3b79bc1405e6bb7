import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { VaultError } from '../../shared/errors';
import { fsyncDirectory } from '../vault/vaultFile';

/**
 * Puts an exported PDF on disk whole or not at all, and only together with its
 * disclosure record. The bytes go to a hidden temporary file beside the target
 * first; `record` then logs the disclosure and, inside the same transaction,
 * calls `putInPlace`, which renames the file to its final name. A full disk
 * while writing leaves no file and no record; a rename or commit that fails
 * leaves no file either.
 */
export function saveExportFile(path: string, bytes: Uint8Array, record: (putInPlace: () => void) => void): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  let placed = false;
  try {
    writeDurably(temp, bytes);
    record(() => {
      renameSync(temp, path);
      placed = true;
    });
    fsyncDirectory(dirname(path));
  } catch (error) {
    if (placed) rmSync(path, { force: true });
    throw diskProblem(error) ?? error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    for (let offset = 0; offset < bytes.length; ) {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The path stays out of the message: it may name the client. */
function diskProblem(error: unknown): VaultError | null {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new VaultError('INVALID_INPUT', 'There is not enough space on the disk for the export; nothing was saved');
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new VaultError('INVALID_INPUT', 'The export cannot be saved in that folder; nothing was saved');
    case 'ENOENT':
    case 'ENOTDIR':
      return new VaultError('NOT_FOUND', 'The folder for the export cannot be found; nothing was saved');
    default:
      return null;
  }
}
