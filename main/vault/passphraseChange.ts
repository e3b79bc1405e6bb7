import { VaultError } from '../../shared/errors';
import { newPassphraseSchema, passphraseSchema } from '../../shared/domain/schemas';
import type { Compartment } from './compartments';
import type { SlotAccess } from './passphraseSlots';
import { kdfOf, openWithPassphrase, replaceSlots, sealForPassphrase, wipeOpened } from './passphraseSlots';
import { parseInput } from './validate';

export interface PassphraseChange {
  compartment: Compartment;
  currentPassphrase: string;
  newPassphrase: string;
}

/**
 * Changes one compartment's passphrase. The current passphrase must open that
 * compartment's slots; each is then replaced by one wrapping the same data
 * key under the new passphrase, in one transaction (two slots while a key
 * rotation is under way, one per key version). No row is re-encrypted,
 * and the recovery slot and the other compartment are left as they were.
 * A wrong current passphrase counts against the unlock throttle.
 */
export async function changePassphrase(access: SlotAccess, change: PassphraseChange): Promise<void> {
  const { db, clock, sodium, throttle } = access;
  const current = parseInput(passphraseSchema, change.currentPassphrase);
  const next = parseInput(newPassphraseSchema, change.newPassphrase);
  throttle.assertNotThrottled(db, clock, change.compartment);
  const opened = await openWithPassphrase(access, change.compartment, current);
  if (opened.length === 0) {
    throttle.recordFailure(db, clock, change.compartment);
    throw new VaultError('WRONG_PASSPHRASE', 'The current passphrase is not right');
  }
  try {
    const replacements = [];
    for (const { slot, key } of opened) {
      replacements.push(await sealForPassphrase(access, change.compartment, slot.keyVersion, key, next, kdfOf(slot)));
    }
    replaceSlots(
      access,
      opened.map((entry) => entry.slot),
      replacements,
      () => throttle.recordSuccess(db, change.compartment),
    );
  } finally {
    wipeOpened(sodium, opened);
  }
}
