import type { BackupSummary } from '../../shared/domain/backup';
import type { ErrorCode } from '../../shared/errors';
import { isVaultError } from '../../shared/errors';
import type { Clock } from '../vault/context';
import type { LockedVaultAccess, Vault } from '../vault/vaultApi';
import type { BackupSource } from './backup';
import { createBackup, pruneAutomaticBackups } from './backup';
import { backupSettingsPath, lastAutomaticBackup, readBackupSettings } from './backupSettings';

export type AutomaticOutcome =
  | { status: 'created'; backup: BackupSummary; pruned: number; unvouched: string[] }
  | { status: 'skipped'; reason: 'off' | 'no-folder' | 'no-vault' | 'done-today' }
  | { status: 'failed'; code: ErrorCode; message: string };

export interface AutomaticBackupOptions {
  vault: BackupSource & Pick<LockedVaultAccess, 'path'>;
  clock: Clock;
}

function sameLocalDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/**
 * The automatic backup: at most one per calendar day, into the chosen
 * folder, keeping the newest `keep` of them. Never throws: it runs while the
 * vault locks, and a missing drive must not stop the lock.
 */
export async function runAutomaticBackup(options: AutomaticBackupOptions): Promise<AutomaticOutcome> {
  const { vault, clock } = options;
  try {
    const settings = readBackupSettings(backupSettingsPath(vault.path));
    if (!settings.automatic) return { status: 'skipped', reason: 'off' };
    if (settings.folder === null) return { status: 'skipped', reason: 'no-folder' };
    const vaultId = vault.id();
    if (vaultId === null) return { status: 'skipped', reason: 'no-vault' };
    const last = lastAutomaticBackup(settings.folder, vaultId, vault.backupManifests, clock.now());
    if (last !== null && sameLocalDay(Date.parse(last), clock.now())) return { status: 'skipped', reason: 'done-today' };
    const { path: _path, manifest: _manifest, ...backup } = await createBackup({
      vault,
      folder: settings.folder,
      kind: 'automatic',
      clock,
    });
    const { removed, unvouched } = pruneAutomaticBackups(
      settings.folder,
      vaultId,
      settings.keep,
      vault.backupManifests,
      clock.now(),
    );
    return { status: 'created', backup, pruned: removed.length, unvouched };
  } catch (error) {
    return isVaultError(error)
      ? { status: 'failed', code: error.code, message: error.message }
      : { status: 'failed', code: 'INTERNAL', message: 'The automatic backup could not be written' };
  }
}

/**
 * What the app calls once at start: an automatic backup after every lock,
 * once the keys are wiped (the vault's onLocked work). The copy is ciphertext
 * and needs no key; the manifest is signed with the manifest key the vault
 * derived before the wipe and wipes when this ends. Returns the function that stops it.
 */
export function backUpAfterEachLock(
  vault: Pick<Vault, 'onLocked'>,
  options: { clock: Clock; onOutcome?: (outcome: AutomaticOutcome) => void },
): () => void {
  return vault.onLocked(async (locked) => {
    const outcome = await runAutomaticBackup({ vault: locked, clock: options.clock });
    options.onOutcome?.(outcome);
  });
}
