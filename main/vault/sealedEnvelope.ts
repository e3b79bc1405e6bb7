/*
 * The envelope of a note captured while the psychotherapy compartment is
 * closed: crypto_box_seal (an ephemeral X25519 key, then XSalsa20-Poly1305)
 * to the compartment's public key. Anyone with the public key can seal;
 * only the secret key opens, so the progress key, which reads the public key
 * and the row around the envelope, can never read the note back.
 */
import { VaultError } from '../../shared/errors';
import type { Sodium } from './sodium';

/** What is sealed: the text, and the session it was written for, so an envelope moved to another session is refused. */
export interface SealedContent {
  sessionId: string;
  text: string;
  capturedAt: string;
}

export function encodeBytes(sodium: Sodium, bytes: Uint8Array): string {
  return sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);
}

export function decodeBytes(sodium: Sodium, text: string): Uint8Array {
  return sodium.from_base64(text, sodium.base64_variants.ORIGINAL);
}

export function sealContent(sodium: Sodium, publicKey: Uint8Array, content: SealedContent): Uint8Array {
  const plaintext = sodium.from_string(JSON.stringify(content));
  try {
    return sodium.crypto_box_seal(plaintext, publicKey);
  } finally {
    sodium.memzero(plaintext);
  }
}

function unreadable(rowId: string): VaultError {
  return new VaultError('INTEGRITY', `A sealed note could not be opened (row ${rowId})`, { table: 'sealed_notes', rowId });
}

/** Opens an envelope; a wrong key, a flipped byte or a payload for another session is INTEGRITY, never garbage. */
export function openContent(
  sodium: Sodium,
  keyPair: { publicKey: Uint8Array; secretKey: Uint8Array },
  envelope: Uint8Array,
  expected: { rowId: string; sessionId: string },
): SealedContent {
  let plaintext: Uint8Array;
  try {
    plaintext = sodium.crypto_box_seal_open(envelope, keyPair.publicKey, keyPair.secretKey);
  } catch {
    throw unreadable(expected.rowId);
  }
  try {
    const content = JSON.parse(sodium.to_string(plaintext)) as Partial<SealedContent>;
    if (
      content.sessionId !== expected.sessionId ||
      typeof content.text !== 'string' ||
      typeof content.capturedAt !== 'string'
    ) {
      throw unreadable(expected.rowId);
    }
    return { sessionId: content.sessionId, text: content.text, capturedAt: content.capturedAt };
  } catch {
    throw unreadable(expected.rowId);
  } finally {
    sodium.memzero(plaintext);
  }
}
