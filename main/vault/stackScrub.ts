/*
 * libsodium leaves some secrets in frames of the WebAssembly stack that have
 * already returned. ChaCha20 passes a message's last partial 64-byte block
 * through a stack buffer, so a decryption leaves the plaintext's tail there
 * (all of it for a 32-byte data key); BLAKE2b writes its whole output to a
 * stack buffer, so crypto_kdf leaves the subkey it derived. The wrappers' heap
 * blocks are zeroed as they are freed (sodium.ts), but the stack is not
 * theirs, and the module exports no stack pointer to clear below. Every
 * export starts at the same stack pointer, so calling the same export again
 * on throwaway inputs of the smallest size runs the same frames at the same
 * depth and leaves only throwaway bytes there. Every primitive is
 * libsodium's; only the inputs are chosen here.
 */
import type { Sodium } from './sodium';
import { wipe } from './sodium';

/** The Emscripten module under the wrappers, with the AEAD export called directly. */
export interface AeadModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(address: number): void;
  /**
   * (m, mlen_p, nsec, c, clen, ad, adlen, npub, k), each 64-bit length passed
   * as two 32-bit halves (low, high), as the wrappers call it.
   */
  _crypto_aead_xchacha20poly1305_ietf_decrypt(
    m: number,
    mlenP: number,
    nsec: number,
    c: number,
    clenLow: number,
    clenHigh: number,
    ad: number,
    adlenLow: number,
    adlenHigh: number,
    npub: number,
    k: number,
  ): number;
}

export const AEAD_KEY_BYTES = 32;
export const AEAD_NONCE_BYTES = 24;
export const AEAD_TAG_BYTES = 16;
const SUBKEY_BYTES = 32;
const SCRUB_CONTEXT = 'tvscrub0';

export function aeadModuleOf(sodium: Sodium): AeadModule {
  return (sodium as unknown as { libsodium: AeadModule }).libsodium;
}

/**
 * A one-byte message sealed under a throwaway key, laid out in a heap block
 * of its own (key, nonce, ciphertext, then one byte for the plaintext) so
 * the scrub calls the export without allocating; and a throwaway key to
 * derive from.
 */
interface Throwaway {
  aeadBlock: number;
  kdfKey: Uint8Array;
}

const SCRUB_CIPHERTEXT_BYTES = 1 + AEAD_TAG_BYTES;
const throwaways = new WeakMap<Sodium, Throwaway>();

function throwawayFor(sodium: Sodium): Throwaway {
  const existing = throwaways.get(sodium);
  if (existing) return existing;
  const module = aeadModuleOf(sodium);
  const key = sodium.randombytes_buf(AEAD_KEY_BYTES);
  const nonce = sodium.randombytes_buf(AEAD_NONCE_BYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(new Uint8Array(1), null, null, nonce, key);
  const aeadBlock = module._malloc(AEAD_KEY_BYTES + AEAD_NONCE_BYTES + SCRUB_CIPHERTEXT_BYTES + 1);
  if (aeadBlock === 0) throw new Error('libsodium could not allocate its scrub block');
  module.HEAPU8.set(key, aeadBlock);
  module.HEAPU8.set(nonce, aeadBlock + AEAD_KEY_BYTES);
  module.HEAPU8.set(ciphertext, aeadBlock + AEAD_KEY_BYTES + AEAD_NONCE_BYTES);
  const made = { aeadBlock, kdfKey: sodium.crypto_kdf_keygen() };
  throwaways.set(sodium, made);
  return made;
}

/** Which export's frames to overwrite. */
export type StackUse = 'aeadDecrypt' | 'kdf';

/** Overwrites what the last call of `use`'s export left on the stack with throwaway bytes. */
export function scrubStack(sodium: Sodium, use: StackUse): void {
  const throwaway = throwawayFor(sodium);
  if (use === 'kdf') {
    wipe(sodium, sodium.crypto_kdf_derive_from_key(SUBKEY_BYTES, 1, SCRUB_CONTEXT, throwaway.kdfKey));
    return;
  }
  const k = throwaway.aeadBlock;
  const npub = k + AEAD_KEY_BYTES;
  const c = npub + AEAD_NONCE_BYTES;
  const m = c + SCRUB_CIPHERTEXT_BYTES;
  aeadModuleOf(sodium)._crypto_aead_xchacha20poly1305_ietf_decrypt(m, 0, 0, c, SCRUB_CIPHERTEXT_BYTES, 0, 0, 0, 0, npub, k);
}

/** Runs `call`, then scrubs the stack it used, whether it returned or threw. */
function scrubbedAfter<T>(sodium: Sodium, use: StackUse, call: () => T): T {
  try {
    return call();
  } finally {
    scrubStack(sodium, use);
  }
}

/** libsodium's XChaCha20-Poly1305-IETF decryption, or null when it does not authenticate; no plaintext tail stays on the stack. */
export function decryptAead(
  sodium: Sodium,
  ciphertext: Uint8Array,
  aad: Uint8Array | string | null,
  nonce: Uint8Array,
  key: Uint8Array,
): Uint8Array | null {
  return scrubbedAfter(sodium, 'aeadDecrypt', () => {
    try {
      return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, aad, nonce, key);
    } catch {
      return null;
    }
  });
}

/** A 32-byte subkey by libsodium's crypto_kdf; the subkey does not stay on the stack. */
export function deriveSubkey(sodium: Sodium, subkeyId: number, context: string, key: Uint8Array): Uint8Array {
  return scrubbedAfter(sodium, 'kdf', () => sodium.crypto_kdf_derive_from_key(SUBKEY_BYTES, subkeyId, context, key));
}
