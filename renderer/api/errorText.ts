import type { ErrorCode } from '../../shared/errors';
import { isApiError } from './vaultApi';

/** Whole seconds to wait, rounded up so the message never says "0 s" while still refused. */
export function secondsToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/**
 * Text for a failed call. Main's messages carry no client data by contract,
 * so they can be shown; anything that is not an ApiError is a renderer bug
 * and gets a fixed text instead of whatever it carried.
 */
export function describeError(error: unknown): string {
  if (!isApiError(error)) return 'Something went wrong in the window. Nothing was changed.';
  switch (error.code) {
    case 'THROTTLED':
      return `Too many attempts. Try again in ${formatWait(secondsToWait(error.retryAfterMs ?? 1000))}.`;
    case 'LOCKED':
      return 'The vault is locked.';
    case 'PSYCHOTHERAPY_LOCKED':
      return 'The psychotherapy notes are closed. Open them with the passphrase again.';
    case 'INTERNAL':
      return 'Something went wrong in the vault. Nothing was changed by this request.';
    default:
      return error.message.endsWith('.') ? error.message : `${error.message}.`;
  }
}

/** What to do next, for the ways a backup file or folder fails where main's own words do not already say it. */
const BACKUP_HINTS: Partial<Record<ErrorCode, string>> = {
  WRONG_PASSPHRASE: 'A backup opens with the passphrase the vault had when the backup was made.',
  BAD_FILE: 'Try another backup: older ones are kept in the same folder.',
  NOT_FOUND: 'Connect the drive it is on, or choose another one.',
  SYNC_UNSENT:
    "To restore without sending them, turn off sync first: those changes then stay only in the replaced vault file, kept aside in the vault's folder.",
};

/** Text for a failed backup, verify or restore: main's message, then the next step. */
export function describeBackupError(error: unknown): string {
  const text = describeError(error);
  const hint = isApiError(error) ? BACKUP_HINTS[error.code] : undefined;
  return hint ? `${text} ${hint}` : text;
}

/** What went wrong with sync, in the therapist's terms, and what happens next; by code, since the status carries the code alone. */
const SYNC_PROBLEMS: Partial<Record<ErrorCode, string>> = {
  SYNC_FOLDER_MISSING:
    'The sync folder is not there. Connect the drive it is on or start the sync app, or choose the folder again. Your saves stay in this vault meanwhile.',
  SYNC_OTHER_VAULT: 'That folder already holds another vault. Choose an empty folder, or the one this vault already syncs through.',
  SYNC_NO_KEYS:
    'The folder holds no vault to join yet. Turn on sync on the first computer, let the sync app copy the folder here, then try again.',
  SYNC_TRUNCATED: 'A file from another computer is still being copied. It is read again at the next exchange.',
  SYNC_UNKNOWN_KEY_VERSION: 'Another computer wrote with a key this one does not hold yet. Its changes are read once that key arrives.',
  SYNC_TAMPERED: 'A file in the sync folder was changed after it was written, so it was refused. Nothing of it was merged.',
  SYNC_BAD_BATCH: 'A file in the sync folder is not one this app can read, so it was refused. Nothing of it was merged.',
  SYNC_NEWER_FORMAT: 'Another computer runs a newer version of Therapist Vault. Update this one to read its changes.',
  SYNC_WRONG_VAULT: "A file of another vault was put in this vault's sync folder, so it was refused.",
  SYNC_MISPLACED: 'A file in the sync folder was renamed or moved, so it was refused.',
  SYNC_KEYS_ROTATED: 'Another computer changed the vault keys. Enter the new passphrase on this computer to go on syncing.',
  SYNC_DEVICE_REMOVED: 'This computer was removed from sync on another computer. Its notes stay here; nothing more is exchanged.',
  SYNC_UNSENT:
    'This computer has changes the sync folder does not have yet, and they could not be sent. A restore waits until they are sent, so they are not lost.',
  DISK_FULL: 'The disk is full, so nothing could be merged. Free some space; sync tries again on its own.',
  WRONG_PASSPHRASE: 'That passphrase does not open the vault in this folder. Use the passphrase you unlock it with on your other computer.',
};

/** Text for the last exchange's error code, as the sync status shows it. */
export function describeSyncProblem(code: ErrorCode): string {
  return SYNC_PROBLEMS[code] ?? 'The last exchange with the sync folder did not finish. It is tried again on its own; your saves stay in this vault.';
}

/** Text for a failed sync call: the fuller explanation where there is one, else main's message. */
export function describeSyncError(error: unknown): string {
  return isApiError(error) && SYNC_PROBLEMS[error.code] ? (SYNC_PROBLEMS[error.code] as string) : describeError(error);
}
