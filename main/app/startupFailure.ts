import { existsSync, renameSync } from 'node:fs';
import { isVaultError } from '../../shared/errors';

/** What the native dialog says when the vault cannot be opened at start; never a path or client data. */
export interface StartupFailure {
  message: string;
  detail: string;
  buttons: string[];
  /** The damaged file may be set aside so the app can start on a new vault (and restore a backup). */
  canSetAside: boolean;
}

export const QUIT_BUTTON = 0;
export const SET_ASIDE_BUTTON = 1;

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * The plain explanation for each way the vault file can refuse to open. The
 * vault's own message names the problem (codes and file roles only); the
 * detail says what the therapist can do about it.
 */
export function startupFailure(error: unknown): StartupFailure {
  const quit = { buttons: ['Quit'], canSetAside: false };
  if (!isVaultError(error)) {
    return { message: 'The vault could not be opened.', detail: 'The app will now close. Nothing was changed.', ...quit };
  }
  switch (error.code) {
    case 'VAULT_IN_USE':
      return {
        message: 'The vault is open elsewhere.',
        detail:
          'Another program, or Therapist Vault running under another login, has the vault file open. Only one may use it at a time, so that nothing is lost. Close it there, then start Therapist Vault again. Nothing was changed.',
        ...quit,
      };
    case 'NEWER_FORMAT':
      return {
        message: 'The vault was saved by a newer version of Therapist Vault.',
        detail: 'This version cannot open it safely. Install the newer version again, then start it. Nothing was changed.',
        ...quit,
      };
    case 'DISK_FULL':
      return {
        message: 'The disk is full.',
        detail:
          'There is no space left on the drive that holds the vault, so it could not be set up or opened. Free some space on that drive, then start Therapist Vault again. Nothing was changed.',
        ...quit,
      };
    case 'BAD_FILE':
      return {
        message: `${error.message}.`,
        detail:
          'You can set the file aside: it is kept in the same folder under a new name ending in "damaged" and the date, nothing is deleted, and Therapist Vault starts as on a new computer, where you can restore your latest backup. Or quit and ask for help first.',
        buttons: ['Quit', 'Set it aside and restore a backup'],
        canSetAside: true,
      };
    default:
      return { message: 'The vault could not be opened.', detail: 'The app will now close. Nothing was changed.', ...quit };
  }
}

/**
 * Renames a damaged vault file (and any journal beside it) out of the way,
 * so the next start finds no vault. Nothing is deleted. Returns the new name.
 */
export function setVaultAside(vaultPath: string, now: number): string {
  const aside = `${vaultPath}.damaged-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  renameSync(vaultPath, aside);
  for (const suffix of SIDE_FILES) {
    if (existsSync(`${vaultPath}${suffix}`)) renameSync(`${vaultPath}${suffix}`, `${aside}${suffix}`);
  }
  return aside;
}
