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
    case 'SYNC_KEYS_ROTATED':
      return 'Another device changed the vault keys. Enter the new passphrase on this device to go on syncing.';
    case 'SYNC_DEVICE_REMOVED':
      return 'This device was removed from sync on another device. Its notes stay here; nothing more is exchanged.';
    default:
      return error.message.endsWith('.') ? error.message : `${error.message}.`;
  }
}

/** What to do next, for the ways a backup file or folder fails where main's own words do not already say it. */
const BACKUP_HINTS: Partial<Record<ErrorCode, string>> = {
  WRONG_PASSPHRASE: 'A backup opens with the passphrase the vault had when the backup was made.',
  BAD_FILE: 'Try another backup: older ones are kept in the same folder.',
  NOT_FOUND: 'Connect the drive it is on, or choose another one.',
};

/** Text for a failed backup, verify or restore: main's message, then the next step. */
export function describeBackupError(error: unknown): string {
  const text = describeError(error);
  const hint = isApiError(error) ? BACKUP_HINTS[error.code] : undefined;
  return hint ? `${text} ${hint}` : text;
}
