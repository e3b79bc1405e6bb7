/*
 * Row decryption through libsodium's own exported
 * crypto_aead_xchacha20poly1305_ietf_decrypt, on one WebAssembly block kept
 * for it. The wrappers' decrypt allocates five blocks per call, copies every
 * input in and the plaintext out through a fresh Uint8Array, and frees the
 * blocks one by one (each zeroed, sodium.ts): for a row of a few hundred
 * bytes that bookkeeping costs as much as the cipher. Here the key, nonce,
 * AAD and ciphertext are written into the one block, libsodium decrypts into
 * it, the plaintext is decoded straight from the heap into a string, and
 * every byte written is zeroed before the call returns, whatever happened.
 * The primitive is libsodium's; only the copying is done here.
 */
import type { Sodium } from './sodium';
import type { AeadModule } from './stackScrub';
import { AEAD_KEY_BYTES, AEAD_NONCE_BYTES, AEAD_TAG_BYTES, aeadModuleOf, scrubStack } from './stackScrub';

/** The block never shrinks below this, so ordinary rows never reallocate it. */
const MIN_BLOCK = 16 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

interface Block {
  module: AeadModule;
  address: number;
  size: number;
}

const blocks = new WeakMap<Sodium, Block>();

/** The block, grown (the old one zeroed and freed) when `size` does not fit. */
function blockFor(sodium: Sodium, size: number): Block {
  const current = blocks.get(sodium);
  if (current && current.size >= size) return current;
  const module = current?.module ?? aeadModuleOf(sodium);
  if (current) {
    module.HEAPU8.fill(0, current.address, current.address + current.size);
    module._free(current.address);
    blocks.delete(sodium);
  }
  const wanted = Math.max(MIN_BLOCK, 2 ** Math.ceil(Math.log2(size)));
  const address = module._malloc(wanted);
  if (address === 0) throw new Error('libsodium could not allocate its decryption block');
  // A fresh block may hold the allocator's bookkeeping from earlier chunks; zeroed, the whole block reads as unused.
  module.HEAPU8.fill(0, address, address + wanted);
  const block = { module, address, size: wanted };
  blocks.set(sodium, block);
  return block;
}

/** Where the decryption block starts and how long it is, for the tests that check it is left zeroed. */
export function aeadBlockRange(sodium: Sodium): { address: number; size: number } | undefined {
  const block = blocks.get(sodium);
  return block && { address: block.address, size: block.size };
}

/** Decrypts `ciphertext` into the block; its plaintext starts at the returned address, or null when it does not authenticate. */
function decryptInBlock(block: Block, key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: string): number | null {
  const { module, address } = block;
  const heap = module.HEAPU8;
  const k = address;
  const npub = k + AEAD_KEY_BYTES;
  const ad = npub + AEAD_NONCE_BYTES;
  const c = ad + aad.length * 3;
  const m = c + ciphertext.length;
  heap.set(key, k);
  heap.set(nonce, npub);
  const adBytes = encoder.encodeInto(aad, heap.subarray(ad, c)).written;
  heap.set(ciphertext, c);
  const failed = module._crypto_aead_xchacha20poly1305_ietf_decrypt(m, 0, 0, c, ciphertext.length, 0, ad, adBytes, 0, npub, k);
  return failed === 0 ? m : null;
}

/** Bytes of the block a decryption of `ciphertext` under `aad` uses. */
function bytesFor(ciphertextBytes: number, aad: string): number {
  return AEAD_KEY_BYTES + AEAD_NONCE_BYTES + aad.length * 3 + ciphertextBytes + Math.max(0, ciphertextBytes - AEAD_TAG_BYTES);
}

/**
 * The UTF-8 plaintext of an XChaCha20-Poly1305-IETF ciphertext, or null when
 * it does not authenticate or is not UTF-8.
 */
export function openToText(sodium: Sodium, key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: string): string | null {
  if (ciphertext.length < AEAD_TAG_BYTES || key.length !== AEAD_KEY_BYTES || nonce.length !== AEAD_NONCE_BYTES) return null;
  const used = bytesFor(ciphertext.length, aad);
  const block = blockFor(sodium, used);
  try {
    const m = decryptInBlock(block, key, nonce, ciphertext, aad);
    if (m === null) return null;
    try {
      // Read after any allocation: growing the WebAssembly memory replaces the view.
      return decoder.decode(block.module.HEAPU8.subarray(m, m + ciphertext.length - AEAD_TAG_BYTES));
    } catch {
      return null;
    }
  } finally {
    block.module.HEAPU8.fill(0, block.address, block.address + used);
    // ChaCha20 leaves the plaintext's last partial 64-byte block on the stack (stackScrub.ts).
    scrubStack(sodium, 'aeadDecrypt');
  }
}
