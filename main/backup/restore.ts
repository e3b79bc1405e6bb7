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
import { fileSystemProblem, isWalMode } from './files';
import { assertNotLiveVault, verifyBackup } from './verify';

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
  /** Sync's part in the restore, when sync is on (main/sync/restoreHandover.ts). */
  sync?: RestoreSyncSteps;
}

/**
 * What sync does around a restore, in this order. Any of them throwing
 * refuses the restore, and the restore then changes nothing.
 */
export interface RestoreSyncSteps {
  /** The backup has verified and the vault is still open: this vault's changes not sent yet go to the folder. */
  beforeReplace(): Promise<void>;
  /** The vault is locked and its file closed, just before the backup takes its place: nothing was saved since the send. */
  checkReplaced(vaultPath: string): void;
  /** On the verified copy, before it takes the vault's place. */
  prepareStaged(stagingPath: string): void;
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

function removeWithSideFiles(path: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * A private copy of the backup beside the vault (same file system, so the
 * swap is a rename): the main file and, for a WAL-mode file such as a copied
 * vault, its -wal, since that holds the latest commits. Verification then
 * reads this copy, so what is verified is byte for byte what is restored.
 */
function stage(backupPath: string, vaultPath: string, onProgress?: ProgressListener): string {
  const staging = `${vaultPath}.restoring-${randomBytes(4).toString('hex')}`;
  onProgress?.({ operation: 'restore', stage: 'copy', done: 0, total: 1 });
  try {
    const files = isWalMode(backupPath) && existsSync(`${backupPath}-wal`) ? ['', '-wal'] : [''];
    for (const suffix of files) {
      copyFileSync(`${backupPath}${suffix}`, `${staging}${suffix}`, constants.COPYFILE_EXCL);
      chmodSync(`${staging}${suffix}`, 0o600);
      fsyncPath(`${staging}${suffix}`);
    }
  } catch (error) {
    removeWithSideFiles(staging);
    throw fileSystemProblem(error, 'backup file') ?? error;
  }
  onProgress?.({ operation: 'restore', stage: 'copy', done: 1, total: 1 });
  return staging;
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

/**
 * Restores a backup over the vault. The backup is first staged beside the
 * vault, and nothing else is touched until that staged copy has verified with
 * the passphrase (manifest, structure, every row). Then the
 * current file is renamed aside, the verified copy takes its place and the
 * vault opens and unlocks on it. If any of that fails the current file is
 * put back and reopened (locked), so a failed restore changes nothing. The
 * replaced file stays beside the vault: a restore that turns out to be the
 * wrong one can be undone by hand.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const { vaultPath, backupPath, passphrase, vault, clock, onProgress } = options;
  assertNotLiveVault(backupPath, vaultPath);
  const staging = stage(backupPath, vaultPath, onProgress);
  let report: VerifyReport;
  try {
    ({ report } = await verifyBackup(staging, {
      passphrase,
      psychotherapyPassphrase: options.psychotherapyPassphrase,
      liveVaultPath: vaultPath,
      derive: options.derive,
      onProgress,
      operation: 'restore',
      manifestOf: backupPath,
    }));
    if (report.keys.progress === 'wrong-passphrase') {
      throw new VaultError('WRONG_PASSPHRASE', 'That passphrase does not open this backup; nothing was changed');
    }
    if (report.keys.psychotherapy === 'wrong-passphrase') {
      throw new VaultError('WRONG_PASSPHRASE', 'That psychotherapy passphrase does not open this backup; nothing was changed');
    }
    if (!report.ok) {
      throw new VaultError('BAD_FILE', 'The backup did not pass verification; nothing was changed');
    }
    clearUnlockThrottle(staging);
    if (options.sync) {
      options.sync.prepareStaged(staging);
      await options.sync.beforeReplace();
    }
  } catch (error) {
    removeWithSideFiles(staging);
    throw error;
  }
  const keptAs = existsSync(vaultPath)
    ? `${vaultPath}.replaced-${new Date(clock.now()).toISOString().replace(/[:.]/g, '-')}`
    : null;
  let swapped = false;

  const swapIn = () => {
    onProgress?.({ operation: 'restore', stage: 'swap', done: 0, total: 1 });
    options.sync?.checkReplaced(vaultPath);
    if (keptAs) moveWithSideFiles(vaultPath, keptAs);
    try {
      moveWithSideFiles(staging, vaultPath);
    } catch (error) {
      if (keptAs) moveWithSideFiles(keptAs, vaultPath);
      throw error;
    }
    swapped = true;
    fsyncDirectory(dirname(vaultPath));
    onProgress?.({ operation: 'restore', stage: 'swap', done: 1, total: 1 });
  };
  const swapBack = () => {
    removeWithSideFiles(vaultPath);
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
    removeWithSideFiles(staging);
    throw error;
  }
  return { report, keptAs };
}
