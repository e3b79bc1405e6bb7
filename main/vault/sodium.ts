/*
 * The one place the vault reaches libsodium. The sumo build is required:
 * the standard build has no crypto_pwhash (Argon2id).
 */
import sodiumModule from 'libsodium-wrappers-sumo';
import { randomFillSync } from 'node:crypto';

export type Sodium = typeof sodiumModule;

let ready: Promise<Sodium> | undefined;

export function loadSodium(): Promise<Sodium> {
  ready ??= sodiumModule.ready.then(() => sodiumModule);
  return ready;
}

export function wipe(sodium: Sodium, ...buffers: (Uint8Array | undefined)[]): void {
  for (const buffer of buffers) {
    if (buffer) sodium.memzero(buffer);
  }
}

/**
 * Random bytes from the OS CSPRNG in one call, for nonces and row ids.
 * libsodium's WebAssembly build asks JavaScript for randomness one byte per
 * call, which made a 24-byte nonce cost more than encrypting the row it protects.
 */
export function randomBytes(length: number): Uint8Array {
  return randomFillSync(new Uint8Array(length));
}
