import { VaultError } from '../../shared/errors';
import { newPassphraseSchema } from '../../shared/domain/schemas';
import type { Compartment } from './compartments';
import type { CompartmentKey } from './keyRing';
import type { KeySlot } from './keySlots';
import { createRecoverySlot, isSlotIntact, openRecoverySlot, parseRecoveryKey } from './keySlots';
import type { OpenedSlot, SlotAccess } from './passphraseSlots';
import { damagedSlot, replaceSlots, rewrapped, sealForPassphrase, wipeOpened } from './passphraseSlots';
import { readSlots } from './slotStore';
import { wipe } from './sodium';
import { parseInput } from './validate';

export interface RecoveryInput {
  /** As shown at creation: 8 groups of 8 hex digits; spaces, dashes and case do not matter. */
  recoveryKey: string;
  newPassphrase: string;
  /** Also replaces the psychotherapy passphrase; without it that compartment keeps its own. */
  newPsychotherapyPassphrase?: string;
}

export interface Recovered {
  /** The progress data keys, newest first, for the key ring. */
  progress: CompartmentKey[];
  /** Compartments whose passphrase was replaced. */
  changed: Compartment[];
  failedAttempts: number;
}

/** Every recovery slot of the compartment this key opens, newest key version first (two while a key rotation is under way). */
function openRecovery(access: SlotAccess, compartment: Compartment, recoveryKey: Uint8Array): OpenedSlot[] {
  const found: OpenedSlot[] = [];
  try {
    for (const slot of readSlots(access.db, compartment, 'recovery')) {
      if (!isSlotIntact(access.sodium, slot)) throw damagedSlot(slot);
      const opened = openRecoverySlot(access.sodium, access.vaultId, slot, recoveryKey);
      if (!opened) continue;
      if (!opened.legacyAad) {
        found.push({ slot, key: opened.key });
        continue;
      }
      const target = { vaultId: access.vaultId, compartment, keyVersion: slot.keyVersion, dataKey: opened.key };
      found.push({ slot: rewrapped(access, slot, createRecoverySlot(access.sodium, target, recoveryKey)), key: opened.key });
    }
  } catch (error) {
    wipeOpened(access.sodium, found);
    throw error;
  }
  return found.sort((a, b) => b.slot.keyVersion - a.slot.keyVersion);
}

/**
 * Forgotten passphrase. The recovery key opens the progress recovery slot (and
 * the psychotherapy one, when that passphrase is replaced too); each such
 * compartment's passphrase slots are then replaced by one under the new
 * passphrase, all in one transaction, so the vault is never open under a
 * passphrase nobody knows. A wrong key counts against the vault's unlock
 * throttle: it is one more way of opening the same compartment.
 */
export async function recoverWithKey(access: SlotAccess, input: RecoveryInput): Promise<Recovered> {
  const { db, clock, sodium, throttle } = access;
  const passphrases: [Compartment, string][] = [['progress', parseInput(newPassphraseSchema, input.newPassphrase)]];
  if (input.newPsychotherapyPassphrase !== undefined) {
    passphrases.push(['psychotherapy', parseInput(newPassphraseSchema, input.newPsychotherapyPassphrase)]);
  }
  const recoveryKey = parseRecoveryKey(sodium, input.recoveryKey);
  if (!recoveryKey) throw new VaultError('INVALID_INPUT', 'A recovery key is 64 hexadecimal digits (8 groups of 8)');
  throttle.assertNotThrottled(db, clock, 'progress');
  const opened: OpenedSlot[][] = [];
  let handedOver: readonly OpenedSlot[] = [];
  try {
    for (const [compartment] of passphrases) {
      const found = openRecovery(access, compartment, recoveryKey);
      if (found.length > 0) {
        opened.push(found);
        continue;
      }
      if (compartment === 'progress') {
        throttle.recordFailure(db, clock, 'progress');
        throw new VaultError('WRONG_RECOVERY_KEY', 'That recovery key does not open this vault');
      }
      // The key has just opened the progress slot, so a psychotherapy slot it cannot open was altered.
      const [slot] = readSlots(db, compartment, 'recovery');
      throw slot ? damagedSlot(slot) : new VaultError('INTEGRITY', 'The psychotherapy recovery slot is missing');
    }
    const removed: KeySlot[] = [];
    const added: KeySlot[] = [];
    const kdf = await access.newSlotKdf();
    for (const [index, [compartment, passphrase]] of passphrases.entries()) {
      removed.push(...readSlots(db, compartment, 'passphrase'));
      for (const { slot, key } of opened[index]!) added.push(await sealForPassphrase(access, compartment, slot.keyVersion, key, passphrase, kdf));
    }
    let failedAttempts = 0;
    replaceSlots(access, removed, added, () => {
      failedAttempts = throttle.recordSuccess(db, 'progress');
    });
    handedOver = opened[0]!;
    return {
      progress: handedOver.map(({ slot, key }) => ({ version: slot.keyVersion, key })),
      changed: passphrases.map(([compartment]) => compartment),
      failedAttempts,
    };
  } finally {
    wipe(sodium, recoveryKey);
    wipeOpened(sodium, opened.flat().filter((entry) => !handedOver.includes(entry)));
  }
}
