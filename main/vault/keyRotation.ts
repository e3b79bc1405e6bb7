/*
 * Key rotation, in two parts. Starting one (beginRotation) draws a new data
 * key at key_version + 1 and writes its slots beside the old key's, in one
 * short transaction: from then on every write is sealed under the new key and
 * a row opens under the version it records. Re-encrypting the rows that
 * still name the old version is rotationRunner.ts's part, a batch at a time.
 * The old key's slots go only once no row is left under it, so a rotation
 * cut short by a crash, a lock or a full disk loses nothing: the next
 * unlock holds both keys again and carries on. Afterwards an old copy of the
 * file and an old passphrase yield only the old key, which opens nothing
 * written since.
 */
import type { ErrorCode } from '../../shared/errors';
import { VaultError } from '../../shared/errors';
import type { Compartment } from './compartments';
import type { VaultContext } from './context';
import type { VaultDatabase } from './db';
import type { CompartmentKey } from './keyRing';
import type { KeySlot } from './keySlots';
import { createRecoverySlot, DATA_KEY_BYTES } from './keySlots';
import type { SlotAccess } from './passphraseSlots';
import { kdfOf, openWithPassphrase, replaceSlots, sealForPassphrase, wipeOpened } from './passphraseSlots';
import { readSlots } from './slotStore';
import { wipe } from './sodium';
import type { RowTable } from './tables';
import { ROW_TABLES, TABLES } from './tables';

export interface RotationProgress {
  compartment: Compartment;
  done: number;
  total: number;
  /** What stopped the run; it starts again at the next unlock. A lock stops it without a failure. */
  failed?: ErrorCode;
}

export function tablesOf(compartment: Compartment): RowTable[] {
  return ROW_TABLES.filter((table) => TABLES[table].compartment === compartment);
}

/** Key versions the compartment's slots wrap: more than one while a rotation is under way. */
export function slotVersions(db: VaultDatabase, compartment: Compartment): number[] {
  return db
    .prepare('SELECT DISTINCT key_version FROM key_slots WHERE compartment = ? ORDER BY key_version DESC')
    .pluck()
    .all(compartment) as number[];
}

export interface RotationPlan {
  compartment: Compartment;
  /** The compartment's key as held now. */
  current: CompartmentKey;
  /** Opens this compartment's passphrase slot: proves who asks, and gives the passphrase the new slot is sealed under. */
  passphrase: string;
  /** Recovery slots to write for the new key. */
  recovery: RecoveryPlan;
}

/**
 * What happens to recovery slots: `keep` adds a slot for the new key under
 * the recovery key the caller holds (after a recovery unlock); `replace`
 * removes every recovery slot of both compartments and writes new ones under
 * a new recovery key, for every key version still in use, which needs the
 * other compartment's keys too.
 */
export type RecoveryPlan =
  | { kind: 'keep'; recoveryKey: Uint8Array }
  | { kind: 'replace'; recoveryKey: Uint8Array; other: readonly CompartmentKey[] };

const otherCompartment = (compartment: Compartment): Compartment => (compartment === 'progress' ? 'psychotherapy' : 'progress');

function recoverySlot(ctx: VaultContext, compartment: Compartment, key: CompartmentKey, recoveryKey: Uint8Array): KeySlot {
  return createRecoverySlot(ctx.sodium, { vaultId: ctx.vaultId, compartment, keyVersion: key.version, dataKey: key.key }, recoveryKey);
}

/**
 * Starts rotating one compartment: writes the new key's slots, keeping the
 * old key's. Returns the new key (the caller adds it to the key ring, beside
 * the old one, and starts the runner). Throws WRONG_PASSPHRASE when the
 * passphrase does not open the compartment, ROTATION_RUNNING while an
 * earlier rotation of it is unfinished, and changes nothing then.
 */
export async function beginRotation(ctx: VaultContext, access: SlotAccess, plan: RotationPlan): Promise<CompartmentKey> {
  const { compartment, current } = plan;
  if (slotVersions(ctx.db, compartment).length > 1) {
    throw new VaultError('ROTATION_RUNNING', 'The previous key rotation of these keys is still re-encrypting; wait until it finishes');
  }
  const opened = await openWithPassphrase(access, compartment, plan.passphrase);
  const match = opened.find((entry) => entry.slot.keyVersion === current.version && ctx.sodium.memcmp(entry.key, current.key));
  wipeOpened(ctx.sodium, opened);
  if (opened.length === 0) throw new VaultError('WRONG_PASSPHRASE', 'That passphrase does not open this compartment');
  if (!match) throw new VaultError('INTEGRITY', `Key slot ${opened[0]!.slot.slotId} does not hold the key in use`, { table: 'key_slots', rowId: opened[0]!.slot.slotId });

  const next: CompartmentKey = { version: current.version + 1, key: ctx.sodium.randombytes_buf(DATA_KEY_BYTES) };
  try {
    const added: KeySlot[] = [
      await sealForPassphrase(access, compartment, next.version, next.key, plan.passphrase, kdfOf(match.slot)),
      recoverySlot(ctx, compartment, next, plan.recovery.recoveryKey),
    ];
    const removed: KeySlot[] = [];
    if (plan.recovery.kind === 'replace') {
      const { recoveryKey, other } = plan.recovery;
      removed.push(...readSlots(ctx.db, compartment, 'recovery'), ...readSlots(ctx.db, otherCompartment(compartment), 'recovery'));
      added.push(recoverySlot(ctx, compartment, current, recoveryKey));
      added.push(...other.map((key) => recoverySlot(ctx, otherCompartment(compartment), key, recoveryKey)));
    }
    replaceSlots(access, removed, added);
    return next;
  } catch (error) {
    wipe(ctx.sodium, next.key);
    throw error;
  }
}

/** Replaces every recovery slot by slots under a new recovery key, one per key version held; needs both compartments' keys. */
export function replaceRecoverySlots(ctx: VaultContext, access: SlotAccess, keys: Record<Compartment, readonly CompartmentKey[]>, recoveryKey: Uint8Array): void {
  const added = (['progress', 'psychotherapy'] as const).flatMap((compartment) =>
    keys[compartment].map((key) => recoverySlot(ctx, compartment, key, recoveryKey)),
  );
  const removed = [...readSlots(ctx.db, 'progress', 'recovery'), ...readSlots(ctx.db, 'psychotherapy', 'recovery')];
  replaceSlots(access, removed, added);
}
