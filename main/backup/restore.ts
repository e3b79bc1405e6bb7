/*
 * Restores a backup over the vault. Nothing is touched until the backup has
 * verified with the passphrase (manifest, structure, every row). Then the
 * current file is renamed aside, the verified copy takes its place and the
 * vault opens and unlocks on it. If any of that fails the current file is
 * put back and reopened (locked), so a failed restore changes nothing. The
 * replaced file stays beside the vault: a restore that turns out to be the
 * wrong one can be undone by hand.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { chmodSync, constants, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { VerifyReport } from '../../shared/domain/backup';
import { VaultError } from '../../shared/errors';
import type { Clock } from '../vault/context';
import type { DeriveKey } from '../vault/kdf';
import type { Vault } from '../vault/vaultApi';
import { fsyncDirectory, fsyncPath } from '../vault/vaultFile';
import type { ProgressListener } from './backup';
import { fileSystemProblem, sha256File } from './files';
import { verifyBackup } from './verify';

export interface RestoreOptions {
  vaultPath: string;
  backupPath: string;
  /** The backup's vault passphrase: the restored vault opens with it. */
  passphrase: string;
  psychotherapyPassphrase?: string;
  /**
   * The vault service on `vaultPath`, swapped onto the restored file and
   * unlocked; null when the current file could not be opened at all.
   */
  vault: Pick<Vault, 'replaceFile' | 'unlock' | 'audit'> | null;
  clock: Clock;
  derive?: DeriveKey;
  onProgress?: ProgressListener;
}

export interface RestoreOutcome {
  report: VerifyReport;
  /** Where the replaced vault file was kept (beside the vault), or null when there was none. */
  keptAs: string | null;
}

const SIDE_FILES = ['-wal', '-shm', '-journal'];

function moveWithSideFiles(from: string, to: string): void {
  renameSync(from, to);
  for (const suffix of SIDE_FILES) {
    if (existsSync(`${from}${suffix}`)) renameSync(`${from}${suffix}`, `${to}${suffix}`);
  }
}

/** A private copy of the backup beside the vault (same file system, so the swap is a rename), checked byte for byte. */
async function stage(backupPath: string, vaultPath: string, sha256: string, onProgress?: ProgressListener): Promise<string> {
  const staging = `${vaultPath}.restoring-${randomBytes(4).toString('hex')}`;
  try {
    copyFileSync(backupPath, staging, constants.COPYFILE_EXCL);
    chmodSync(staging, 0o600);
    fsyncPath(staging);
    const copied = await sha256File(staging, (done, total) => onProgress?.({ operation: 'restore', stage: 'copy', done, total }));
    if (copied.sha256 !== sha256) throw new VaultError('BAD_FILE', 'The backup changed while it was being copied; nothing was changed');
    return staging;
  } catch (error) {
    rmSync(staging, { force: true });
    throw fileSystemProblem(error, 'backup file') ?? error;
  }
}

/**
 * The passphrase has just opened this backup, so failed attempts recorded in
 * it (before it was made) would only hold up the unlock that follows the swap.
 */
function clearUnlockThrottle(staging: string): void {
  const db = new Database(staging);
  try {
    db.prepare('DELETE FROM unlock_throttle').run();
  } finally {
    db.close();
  }
  fsyncPath(staging);
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const { vaultPath, backupPath, passphrase, vault, clock, onProgress } = options;
  const { report, sha256 } = await verifyBackup(backupPath, {
    passphrase,
    psychotherapyPassphrase: options.psychotherapyPassphrase,
    liveVaultPath: vaultPath,
    derive: options.derive,
    onProgress,
    operation: 'restore',
  });
  if (report.keys.progress === 'wrong-passphrase') {
    throw new VaultError('WRONG_PASSPHRASE', 'That passphrase does not open this backup; nothing was changed');
  }
  if (report.keys.psychotherapy === 'wrong-passphrase') {
    throw new VaultError('WRONG_PASSPHRASE', 'That psychotherapy passphrase does not open this backup; nothing was changed');
  }
  if (!report.ok) {
    throw new VaultError('BAD_FILE', 'The backup did not pass verification; nothing was changed');
  }
  const staging = await stage(backupPath, vaultPath, sha256, onProgress);
  clearUnlockThrottle(staging);
  const keptAs = existsSync(vaultPath)
    ? `${vaultPath}.replaced-${new Date(clock.now()).toISOString().replace(/[:.]/g, '-')}`
    : null;
  let swapped = false;

  const swapIn = () => {
    onProgress?.({ operation: 'restore', stage: 'swap', done: 0, total: 1 });
    if (keptAs) moveWithSideFiles(vaultPath, keptAs);
    try {
      renameSync(staging, vaultPath);
    } catch (error) {
      if (keptAs) moveWithSideFiles(keptAs, vaultPath);
      throw error;
    }
    swapped = true;
    fsyncDirectory(dirname(vaultPath));
    onProgress?.({ operation: 'restore', stage: 'swap', done: 1, total: 1 });
  };
  const swapBack = () => {
    for (const suffix of ['', ...SIDE_FILES]) rmSync(`${vaultPath}${suffix}`, { force: true });
    if (keptAs) moveWithSideFiles(keptAs, vaultPath);
    fsyncDirectory(dirname(vaultPath));
  };

  try {
    if (vault) {
      await vault.replaceFile(swapIn);
      onProgress?.({ operation: 'restore', stage: 'open', done: 0, total: 1 });
      await vault.unlock(passphrase);
      vault.audit.record('backup.restored', { backupCreatedAt: report.createdAt ?? 'unknown' });
      onProgress?.({ operation: 'restore', stage: 'open', done: 1, total: 1 });
    } else {
      swapIn();
    }
  } catch (error) {
    if (swapped) {
      if (vault) await vault.replaceFile(swapBack);
      else swapBack();
    }
    rmSync(staging, { force: true });
    throw error;
  }
  return { report, keptAs };
}
