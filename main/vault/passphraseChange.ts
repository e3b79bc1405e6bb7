import { VaultError } from '../../shared/errors';
import { newPassphraseSchema, passphraseSchema } from '../../shared/domain/schemas';
import type { Compartment } from './compartments';
import type { SlotAccess } from './passphraseSlots';
import { kdfOf, openWithPassphrase, replaceSlots, sealForPassphrase } from './passphraseSlots';
import { wipe } from './sodium';
import { parseInput } from './validate';

export interface PassphraseChange {
  compartment: Compartment;
  currentPassphrase: string;
  newPassphrase: string;
}

/**
 * Changes one compartment's passphrase. The current passphrase must open that
 * compartment's slot; the slot is then replaced by one wrapping the same data
 * key under the new passphrase, in one transaction. No row is re-encrypted,
 * and the recovery slot and the other compartment are left as they were.
 * A wrong current passphrase counts against the unlock throttle.
 */
export async function changePassphrase(access: SlotAccess, change: PassphraseChange): Promise<void> {
  const { db, clock, sodium, throttle } = access;
  const current = parseInput(passphraseSchema, change.currentPassphrase);
  const next = parseInput(newPassphraseSchema, change.newPassphrase);
  throttle.assertNotThrottled(db, clock, change.compartment);
  const opened = await openWithPassphrase(access, change.compartment, current);
  if (!opened) {
    throttle.recordFailure(db, clock, change.compartment);
    throw new VaultError('WRONG_PASSPHRASE', 'The current passphrase is not right');
  }
  try {
    const { slot, key } = opened;
    const replacement = await sealForPassphrase(access, change.compartment, slot.keyVersion, key, next, kdfOf(slot));
    replaceSlots(access, [slot], [replacement], () => throttle.recordSuccess(db, change.compartment));
  } finally {
    wipe(sodium, opened.key);
  }
}
