/*
 * The sync folder and this computer's name, stored beside the vault file and
 * outside it (docs/SYNC.md section 9: the folder says something about the
 * computer, not the record). It must be readable while the vault is locked,
 * so sync can start at unlock. It holds a path and a name, nothing about clients.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readSettingsFile, saveSettingsFile } from '../backup/files';

export interface SyncSettings {
  folder: string | null;
  deviceName: string | null;
}

const storedSchema = z.object({
  folder: z.string().min(1).nullable(),
  deviceName: z.string().min(1).max(60).nullable(),
});

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { folder: null, deviceName: null };

export function syncSettingsPath(vaultPath: string): string {
  return join(dirname(vaultPath), 'sync-settings.json');
}

/** The stored settings; sync off when there are none or they cannot be read. */
export function readSyncSettings(path: string): SyncSettings {
  return readSettingsFile(path, storedSchema, DEFAULT_SYNC_SETTINGS);
}

export function saveSyncSettings(path: string, settings: SyncSettings): SyncSettings {
  return saveSettingsFile(path, storedSchema, settings);
}
