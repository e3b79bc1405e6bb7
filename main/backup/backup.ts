import Database from 'better-sqlite3';
import { closeSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isVaultError, VaultError } from '../../shared/errors';
import type { BackupKind, BackupProgress, BackupSummary } from '../../shared/domain/backup';
import type { Clock } from '../vault/context';
import { readVaultId } from '../vault/slotStore';
import type { Vault } from '../vault/vaultApi';
import { fsyncDirectory, fsyncPath } from '../vault/vaultFile';
import { fileSystemProblem, sha256File } from './files';
import type { BackupManifest } from './manifest';
import type { ManifestAuthority } from './manifest';
import { automaticBackups, backupFileName, MANIFEST_VERSION, manifestMacMessage, manifestPathFor, writeManifest } from './manifest';

export type ProgressListener = (progress: BackupProgress) => void;

/**
 * What a backup is made from: the open vault (a manual backup), or the
 * access the vault gives work after a lock (the automatic backup), which
 * copies ciphertext and holds only the manifest key.
 */
export type BackupSource = Pick<Vault, 'backupTo' | 'id' | 'backupManifests'> & { audit: Pick<Vault['audit'], 'record'> };

export interface BackupOptions {
  vault: BackupSource;
  folder: string;
  kind: BackupKind;
  clock: Clock;
  onProgress?: ProgressListener;
}

export interface CreatedBackup extends BackupSummary {
  path: string;
  manifest: BackupManifest;
}

/**
 * Makes the copy self-contained and checks it: rollback-journal mode, so the
 * backup is one file with no -wal beside it and opens read-only anywhere;
 * then SQLite's integrity check. Rows are not touched: they stay encrypted
 * exactly as in the vault.
 */
function settle(path: string, vaultId: string): number {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok' || readVaultId(db) !== vaultId) {
      throw new VaultError('INTEGRITY', 'The new backup failed its own check; it was not kept');
    }
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** Whatever the vault said LOCKED to: a manual backup outlasting its lock is kept, unvouched and unrecorded. */
function unlessLocked<T>(work: () => T, fallback: T): T {
  try {
    return work();
  } catch (error) {
    if (isVaultError(error) && error.code === 'LOCKED') return fallback;
    throw error;
  }
}

/**
 * Writes a consistent copy of the vault into `folder`: the online backup API
 * copies it into a `.partial` file, which is settled, synced and hashed, then
 * renamed to its final name; the manifest is written last. A backup without
 * a manifest beside it was never finished.
 */
export async function createBackup(options: BackupOptions): Promise<CreatedBackup> {
  const { vault, folder, kind, clock, onProgress } = options;
  const vaultId = vault.id();
  if (!vaultId) throw new VaultError('NO_VAULT', 'No vault has been created yet');
  const createdAt = new Date(clock.now()).toISOString();
  const fileName = backupFileName(folder, createdAt);
  const path = join(folder, fileName);
  const partial = `${path}.partial`;
  const report = (stage: BackupProgress['stage'], done: number, total: number) =>
    onProgress?.({ operation: 'backup', stage, done, total });
  try {
    closeSync(openSync(partial, 'wx', 0o600));
  } catch (error) {
    throw fileSystemProblem(error, 'backup folder') ?? error;
  }
  let manifest: BackupManifest;
  let renamed = false;
  try {
    await vault.backupTo(partial, (done, total) => report('copy', done, total));
    const formatVersion = settle(partial, vaultId);
    fsyncPath(partial);
    const { sha256, sizeBytes } = await sha256File(partial, (done, total) => report('hash', done, total));
    const fields = { format: 'therapist-vault-backup' as const, manifestVersion: MANIFEST_VERSION, vaultId, formatVersion, kind, createdAt, fileName, sizeBytes, sha256 };
    const mac = unlessLocked<string | undefined>(() => vault.backupManifests.mac(manifestMacMessage(fields)), undefined);
    manifest = { ...fields, ...(mac === undefined ? {} : { mac }) };
    renameSync(partial, path);
    renamed = true;
    writeManifest(path, manifest);
    fsyncDirectory(folder);
  } catch (error) {
    const leftovers = [partial, `${partial}-journal`, ...(renamed ? [path, manifestPathFor(path)] : [])];
    for (const leftover of leftovers) rmSync(leftover, { force: true });
    throw fileSystemProblem(error, 'backup folder') ?? error;
  }
  unlessLocked(() => vault.audit.record('backup.created', { kind }), undefined);
  return { path, fileName, kind, createdAt, sizeBytes: manifest.sizeBytes, manifest };
}

/**
 * Deletes this vault's oldest automatic backups beyond `keep`, counting and
 * deleting only those whose manifests the app vouches for (manifest.ts):
 * manifests it cannot vouch for (edited, planted, dated ahead of the clock)
 * neither push real backups out nor get deleted. Manual backups are the
 * therapist's to delete.
 */
export function pruneAutomaticBackups(
  folder: string,
  vaultId: string,
  keep: number,
  authority: ManifestAuthority,
  now: number,
): { removed: string[]; unvouched: string[] } {
  const { vouched, unvouched } = automaticBackups(folder, vaultId, authority, now);
  const removed = vouched.slice(keep);
  for (const { path } of removed) {
    rmSync(path, { force: true });
    rmSync(manifestPathFor(path), { force: true });
  }
  return { removed: removed.map(({ manifest }) => manifest.fileName), unvouched };
}
