/*
 * Key slots, as in LUKS: each compartment's data key is stored wrapped once
 * per way of opening it (a passphrase, the recovery key). Changing a
 * passphrase rewrites one slot; the data never needs re-encrypting.
 */
import type { Compartment } from './compartments';
import { newId } from './ids';
import type { DeriveKey } from './kdf';
import type { KdfParams } from './kdfParams';
import type { Sodium } from './sodium';
import { wipe } from './sodium';
import { decryptAead, deriveSubkey } from './stackScrub';

export type SlotKind = 'passphrase' | 'recovery';

export interface KeySlot {
  slotId: string;
  compartment: Compartment;
  kind: SlotKind;
  keyVersion: number;
  /** Present for passphrase slots only. */
  kdf: KdfParams | null;
  salt: Uint8Array | null;
  nonce: Uint8Array;
  wrappedKey: Uint8Array;
  /**
   * BLAKE2b over the slot's other fields. Unkeyed, so it proves nothing
   * against an attacker (the AEAD does that); it lets a damaged slot be
   * reported as damage instead of as a wrong passphrase.
   */
  checksum: Uint8Array;
}

export const DATA_KEY_BYTES = 32;
export const RECOVERY_KEY_BYTES = 32;
const RECOVERY_KDF_CONTEXT = 'tvrecov1';

/** The slot's AAD names its key version: a slot whose key_version was altered does not open. */
export function slotAad(vaultId: string, compartment: Compartment, slotId: string, keyVersion: number): string {
  return `slot|${vaultId}|${compartment}|${slotId}|${keyVersion}`;
}

/**
 * Format 1's AAD, without the key version. Accepted only for key_version 1,
 * the only version format 1 ever wrote, so altering it still fails; such a
 * slot is rewrapped under slotAad the first time it opens (docs/VAULT_FORMAT.md).
 */
export function legacySlotAad(vaultId: string, compartment: Compartment, slotId: string): string {
  return `slot|${vaultId}|${compartment}|${slotId}`;
}

export const LEGACY_SLOT_KEY_VERSION = 1;

export interface UnwrappedKey {
  key: Uint8Array;
  /** Opened under format 1's AAD: the caller should rewrap the slot. */
  legacyAad: boolean;
}

export function slotChecksum(sodium: Sodium, slot: Omit<KeySlot, 'checksum'>): Uint8Array {
  const header = [
    slot.slotId,
    slot.compartment,
    slot.kind,
    String(slot.keyVersion),
    slot.kdf ? `${slot.kdf.algorithm}:${slot.kdf.opsLimit}:${slot.kdf.memLimit}` : '-',
    slot.salt ? sodium.to_hex(slot.salt) : '-',
    sodium.to_hex(slot.nonce),
    sodium.to_hex(slot.wrappedKey),
  ].join('|');
  return sodium.crypto_generichash(32, header, null);
}

export function isSlotIntact(sodium: Sodium, slot: KeySlot): boolean {
  const expected = slotChecksum(sodium, slot);
  return expected.length === slot.checksum.length && sodium.memcmp(expected, slot.checksum);
}

export function recoveryKek(sodium: Sodium, recoveryKey: Uint8Array): Uint8Array {
  return deriveSubkey(sodium, 1, RECOVERY_KDF_CONTEXT, recoveryKey);
}

interface SlotTarget {
  vaultId: string;
  compartment: Compartment;
  keyVersion: number;
  dataKey: Uint8Array;
}

function sealSlot(
  sodium: Sodium,
  kek: Uint8Array,
  target: SlotTarget,
  fields: Pick<KeySlot, 'kind' | 'kdf' | 'salt'>,
): KeySlot {
  const slotId = newId(sodium);
  const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const wrappedKey = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    target.dataKey,
    slotAad(target.vaultId, target.compartment, slotId, target.keyVersion),
    null,
    nonce,
    kek,
  );
  const slot = {
    slotId,
    compartment: target.compartment,
    keyVersion: target.keyVersion,
    nonce,
    wrappedKey,
    ...fields,
  };
  return { ...slot, checksum: slotChecksum(sodium, slot) };
}

export async function createPassphraseSlot(
  sodium: Sodium,
  derive: DeriveKey,
  target: SlotTarget,
  passphrase: string,
  kdf: KdfParams,
): Promise<KeySlot> {
  const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
  const passphraseBytes = sodium.from_string(passphrase);
  const kek = await derive(passphraseBytes, salt, kdf).finally(() => wipe(sodium, passphraseBytes));
  try {
    return sealSlot(sodium, kek, target, { kind: 'passphrase', kdf, salt });
  } finally {
    wipe(sodium, kek);
  }
}

export function createRecoverySlot(sodium: Sodium, target: SlotTarget, recoveryKey: Uint8Array): KeySlot {
  const kek = recoveryKek(sodium, recoveryKey);
  try {
    return sealSlot(sodium, kek, target, { kind: 'recovery', kdf: null, salt: null });
  } finally {
    wipe(sodium, kek);
  }
}

function decryptSlot(sodium: Sodium, slot: KeySlot, aad: string, kek: Uint8Array): Uint8Array | null {
  return decryptAead(sodium, slot.wrappedKey, aad, slot.nonce, kek);
}

/** Returns the data key, or null when the KEK does not open this slot. */
export function unwrapSlot(sodium: Sodium, vaultId: string, slot: KeySlot, kek: Uint8Array): UnwrappedKey | null {
  const key = decryptSlot(sodium, slot, slotAad(vaultId, slot.compartment, slot.slotId, slot.keyVersion), kek);
  if (key) return { key, legacyAad: false };
  if (slot.keyVersion !== LEGACY_SLOT_KEY_VERSION) return null;
  const legacy = decryptSlot(sodium, slot, legacySlotAad(vaultId, slot.compartment, slot.slotId), kek);
  return legacy && { key: legacy, legacyAad: true };
}

export async function openPassphraseSlot(
  sodium: Sodium,
  derive: DeriveKey,
  vaultId: string,
  slot: KeySlot,
  passphrase: string,
): Promise<UnwrappedKey | null> {
  if (!slot.kdf || !slot.salt) return null;
  const passphraseBytes = sodium.from_string(passphrase);
  const kek = await derive(passphraseBytes, slot.salt, slot.kdf).finally(() => wipe(sodium, passphraseBytes));
  try {
    return unwrapSlot(sodium, vaultId, slot, kek);
  } finally {
    wipe(sodium, kek);
  }
}

export function openRecoverySlot(
  sodium: Sodium,
  vaultId: string,
  slot: KeySlot,
  recoveryKey: Uint8Array,
): UnwrappedKey | null {
  const kek = recoveryKek(sodium, recoveryKey);
  try {
    return unwrapSlot(sodium, vaultId, slot, kek);
  } finally {
    wipe(sodium, kek);
  }
}

/** Recovery keys are shown as 8 groups of 8 hex digits: easy to copy by hand, nothing ambiguous. */
export function formatRecoveryKey(sodium: Sodium, key: Uint8Array): string {
  return sodium.to_hex(key).match(/.{8}/g)!.join('-');
}

export function parseRecoveryKey(sodium: Sodium, text: string): Uint8Array | null {
  const hex = text.toLowerCase().replace(/[\s-]/g, '');
  if (!/^[0-9a-f]{64}$/.test(hex)) return null;
  return sodium.from_hex(hex);
}
