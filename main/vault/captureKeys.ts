/*
 * The psychotherapy compartment's X25519 key pair for quick capture. The
 * public half is a progress-compartment row (the vault open is enough to seal
 * to it); the secret half is a psychotherapy-compartment row pointing at it,
 * so rotating the psychotherapy key re-seals it like any other row there.
 * A vault has at most one key pair. Secret keys are handed out only to
 * `withCaptureSecretKey` and wiped as soon as its work returns.
 */
import { VaultError } from '../../shared/errors';
import { appendAudit } from './audit';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import { insertRow, readRows } from './rows';
import { decodeBytes, encodeBytes } from './sealedEnvelope';

export interface CapturePublicKeyRecord {
  /** crypto_box public key, 32 bytes, base64 (RFC 4648, padded). */
  publicKey: string;
  createdAt: string;
}

export interface CaptureSecretKeyRecord {
  keyPairId: string;
  /** crypto_box secret key, 32 bytes, base64 (RFC 4648, padded). */
  secretKey: string;
  createdAt: string;
}

export interface CapturePublicKey {
  id: string;
  publicKey: Uint8Array;
}

export interface CaptureKeyPair extends CapturePublicKey {
  secretKey: Uint8Array;
}

/** The vault's public key, or null for an upgraded vault whose compartment has not been opened since. */
export function readCapturePublicKey(ctx: VaultContext): CapturePublicKey | null {
  const [row, ...extra] = readRows<CapturePublicKeyRecord>(ctx, 'capture_public_keys');
  if (!row) return null;
  if (extra.length > 0) {
    throw new VaultError('INTEGRITY', 'The vault holds more than one quick-capture public key', { table: 'capture_public_keys' });
  }
  const publicKey = decodeBytes(ctx.sodium, row.publicKey);
  if (publicKey.length !== ctx.sodium.crypto_box_PUBLICKEYBYTES) {
    throw new VaultError('INTEGRITY', `A quick-capture public key has the wrong length (row ${row.id})`, {
      table: 'capture_public_keys',
      rowId: row.id,
    });
  }
  return { id: row.id, publicKey };
}

/** Makes the key pair; needs both compartment keys. */
export function createCaptureKeyPair(ctx: VaultContext): void {
  const { sodium } = ctx;
  const pair = sodium.crypto_box_keypair();
  try {
    const createdAt = isoNow(ctx);
    const keyPairId = newId(sodium);
    const publicRecord: CapturePublicKeyRecord = { publicKey: encodeBytes(sodium, pair.publicKey), createdAt };
    insertRow(ctx, 'capture_public_keys', keyPairId, null, publicRecord);
    const secretRecord: CaptureSecretKeyRecord = { keyPairId, secretKey: encodeBytes(sodium, pair.privateKey), createdAt };
    insertRow(ctx, 'capture_secret_keys', newId(sodium), keyPairId, secretRecord);
    appendAudit(ctx, 'captureKeys.created', { keyPairId });
  } finally {
    sodium.memzero(pair.privateKey);
  }
}

/**
 * Makes the key pair of a vault that has none (one upgraded from format 2),
 * and otherwise checks that the two halves still belong together, so a public
 * key swapped by someone holding only the progress key is caught at the next
 * opening. Half a key pair is never repaired by replacing it: that would
 * throw away the key that sealed notes were sealed to.
 */
export function ensureCaptureKeyPair(ctx: VaultContext): void {
  ctx.keys.get('psychotherapy');
  const publicKey = readCapturePublicKey(ctx);
  const secretRows = ctx.db.prepare('SELECT COUNT(*) FROM capture_secret_keys').pluck().get() as number;
  if (!publicKey && secretRows === 0) {
    createCaptureKeyPair(ctx);
    return;
  }
  withCaptureSecretKey(ctx, () => undefined);
}

/**
 * Runs `work` with the key pair, secret half decrypted, and wipes that half
 * when it returns or throws. The secret key must match the public key: a
 * public row swapped by someone holding only the progress key is refused.
 */
export function withCaptureSecretKey<T>(ctx: VaultContext, work: (pair: CaptureKeyPair) => T): T {
  const { sodium } = ctx;
  const publicKey = readCapturePublicKey(ctx);
  if (!publicKey) throw new VaultError('INTEGRITY', 'The quick-capture public key is missing', { table: 'capture_public_keys' });
  const [row, ...extra] = readRows<CaptureSecretKeyRecord>(ctx, 'capture_secret_keys', publicKey.id);
  if (!row || extra.length > 0) {
    throw new VaultError('INTEGRITY', 'The quick-capture secret key is missing or repeated', { table: 'capture_secret_keys' });
  }
  const secretKey = decodeBytes(sodium, row.secretKey);
  try {
    const derived = secretKey.length === sodium.crypto_box_SECRETKEYBYTES ? sodium.crypto_scalarmult_base(secretKey) : null;
    if (!derived || sodium.compare(derived, publicKey.publicKey) !== 0) {
      throw new VaultError('INTEGRITY', `The quick-capture key pair does not match (row ${row.id})`, {
        table: 'capture_secret_keys',
        rowId: row.id,
      });
    }
    return work({ ...publicKey, secretKey });
  } finally {
    sodium.memzero(secretKey);
  }
}
