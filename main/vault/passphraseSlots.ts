import { VaultError } from '../../shared/errors';
import type { Compartment } from './compartments';
import type { Clock } from './context';
import type { VaultDatabase } from './db';
import type { DeriveKey } from './kdf';
import type { KdfParams } from './kdfParams';
import { DEFAULT_KDF_PARAMS, isAcceptableKdf } from './kdfParams';
import type { KeySlot } from './keySlots';
import { createPassphraseSlot, isSlotIntact, openPassphraseSlot } from './keySlots';
import { deleteSlot, insertSlot, readSlots } from './slotStore';
import type { Sodium } from './sodium';
import type { UnlockThrottle } from './throttle';

/** What the slot operations need: the file, the primitives, and the vault they belong to. */
export interface SlotAccess {
  db: VaultDatabase;
  sodium: Sodium;
  derive: DeriveKey;
  clock: Clock;
  vaultId: string;
  /** Failed attempts, held in memory while the disk is full. */
  throttle: UnlockThrottle;
  /** Parameters for a slot that replaces none it has opened: calibrated afresh, never read from the file. */
  newSlotKdf(): Promise<KdfParams>;
}

export interface OpenedSlot {
  slot: KeySlot;
  /** The compartment's data key; the caller keeps or wipes it. */
  key: Uint8Array;
}

export function damagedSlot(slot: KeySlot): VaultError {
  return new VaultError('INTEGRITY', `Key slot ${slot.slotId} is damaged`, { table: 'key_slots', rowId: slot.slotId });
}

/** The checksum is unkeyed: parameters outside our bounds mean a forged slot asking for hours or gigabytes. */
export function isUsablePassphraseSlot(sodium: Sodium, slot: KeySlot): boolean {
  return (
    isSlotIntact(sodium, slot) &&
    slot.kdf !== null &&
    isAcceptableKdf(slot.kdf) &&
    slot.salt?.length === sodium.crypto_pwhash_SALTBYTES
  );
}

/**
 * Every passphrase slot this passphrase opens, with its key, newest key
 * version first: one, or two while a key rotation is under way. Empty when it
 * opens none. A damaged slot is INTEGRITY.
 */
export async function openWithPassphrase(access: SlotAccess, compartment: Compartment, passphrase: string): Promise<OpenedSlot[]> {
  const { sodium, derive, vaultId } = access;
  const found: OpenedSlot[] = [];
  try {
    for (const slot of readSlots(access.db, compartment, 'passphrase')) {
      if (!isUsablePassphraseSlot(sodium, slot)) throw damagedSlot(slot);
      const opened = await openPassphraseSlot(sodium, derive, vaultId, slot, passphrase);
      if (!opened) continue;
      found.push({ slot, key: opened.key });
      if (!opened.legacyAad) continue;
      const resealed = await sealForPassphrase(access, compartment, slot.keyVersion, opened.key, passphrase, kdfOf(slot));
      found[found.length - 1] = { slot: rewrapped(access, slot, resealed), key: opened.key };
    }
  } catch (error) {
    wipeOpened(sodium, found);
    throw error;
  }
  return found.sort((a, b) => b.slot.keyVersion - a.slot.keyVersion);
}

export function wipeOpened(sodium: Sodium, opened: readonly OpenedSlot[]): void {
  for (const entry of opened) sodium.memzero(entry.key);
}

/**
 * Replaces a format-1 slot by one under the AAD that binds the key version,
 * and returns whichever slot is now in the file. The upgrade is not worth
 * refusing an unlock over: if it cannot be written (a full disk), the old
 * slot stays and the upgrade is tried again at the next opening.
 */
export function rewrapped(access: SlotAccess, legacy: KeySlot, replacement: KeySlot): KeySlot {
  try {
    replaceSlots(access, [legacy], [replacement]);
    return replacement;
  } catch {
    return legacy;
  }
}

/**
 * A new slot keeps the Argon2id parameters of the slot it replaces, tuned to
 * this machine, only when that slot was just opened with them: opening
 * authenticates them. Parameters of a slot nobody opened are anyone's edit.
 */
export function kdfOf(slot: KeySlot | undefined, fallback: KdfParams = DEFAULT_KDF_PARAMS): KdfParams {
  return slot?.kdf && isAcceptableKdf(slot.kdf) ? slot.kdf : fallback;
}

/** Seals `dataKey` under a new passphrase, for the compartment and key version of the slots it will replace. */
export function sealForPassphrase(
  access: SlotAccess,
  compartment: Compartment,
  keyVersion: number,
  dataKey: Uint8Array,
  passphrase: string,
  kdf: KdfParams,
): Promise<KeySlot> {
  const target = { vaultId: access.vaultId, compartment, keyVersion, dataKey };
  return createPassphraseSlot(access.sodium, access.derive, target, passphrase, kdf);
}

/** Swaps slots in one transaction: the old ones stop working at the same commit the new ones start. */
export function replaceSlots(access: SlotAccess, removed: readonly KeySlot[], added: readonly KeySlot[], alsoInside?: () => void): void {
  access.db
    .transaction(() => {
      for (const slot of removed) deleteSlot(access.db, slot.slotId);
      for (const slot of added) insertSlot(access.db, slot);
      alsoInside?.();
    })
    .immediate();
}
