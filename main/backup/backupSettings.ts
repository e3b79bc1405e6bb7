/*
 * Where automatic backups go and how many are kept. Stored beside the vault
 * file, outside it: it must be readable while the vault is locked, and a
 * restore must not send backups back to where an old copy pointed. It holds
 * a folder path and two numbers, nothing about clients.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { BackupPreferences, BackupSettingsView } from '../../shared/domain/backup';
import { BACKUP_KEEP_DEFAULT } from '../../shared/domain/backup';
import { readSettingsFile, saveSettingsFile } from './files';
import type { Vault } from '../vault/vaultApi';
import type { ManifestAuthority } from './manifest';
import { automaticBackups } from './manifest';

export interface BackupSettings extends BackupPreferences {
  folder: string | null;
}

const storedSchema = z.object({
  folder: z.string().min(1).nullable(),
  automatic: z.boolean(),
  keep: z.number().int().min(1).max(365),
});

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { folder: null, automatic: true, keep: BACKUP_KEEP_DEFAULT };

export function backupSettingsPath(vaultPath: string): string {
  return join(dirname(vaultPath), 'backup-settings.json');
}

/** The stored settings; the defaults when there are none or they cannot be read. */
export function readBackupSettings(path: string): BackupSettings {
  return readSettingsFile(path, storedSchema, DEFAULT_BACKUP_SETTINGS);
}

export function saveBackupSettings(path: string, settings: BackupSettings): BackupSettings {
  return saveSettingsFile(path, storedSchema, settings);
}

/** The newest automatic backup of this vault in `folder` that the app vouches for, as an ISO time; null when there is none. */
export function lastAutomaticBackup(folder: string, vaultId: string, authority: ManifestAuthority, now: number): string | null {
  return automaticBackups(folder, vaultId, authority, now).vouched[0]?.manifest.createdAt ?? null;
}

/** What the settings screen shows: the folder's own name, never its path. */
export function backupSettingsView(
  settings: BackupSettings,
  vault: Pick<Vault, 'id' | 'state' | 'backupManifests'>,
  now: number,
): BackupSettingsView {
  const { folder } = settings;
  const vaultId = vault.id();
  const automatic =
    folder !== null && existsSync(folder) && vaultId && vault.state() !== 'locked'
      ? automaticBackups(folder, vaultId, vault.backupManifests, now)
      : null;
  return {
    folderName: folder === null ? null : basename(folder),
    automatic: settings.automatic,
    keep: settings.keep,
    lastAutomaticAt: automatic?.vouched[0]?.manifest.createdAt ?? null,
    unvouchedAutomatic: automatic?.unvouched.length ?? 0,
  };
}
