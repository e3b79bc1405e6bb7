/*
 * The one place the vault reaches libsodium. The sumo build is required:
 * the standard build has no crypto_pwhash (Argon2id).
 */
import sodiumModule from 'libsodium-wrappers-sumo';
import { randomFillSync } from 'node:crypto';

export type Sodium = typeof sodiumModule;

/** The Emscripten module under the wrappers: its heap and its allocator. */
interface WasmModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(address: number): void;
}

let ready: Promise<Sodium> | undefined;

export function loadSodium(): Promise<Sodium> {
  ready ??= sodiumModule.ready.then(() => {
    zeroOnFree((sodiumModule as unknown as { libsodium: WasmModule }).libsodium);
    return sodiumModule;
  });
  return ready;
}

/**
 * The wrappers copy every input (plaintext, keys) into the WebAssembly heap
 * and every output out of it, then free those blocks without clearing them,
 * so decrypted notes and keys would stay in the heap until overwritten. Each
 * block the wrappers allocate is zeroed as it is freed; the wrappers reach
 * the allocator through these two properties, so replacing them covers every
 * call. Blocks libsodium allocates inside WebAssembly are its own to clear.
 */
function zeroOnFree(module: WasmModule): void {
  const malloc = module._malloc.bind(module);
  const free = module._free.bind(module);
  const sizes = new Map<number, number>();
  module._malloc = (size) => {
    const address = malloc(size);
    if (address !== 0) sizes.set(address, size);
    return address;
  };
  module._free = (address) => {
    const size = sizes.get(address);
    if (size !== undefined) {
      module.HEAPU8.fill(0, address, address + size);
      sizes.delete(address);
    }
    free(address);
  };
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
