/*
 * How data keys come into the key ring: creating a vault (new keys, their
 * slots, the recovery key), unlocking with a passphrase or the recovery key,
 * opening the psychotherapy compartment, and re-wrapping a passphrase slot.
 * Wiping them again is the lock controller's part.
 */
import { isVaultError, VaultError } from '../../shared/errors';
import { newPassphraseSchema, passphraseSchema } from '../../shared/domain/schemas';
import { appendAudit } from './audit';
import type { AuditQueue } from './auditQueue';
import { createCaptureKeyPair, ensureCaptureKeyPair } from './captureKeys';
import type { Compartment } from './compartments';
import type { Clock, VaultContext } from './context';
import { newId } from './ids';
import { fillMissingSummaries } from './noteSummaries';
import type { DeriveKey, TimeKdf } from './kdf';
import { calibrateKdf } from './kdf';
import type { KdfParams } from './kdfParams';
import { isAcceptableKdf } from './kdfParams';
import type { KeyRing } from './keyRing';
import { createPassphraseSlot, createRecoverySlot, DATA_KEY_BYTES, formatRecoveryKey, parseRecoveryKey, RECOVERY_KEY_BYTES } from './keySlots';
import { beginRotation, replaceRecoverySlots } from './keyRotation';
import type { RotationRunner } from './rotationRunner';
import type { LockController } from './lockController';
import { requireOpen } from './lockState';
import { isDiskFull } from '../../shared/errors';
import type { PassphraseChange } from './passphraseChange';
import { changePassphrase } from './passphraseChange';
import type { OpenedSlot, SlotAccess } from './passphraseSlots';
import { openWithPassphrase, wipeOpened } from './passphraseSlots';
import type { RecoveryInput } from './recovery';
import { recoverWithKey } from './recovery';
import { openSealedNotes } from './sealedNotes';
import type { SettingsEffects } from './settingsEffects';
import { insertSlot, writeVaultId } from './slotStore';
import type { Sodium } from './sodium';
import { wipe } from './sodium';
import type { VaultStorage } from './storage';
import { createUnlockThrottle } from './throttle';
import { parseInput } from './validate';
import type { AdoptedKeys, RotateKeysInput, Vault } from './vaultApi';
import type { CompartmentKey } from './keyRing';

export interface KeyLifecycleParts {
  sodium: Sodium;
  storage: VaultStorage;
  keys: KeyRing;
  clock: Clock;
  derive: DeriveKey;
  /** Fixed Argon2id parameters; when absent they are tuned to this machine at creation. */
  kdf?: KdfParams;
  /** Times Argon2id alone for that tuning. */
  timeKdf?: TimeKdf;
  lock: LockController;
  settings: SettingsEffects;
  /** Entries that happened while no key could seal them; written ahead of the unlock's own. */
  auditQueue: AuditQueue;
  /** Re-encrypts what a key rotation left under the old key; resumed whenever a compartment opens with two key versions. */
  rotations: RotationRunner;
}

export type KeyLifecycle = Pick<
  Vault,
  | 'create'
  | 'unlock'
  | 'openPsychotherapy'
  | 'confirmPsychotherapyPassphrase'
  | 'unlockWithRecoveryKey'
  | 'changePassphrase'
  | 'rotateKeys'
  | 'adoptRotatedKeys'
  | 'newRecoveryKey'
>;

/**
 * Quick capture's part of opening the psychotherapy compartment: make the key
 * pair an upgraded vault lacks, then turn sealed notes into psychotherapy
 * notes. An altered key-pair row is reported in the audit detail rather than
 * keeping the compartment, and the notes already in it, shut.
 */
function openCapture(ctx: VaultContext): Record<string, number | string> {
  try {
    const sealed = ctx.db
      .transaction(() => {
        ensureCaptureKeyPair(ctx);
        return openSealedNotes(ctx);
      })
      .immediate();
    return { sealedOpened: sealed.opened, sealedUnreadable: sealed.unreadable };
  } catch (error) {
    if (isVaultError(error) && error.code === 'INTEGRITY') return { captureFailure: error.code };
    throw error;
  }
}

/**
 * Notes without a sealed summary (stored before format 11, or cleared by the
 * format-14 migration) get theirs. Without space on the disk they wait for a
 * later unlock; reads open those notes meanwhile.
 */
function fillSummaries(ctx: VaultContext): void {
  try {
    fillMissingSummaries(ctx);
  } catch (error) {
    if (!isDiskFull(error)) throw error;
  }
}

export function createKeyLifecycle(parts: KeyLifecycleParts): KeyLifecycle {
  const { sodium, storage, keys, clock, derive, lock, settings, auditQueue, rotations } = parts;

  const newSlotKdf = async (): Promise<KdfParams> => {
    const kdf = parts.kdf ?? (await calibrateKdf(parts.timeKdf));
    if (!isAcceptableKdf(kdf)) throw new VaultError('INVALID_INPUT', 'Argon2id parameters below the minimum');
    return kdf;
  };
  const throttle = createUnlockThrottle();
  const slotAccess = (): SlotAccess => ({ db: storage.db(), sodium, derive, clock, vaultId: storage.context().vaultId, throttle, newSlotKdf });

  /** Opens one compartment's passphrase slot, counting failures for the throttle; returns the failures before it. */
  const openCompartment = async (compartment: Compartment, passphrase: string): Promise<number> => {
    const access = slotAccess();
    parseInput(passphraseSchema, passphrase);
    throttle.assertNotThrottled(access.db, clock, compartment);
    const opened = await openWithPassphrase(access, compartment, passphrase);
    if (opened.length > 0) {
      let failedBefore: number;
      try {
        failedBefore = throttle.recordSuccess(access.db, compartment);
      } catch (error) {
        wipeOpened(sodium, opened);
        throw error;
      }
      holdAll(compartment, opened);
      return failedBefore;
    }
    throttle.recordFailure(access.db, clock, compartment);
    throw new VaultError('WRONG_PASSPHRASE', 'That passphrase does not open this vault');
  };

  /** Every key version the slots opened goes into the ring: rows not yet re-encrypted by a rotation still need the older one. */
  const holdAll = (compartment: Compartment, opened: readonly OpenedSlot[]) => {
    keys.wipe(compartment);
    for (const { slot, key } of opened) keys.add(compartment, { version: slot.keyVersion, key });
  };

  /** Both compartments' keys, every version held, for writing recovery slots; the psychotherapy ones are only held while that compartment is open. */
  const bothKeys = () => {
    requireOpen(keys, 'psychotherapy');
    return { progress: keys.held('progress'), psychotherapy: keys.held('psychotherapy') };
  };

  /** Rotates after a recovery unlock: the recovery key stays, the compartments whose passphrase was replaced get new keys. */
  const rotateAfterRecovery = async (input: RecoveryInput): Promise<Compartment[]> => {
    const recoveryKey = parseRecoveryKey(sodium, input.recoveryKey);
    if (!recoveryKey) return [];
    const rotated: Compartment[] = [];
    const passphrases: [Compartment, string | undefined][] = [
      ['progress', input.newPassphrase],
      ['psychotherapy', input.newPsychotherapyPassphrase],
    ];
    try {
      for (const [compartment, passphrase] of passphrases) {
        if (passphrase === undefined) continue;
        const opened = compartment === 'progress' ? [] : await openWithPassphrase(slotAccess(), compartment, passphrase);
        try {
          const newest = opened[0];
          const current = compartment === 'progress' ? keys.get('progress') : newest && { version: newest.slot.keyVersion, key: newest.key };
          if (!current) continue;
          const next = await beginRotation(storage.context(), slotAccess(), { compartment, current, passphrase, recovery: { kind: 'keep', recoveryKey } });
          // The psychotherapy compartment stays closed: its rows are re-encrypted when it is next opened.
          if (compartment === 'progress') keys.add('progress', next);
          else wipe(sodium, next.key);
          rotated.push(compartment);
          auditQueue.record(storage.context(), 'keys.rotated', { compartment, keyVersion: next.version, method: 'recovery-key' });
        } finally {
          wipeOpened(sodium, opened);
        }
      }
    } catch (error) {
      // The unlock stands; a rotation that could not run is offered again in Settings.
      if (!isDiskFull(error) && !(error instanceof VaultError)) throw error;
    } finally {
      wipe(sodium, recoveryKey);
    }
    return rotated;
  };

  return {
    create: (input) =>
      lock.serial(async () => {
        if (storage.vaultId()) throw new VaultError('VAULT_EXISTS', 'A vault already exists here');
        const passphrase = parseInput(newPassphraseSchema, input.passphrase);
        const psychotherapyPassphrase = parseInput(newPassphraseSchema, input.psychotherapyPassphrase ?? passphrase);
        const kdf = await newSlotKdf();
        const id = newId(sodium);
        const progressKey = sodium.randombytes_buf(DATA_KEY_BYTES);
        const psychotherapyKey = sodium.randombytes_buf(DATA_KEY_BYTES);
        const recoveryKey = sodium.randombytes_buf(RECOVERY_KEY_BYTES);
        try {
          const progress = { vaultId: id, compartment: 'progress' as const, keyVersion: 1, dataKey: progressKey };
          const psych = { vaultId: id, compartment: 'psychotherapy' as const, keyVersion: 1, dataKey: psychotherapyKey };
          const slots = [
            await createPassphraseSlot(sodium, derive, progress, passphrase, kdf),
            await createPassphraseSlot(sodium, derive, psych, psychotherapyPassphrase, kdf),
            createRecoverySlot(sodium, progress, recoveryKey),
            createRecoverySlot(sodium, psych, recoveryKey),
          ];
          const db = storage.db();
          db.transaction(() => {
            writeVaultId(db, id);
            for (const slot of slots) insertSlot(db, slot);
          }).immediate();
          storage.adopt(id);
          keys.set('progress', { version: 1, key: progressKey });
          const ctx = storage.context();
          appendAudit(ctx, 'vault.created', { kdfOps: kdf.opsLimit, kdfMemMiB: kdf.memLimit / 1048576 });
          // The quick-capture secret key is sealed under the psychotherapy key, held here only for that.
          keys.set('psychotherapy', { version: 1, key: psychotherapyKey });
          try {
            db.transaction(() => createCaptureKeyPair(ctx)).immediate();
          } finally {
            keys.wipe('psychotherapy');
          }
          lock.vaultOpened();
          return { recoveryKey: formatRecoveryKey(sodium, recoveryKey) };
        } catch (error) {
          wipe(sodium, progressKey);
          throw error;
        } finally {
          wipe(sodium, psychotherapyKey, recoveryKey);
        }
      }),

    unlock: (passphrase) =>
      lock.serial(async () => {
        if (keys.has('progress')) return;
        const failedAttempts = await openCompartment('progress', passphrase);
        try {
          auditQueue.record(storage.context(), 'vault.unlocked', { failedAttempts });
          settings.applyStored(storage.context());
          fillSummaries(storage.context());
        } catch (error) {
          keys.wipeAll();
          throw error;
        }
        lock.vaultOpened();
        rotations.resume('progress');
      }),

    openPsychotherapy: (passphrase) =>
      lock.serial(async () => {
        requireOpen(keys);
        if (keys.has('psychotherapy')) return;
        const failedAttempts = await openCompartment('psychotherapy', passphrase);
        try {
          const ctx = storage.context();
          auditQueue.record(ctx, 'psychotherapy.opened', { failedAttempts, ...openCapture(ctx) });
        } catch (error) {
          keys.wipe('psychotherapy');
          throw error;
        }
        lock.psychotherapyOpened();
        rotations.resume('psychotherapy');
      }),

    confirmPsychotherapyPassphrase: (passphrase) =>
      lock.serial(async () => {
        requireOpen(keys, 'psychotherapy');
        const access = slotAccess();
        parseInput(passphraseSchema, passphrase);
        throttle.assertNotThrottled(access.db, clock, 'psychotherapy');
        const opened = await openWithPassphrase(access, 'psychotherapy', passphrase);
        if (opened.length === 0) {
          throttle.recordFailure(access.db, clock, 'psychotherapy');
          throw new VaultError('WRONG_PASSPHRASE', 'That passphrase does not open the psychotherapy notes');
        }
        wipeOpened(sodium, opened);
        throttle.recordSuccess(access.db, 'psychotherapy');
        lock.touch('psychotherapy');
      }),

    unlockWithRecoveryKey: (input: RecoveryInput) =>
      lock.serial(async () => {
        const recovered = await recoverWithKey(slotAccess(), input);
        keys.wipe('progress');
        for (const key of recovered.progress) keys.add('progress', key);
        const ctx = storage.context();
        auditQueue.record(ctx, 'vault.unlocked', { failedAttempts: recovered.failedAttempts, method: 'recovery-key' });
        for (const compartment of recovered.changed) {
          auditQueue.record(ctx, 'passphrase.changed', { compartment, method: 'recovery-key' });
        }
        settings.applyStored(ctx);
        fillSummaries(ctx);
        const rotated = await rotateAfterRecovery(input);
        lock.vaultOpened();
        rotations.resume('progress');
        return { rotated };
      }),

    changePassphrase: (change: PassphraseChange) =>
      lock.serial(async () => {
        requireOpen(keys);
        await changePassphrase(slotAccess(), change);
        auditQueue.record(storage.context(), 'passphrase.changed', { compartment: change.compartment, method: 'passphrase' });
        lock.touch('progress');
      }),

    rotateKeys: (input: RotateKeysInput) =>
      lock.serial(async () => {
        requireOpen(keys);
        const passphrase = parseInput(passphraseSchema, input.passphrase);
        const held = bothKeys();
        const access = slotAccess();
        throttle.assertNotThrottled(access.db, clock, input.compartment);
        const other = input.compartment === 'progress' ? held.psychotherapy : held.progress;
        const recoveryKey = sodium.randombytes_buf(RECOVERY_KEY_BYTES);
        try {
          let next: CompartmentKey;
          try {
            next = await beginRotation(storage.context(), access, {
              compartment: input.compartment,
              current: keys.get(input.compartment),
              passphrase,
              recovery: { kind: 'replace', recoveryKey, other },
            });
          } catch (error) {
            if (error instanceof VaultError && error.code === 'WRONG_PASSPHRASE') throttle.recordFailure(access.db, clock, input.compartment);
            throw error;
          }
          keys.add(input.compartment, next);
          rotations.resume(input.compartment);
          const ctx = storage.context();
          auditQueue.record(ctx, 'keys.rotated', { compartment: input.compartment, keyVersion: next.version, method: 'passphrase' });
          auditQueue.record(ctx, 'recoveryKey.replaced');
          lock.touch(input.compartment);
          return { recoveryKey: formatRecoveryKey(sodium, recoveryKey) };
        } finally {
          wipe(sodium, recoveryKey);
        }
      }),

    adoptRotatedKeys: (adopted: AdoptedKeys) =>
      lock.serial(async () => {
        requireOpen(keys);
        const compartments = (['progress', 'psychotherapy'] as const).filter((compartment) => adopted.keys[compartment] !== undefined);
        for (const compartment of compartments) {
          requireOpen(keys, compartment);
          if (adopted.keys[compartment]!.version <= keys.get(compartment).version) {
            throw new VaultError('INVALID_INPUT', 'These keys are not newer than the ones in use');
          }
        }
        const db = storage.db();
        db.transaction(() => {
          db.prepare('DELETE FROM key_slots').run();
          for (const slot of adopted.slots) insertSlot(db, slot);
        }).immediate();
        for (const compartment of compartments) {
          const key = adopted.keys[compartment]!;
          keys.add(compartment, { version: key.version, key: Uint8Array.from(key.key) });
          rotations.resume(compartment);
          auditQueue.record(storage.context(), 'keys.rotated', { compartment, keyVersion: key.version, method: 'sync' });
        }
      }),

    newRecoveryKey: () =>
      lock.serial(async () => {
        requireOpen(keys);
        const held = bothKeys();
        const recoveryKey = sodium.randombytes_buf(RECOVERY_KEY_BYTES);
        try {
          replaceRecoverySlots(storage.context(), slotAccess(), held, recoveryKey);
          auditQueue.record(storage.context(), 'recoveryKey.replaced');
          lock.touch('psychotherapy');
          return { recoveryKey: formatRecoveryKey(sodium, recoveryKey) };
        } finally {
          wipe(sodium, recoveryKey);
        }
      }),
  };
}
