/*
 * Tunes Argon2id to this machine at vault creation: one derivation at the
 * default parameters is timed, and tunedParams scales from there.
 */
import type { DeriveKey } from './kdf';
import type { KdfParams } from './kdfParams';
import { DEFAULT_KDF_PARAMS, tunedParams } from './kdfParams';
import type { Sodium } from './sodium';
import { wipe } from './sodium';

export async function calibrateKdf(sodium: Sodium, derive: DeriveKey): Promise<KdfParams> {
  const probe = sodium.from_string('calibration');
  const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
  const started = performance.now();
  const key = await derive(probe, salt, DEFAULT_KDF_PARAMS);
  const elapsed = performance.now() - started;
  wipe(sodium, probe, key);
  return tunedParams(DEFAULT_KDF_PARAMS, elapsed);
}
