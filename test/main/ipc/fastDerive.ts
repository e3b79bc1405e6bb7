import type { DeriveKey } from '../../../main/vault/kdf';
import { loadSodium } from '../../../main/vault/sodium';

/**
 * A keyed BLAKE2b stand-in for Argon2id, for tests that make many unlock
 * attempts (throttling, fuzzing) where the KDF's cost is not what is being
 * tested. Still a real one-way derivation: a wrong passphrase gives a wrong
 * key and the slot fails to open exactly as with Argon2id.
 */
export const fastDerive: DeriveKey = async (passphrase, salt) => {
  const sodium = await loadSodium();
  return sodium.crypto_generichash(32, passphrase, salt);
};
