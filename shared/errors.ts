/**
 * Why a sync file was refused or the sync folder could not be used
 * (docs/SYNC.md). A refused file is never imported; TRUNCATED and
 * UNKNOWN_KEY_VERSION files are read again later, since a sync tool may
 * still be copying them or their key may arrive.
 */
export const SYNC_ERROR_CODES = [
  /** Not a batch file, or one that does not parse exactly. */
  'SYNC_BAD_BATCH',
  /** A batch written by a newer version of the app. */
  'SYNC_NEWER_FORMAT',
  /** A batch of another vault. */
  'SYNC_WRONG_VAULT',
  /** Shorter than its header says: usually a file still being copied. */
  'SYNC_TRUNCATED',
  /** Its name or folder does not match the device and number sealed inside it. */
  'SYNC_MISPLACED',
  /** Sealed under a key version this device does not hold (yet). */
  'SYNC_UNKNOWN_KEY_VERSION',
  /** Failed authentication: changed after it was written, or not written by this vault. */
  'SYNC_TAMPERED',
  /** The sync folder is not there (unmounted, moved or deleted). */
  'SYNC_FOLDER_MISSING',
  /** The folder holds no vault to join, or no keys file that verifies. */
  'SYNC_NO_KEYS',
  /** The folder chosen for this vault already holds another vault. */
  'SYNC_OTHER_VAULT',
  /** Another device rotated the keys (removing a device): this one needs the new passphrase before it syncs again. */
  'SYNC_KEYS_ROTATED',
  /** This device was removed from sync on another device. */
  'SYNC_DEVICE_REMOVED',
  /**
   * A restore refused while sync is on: this device has changes the folder does not hold yet and
   * they could not be sent first (the folder missing, a key rotation re-encrypting, a save during the send).
   */
  'SYNC_UNSENT',
] as const;

export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/**
 * The vault's error codes. Messages built from these never carry client data:
 * at most a table name and a random row id, so they are safe to log and to send
 * over IPC.
 */
export const ERROR_CODES = [
  'LOCKED',
  'PSYCHOTHERAPY_LOCKED',
  'WRONG_PASSPHRASE',
  'THROTTLED',
  'NOT_FOUND',
  'NOTE_SIGNED',
  /** Deleting a session that has a progress note or psychotherapy notes. */
  'SESSION_HAS_NOTES',
  /** Signing or adding an addendum before the clinician's name is in Settings. */
  'SIGNER_NAME_MISSING',
  /** Signing a note that records active ideation with intent before its safety-plan part is filled. */
  'SAFETY_PLAN_REQUIRED',
  'INVALID_INPUT',
  /** Quick capture before the psychotherapy compartment of an upgraded vault has been opened once to make its key pair. */
  'CAPTURE_UNAVAILABLE',
  'INTEGRITY',
  'VAULT_EXISTS',
  'NO_VAULT',
  'WRONG_RECOVERY_KEY',
  /** Another window or program has the vault file open; only one writer at a time. */
  'VAULT_IN_USE',
  /** A vault or backup file that is empty, truncated, damaged or not a vault at all. */
  'BAD_FILE',
  /** A vault or backup written by a newer version of the app. */
  'NEWER_FORMAT',
  /** No space left on the drive: the write was refused whole, nothing saved is lost. */
  'DISK_FULL',
  /** Rotating a compartment's keys again before its previous rotation has re-encrypted every row. */
  'ROTATION_RUNNING',
  'INTERNAL',
  ...SYNC_ERROR_CODES,
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
  /** Table of a row that failed authentication (INTEGRITY). */
  table?: string;
  /** Random id of that row; ids carry no client data. */
  rowId?: string;
  /** How long to wait before the next unlock attempt (THROTTLED). */
  retryAfterMs?: number;
}

export class VaultError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'VaultError';
    this.code = code;
    this.details = details;
  }
}

export function isVaultError(value: unknown): value is VaultError {
  return value instanceof VaultError;
}

/** SQLite's and the OS's words for a drive with no space left. */
const DISK_FULL_CAUSES: ReadonlySet<string> = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

export function isDiskFull(error: unknown): boolean {
  if (isVaultError(error)) return error.code === 'DISK_FULL';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DISK_FULL_CAUSES.has(code);
}

export function diskFullError(): VaultError {
  return new VaultError(
    'DISK_FULL',
    'The disk is full, so this change was not saved. Free some space on the drive that holds the vault; everything saved before is intact and can still be read',
  );
}

/** The same error with a full disk named as such; anything else unchanged. */
export function asDiskFull(error: unknown): unknown {
  return isDiskFull(error) && !isVaultError(error) ? diskFullError() : error;
}

/** A sync file or folder refused; the message names at most a device id and a batch number. */
export class SyncError extends VaultError {
  declare readonly code: SyncErrorCode;

  constructor(code: SyncErrorCode, message: string) {
    super(code, message);
    this.name = 'SyncError';
  }
}
