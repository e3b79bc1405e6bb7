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
  /** Signing or adding an addendum before the clinician's name is in Settings. */
  'SIGNER_NAME_MISSING',
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
  'INTERNAL',
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
