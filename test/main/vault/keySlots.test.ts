import { beforeAll, describe, expect, it } from 'vitest';
import type { DeriveKey } from '../../../main/vault/kdf';
import { newId } from '../../../main/vault/ids';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import type { KeySlot } from '../../../main/vault/keySlots';
import {
  createPassphraseSlot,
  createRecoverySlot,
  formatRecoveryKey,
  isSlotIntact,
  openPassphraseSlot,
  openRecoverySlot,
  parseRecoveryKey,
  legacySlotAad,
  slotAad,
  slotChecksum,
  unwrapSlot,
} from '../../../main/vault/keySlots';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { flipByte } from './tamper';

let sodium: Sodium;
const VAULT = 'a1'.repeat(16);

/**
 * These tests are about wrapping, AAD and slot damage, not KDF strength, so
 * the derivation is a real crypto_pwhash (Argon2id) at libsodium's smallest
 * cost instead of the stored 64 MiB parameters. KDF strength is tested in
 * kdf.test.ts and every vault-level test uses the real parameters.
 */
interface DeriveCall {
  passphrase: Uint8Array;
  salt: Uint8Array;
  params: Parameters<DeriveKey>[2];
  kek: Uint8Array;
}
function cheapDerive(calls: DeriveCall[] = []): DeriveKey {
  return async (passphrase, salt, params) => {
    const kek = sodium.crypto_pwhash(32, passphrase, salt, 1, 8192, sodium.crypto_pwhash_ALG_ARGON2ID13);
    calls.push({ passphrase, salt: Uint8Array.from(salt), params, kek });
    return kek;
  };
}

beforeAll(async () => {
  sodium = await loadSodium();
});

function target(compartment: 'progress' | 'psychotherapy' = 'progress') {
  return { vaultId: VAULT, compartment, keyVersion: 1, dataKey: sodium.randombytes_buf(32) };
}

const isZero = (bytes: Uint8Array) => bytes.every((b) => b === 0);

describe('passphrase slots', () => {
  it('store their Argon2id parameters and a 16-byte salt, and open with the passphrase only', async () => {
    const t = target();
    const slot = await createPassphraseSlot(sodium, cheapDerive(), t, 'correct horse battery staple', DEFAULT_KDF_PARAMS);
    expect(slot.kind).toBe('passphrase');
    expect(slot.kdf).toEqual(DEFAULT_KDF_PARAMS);
    expect(slot.salt).toHaveLength(16);
    expect(slot.nonce).toHaveLength(24);
    expect(slot.wrappedKey).toHaveLength(32 + 16);
    expect(isSlotIntact(sodium, slot)).toBe(true);
    const opened = await openPassphraseSlot(sodium, cheapDerive(), VAULT, slot, 'correct horse battery staple');
    expect(opened && sodium.to_hex(opened.key)).toBe(sodium.to_hex(t.dataKey));
    expect(opened?.legacyAad).toBe(false);
    expect(await openPassphraseSlot(sodium, cheapDerive(), VAULT, slot, 'correct horse battery stapler')).toBeNull();
  });

  it('derive with the salt and parameters stored in the slot', async () => {
    const stored = { ...DEFAULT_KDF_PARAMS, opsLimit: 7 };
    const calls: DeriveCall[] = [];
    const slot = await createPassphraseSlot(sodium, cheapDerive(calls), target(), 'pass phrase one', stored);
    await openPassphraseSlot(sodium, cheapDerive(calls), VAULT, slot, 'pass phrase one');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.params).toEqual(stored);
      expect(sodium.to_hex(call.salt)).toBe(sodium.to_hex(slot.salt!));
    }
  });

  it('wipe the passphrase bytes and the KEK as soon as the key is wrapped or unwrapped', async () => {
    const calls: DeriveCall[] = [];
    const slot = await createPassphraseSlot(sodium, cheapDerive(calls), target(), 'pass phrase two', DEFAULT_KDF_PARAMS);
    await openPassphraseSlot(sodium, cheapDerive(calls), VAULT, slot, 'pass phrase two');
    await openPassphraseSlot(sodium, cheapDerive(calls), VAULT, slot, 'not the passphrase');
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(isZero(call.kek)).toBe(true);
      expect(isZero(call.passphrase)).toBe(true);
    }
  });

  it('get a fresh id, salt and nonce each time, even for the same key and passphrase', async () => {
    const t = target();
    const a = await createPassphraseSlot(sodium, cheapDerive(), t, 'same passphrase', DEFAULT_KDF_PARAMS);
    const b = await createPassphraseSlot(sodium, cheapDerive(), t, 'same passphrase', DEFAULT_KDF_PARAMS);
    expect(a.slotId).not.toBe(b.slotId);
    expect(sodium.to_hex(a.salt!)).not.toBe(sodium.to_hex(b.salt!));
    expect(sodium.to_hex(a.nonce)).not.toBe(sodium.to_hex(b.nonce));
  });
});

describe('recovery slots', () => {
  it('open with the 32-byte recovery key and nothing else, without a salt or KDF', () => {
    const t = target('psychotherapy');
    const recoveryKey = sodium.randombytes_buf(32);
    const slot = createRecoverySlot(sodium, t, recoveryKey);
    expect(slot).toMatchObject({ kind: 'recovery', kdf: null, salt: null, compartment: 'psychotherapy' });
    expect(sodium.to_hex(openRecoverySlot(sodium, VAULT, slot, recoveryKey)!.key)).toBe(sodium.to_hex(t.dataKey));
    expect(openRecoverySlot(sodium, VAULT, slot, sodium.randombytes_buf(32))).toBeNull();
  });

  it('print as 8 groups of 8 hex digits and parse back, forgiving case and spacing only', () => {
    const key = sodium.randombytes_buf(32);
    const text = formatRecoveryKey(sodium, key);
    expect(text).toMatch(/^([0-9a-f]{8}-){7}[0-9a-f]{8}$/);
    expect(sodium.to_hex(parseRecoveryKey(sodium, text)!)).toBe(sodium.to_hex(key));
    expect(sodium.to_hex(parseRecoveryKey(sodium, ` ${text.toUpperCase().replace(/-/g, ' ')} `)!)).toBe(
      sodium.to_hex(key),
    );
    expect(parseRecoveryKey(sodium, text.slice(0, -1))).toBeNull();
    expect(parseRecoveryKey(sodium, `${text.slice(0, -1)}g`)).toBeNull();
    expect(parseRecoveryKey(sodium, '')).toBeNull();
  });
});

describe('slot AAD', () => {
  it('is slot|<vault id>|<compartment>|<slot id>|<key version>', () => {
    expect(slotAad(VAULT, 'psychotherapy', 'ff'.repeat(16), 3)).toBe(`slot|${VAULT}|psychotherapy|${'ff'.repeat(16)}|3`);
  });

  it('binds the key version: a slot whose key_version was altered does not open', () => {
    const recoveryKey = sodium.randombytes_buf(32);
    const slot = createRecoverySlot(sodium, target('progress'), recoveryKey);
    const kek = sodium.crypto_kdf_derive_from_key(32, 1, 'tvrecov1', recoveryKey);
    expect(unwrapSlot(sodium, VAULT, slot, kek)).not.toBeNull();
    expect(unwrapSlot(sodium, VAULT, { ...slot, keyVersion: slot.keyVersion + 1 }, kek)).toBeNull();
  });

  it('accepts format 1 slots (AAD without the key version) at key_version 1 only, and says so', () => {
    const recoveryKey = sodium.randombytes_buf(32);
    const kek = sodium.crypto_kdf_derive_from_key(32, 1, 'tvrecov1', recoveryKey);
    const t = target('progress');
    const slotId = newId(sodium);
    const nonce = sodium.randombytes_buf(24);
    const wrappedKey = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(t.dataKey, legacySlotAad(VAULT, 'progress', slotId), null, nonce, kek);
    const legacy: KeySlot = { ...createRecoverySlot(sodium, t, recoveryKey), slotId, nonce, wrappedKey, keyVersion: 1 };
    const opened = unwrapSlot(sodium, VAULT, legacy, kek);
    expect(opened?.legacyAad).toBe(true);
    expect(sodium.to_hex(opened!.key)).toBe(sodium.to_hex(t.dataKey));
    expect(unwrapSlot(sodium, VAULT, { ...legacy, keyVersion: 2 }, kek)).toBeNull();
  });

  it('stops a slot from opening in another vault, compartment or under another slot id', () => {
    const recoveryKey = sodium.randombytes_buf(32);
    const slot = createRecoverySlot(sodium, target('progress'), recoveryKey);
    const kek = sodium.crypto_kdf_derive_from_key(32, 1, 'tvrecov1', recoveryKey);
    expect(unwrapSlot(sodium, VAULT, slot, kek)).not.toBeNull();
    expect(unwrapSlot(sodium, 'd4'.repeat(16), slot, kek)).toBeNull();
    expect(unwrapSlot(sodium, VAULT, { ...slot, compartment: 'psychotherapy' }, kek)).toBeNull();
    expect(unwrapSlot(sodium, VAULT, { ...slot, slotId: newId(sodium) }, kek)).toBeNull();
  });
});

describe('damaged slots', () => {
  let slot: KeySlot;
  const passphrase = 'a passphrase for damage';

  beforeAll(async () => {
    slot = await createPassphraseSlot(sodium, cheapDerive(), target(), passphrase, DEFAULT_KDF_PARAMS);
  });

  const fields = ['nonce', 'wrappedKey', 'salt'] as const;
  for (const field of fields) {
    it(`are detected by the checksum and refused by the AEAD when a byte of the ${field} flips`, async () => {
      const length = slot[field]!.length;
      for (const index of [0, length >> 1, length - 1]) {
        const damaged = { ...slot, [field]: flipByte(slot[field]!, index) };
        expect(isSlotIntact(sodium, damaged)).toBe(false);
        expect(await openPassphraseSlot(sodium, cheapDerive(), VAULT, damaged, passphrase)).toBeNull();
      }
    });
  }

  it('are detected when the stored parameters, kind, version or checksum change', () => {
    const variants: KeySlot[] = [
      { ...slot, kdf: { ...slot.kdf!, opsLimit: 4 } },
      { ...slot, kdf: { ...slot.kdf!, memLimit: slot.kdf!.memLimit * 2 } },
      { ...slot, kind: 'recovery' },
      { ...slot, keyVersion: 2 },
      { ...slot, checksum: flipByte(slot.checksum, 0) },
      { ...slot, checksum: slot.checksum.subarray(0, 16) },
    ];
    for (const variant of variants) expect(isSlotIntact(sodium, variant)).toBe(false);
  });

  it('still do not open when the tamperer recomputes the checksum: the AEAD decides', async () => {
    const { checksum: _old, ...fieldsOnly } = { ...slot, nonce: flipByte(slot.nonce, 3) };
    const forged = { ...fieldsOnly, checksum: slotChecksum(sodium, fieldsOnly) };
    expect(isSlotIntact(sodium, forged)).toBe(true);
    expect(await openPassphraseSlot(sodium, cheapDerive(), VAULT, forged, passphrase)).toBeNull();
  });
});
