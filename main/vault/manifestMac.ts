import type { VaultContext } from './context';
import type { Sodium } from './sodium';
import { wipe } from './sodium';
import { deriveSubkey } from './stackScrub';

/**
 * Backup manifests sit outside the vault, in plain JSON, and the app prunes
 * automatic backups by them. A MAC under a key derived from the progress key
 * lets it tell its own manifests from edited or planted ones. Subkey id 1 of
 * context "tvbackup" (the audit chain uses "tvaudit1", so the two keys are
 * independent).
 */
const MANIFEST_CONTEXT = 'tvbackup';

/** The manifest key alone; the caller wipes it. Held past a lock only by the automatic backup (vault.ts). */
export function deriveManifestKey(ctx: Pick<VaultContext, 'sodium' | 'keys'>): Uint8Array {
  return deriveSubkey(ctx.sodium, 1, MANIFEST_CONTEXT, ctx.keys.get('progress').key);
}

/** HMAC-SHA-512-256 of `message`, hex. */
export function macWithKey(sodium: Sodium, key: Uint8Array, message: string): string {
  return sodium.to_hex(sodium.crypto_auth(message, key));
}

export function isMacValidWithKey(sodium: Sodium, key: Uint8Array, message: string, macHex: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(macHex)) return false;
  return sodium.crypto_auth_verify(sodium.from_hex(macHex), message, key);
}

function withManifestKey<T>(ctx: VaultContext, use: (key: Uint8Array) => T): T {
  const key = deriveManifestKey(ctx);
  try {
    return use(key);
  } finally {
    wipe(ctx.sodium, key);
  }
}

export function manifestMac(ctx: VaultContext, message: string): string {
  return withManifestKey(ctx, (key) => macWithKey(ctx.sodium, key, message));
}

export function isManifestMacValid(ctx: VaultContext, message: string, macHex: string): boolean {
  return withManifestKey(ctx, (key) => isMacValidWithKey(ctx.sodium, key, message, macHex));
}
