import sodiumModule from 'libsodium-wrappers-sumo';

/**
 * The one place the vault reaches libsodium. The sumo build is required:
 * the standard build has no crypto_pwhash (Argon2id).
 */
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
