import type { VaultContext } from './context';
import { wipe } from './sodium';

/**
 * Backup manifests sit outside the vault, in plain JSON, and the app prunes
 * automatic backups by them. A MAC under a key derived from the progress key
 * lets it tell its own manifests from edited or planted ones; it needs the
 * vault open. Subkey id 1 of context "tvbackup" (the audit chain uses
 * "tvaudit1", so the two keys are independent).
 */
const MANIFEST_CONTEXT = 'tvbackup';

function withManifestKey<T>(ctx: VaultContext, use: (key: Uint8Array) => T): T {
  const key = ctx.sodium.crypto_kdf_derive_from_key(32, 1, MANIFEST_CONTEXT, ctx.keys.get('progress').key);
  try {
    return use(key);
  } finally {
    wipe(ctx.sodium, key);
  }
}

/** HMAC-SHA-512-256 of `message`, hex. */
export function manifestMac(ctx: VaultContext, message: string): string {
  return withManifestKey(ctx, (key) => ctx.sodium.to_hex(ctx.sodium.crypto_auth(message, key)));
}

export function isManifestMacValid(ctx: VaultContext, message: string, macHex: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(macHex)) return false;
  return withManifestKey(ctx, (key) => ctx.sodium.crypto_auth_verify(ctx.sodium.from_hex(macHex), message, key));
}
