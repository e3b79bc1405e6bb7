import type { Clock } from '../vault/context';
import type { Vault } from '../vault/vaultApi';
import { backupSettingsPath, readBackupSettings } from './backupSettings';
import type { BackupManifest } from './manifest';
import { isVouchedFor, listBackups, manifestMacMessage, writeManifest } from './manifest';

type Source = Pick<Vault, 'id' | 'path' | 'backupManifests'>;

/** The backups in the chosen folder whose manifests this vault vouches for now; none when the folder is unreachable. */
function vouchedBackups(vault: Source, now: number): { path: string; manifest: BackupManifest }[] {
  const vaultId = vault.id();
  try {
    const { folder } = readBackupSettings(backupSettingsPath(vault.path));
    if (folder === null || vaultId === null) return [];
    return listBackups(folder).filter(({ manifest }) => manifest.vaultId === vaultId && isVouchedFor(manifest, vault.backupManifests, now));
  } catch {
    return [];
  }
}

/**
 * The manifest MAC key is derived from the progress key, so rotating that key
 * would leave every backup the app made unvouched (never pruned, flagged).
 * The manifests it vouches for before the rotation are signed again under the
 * new key after it; backups elsewhere, or whose manifest cannot be rewritten,
 * stay unvouched and are flagged as usual.
 */
export async function keepingBackupsVouched<T>(vault: Source, clock: Clock, rotate: () => Promise<T>): Promise<T> {
  const vouched = vouchedBackups(vault, clock.now());
  const result = await rotate();
  for (const { path, manifest } of vouched) {
    const { mac: _previous, ...fields } = manifest;
    try {
      writeManifest(path, { ...fields, mac: vault.backupManifests.mac(manifestMacMessage(fields)) });
    } catch {
      // A read-only or unplugged folder: that backup stays unvouched, and Settings says so.
    }
  }
  return result;
}
