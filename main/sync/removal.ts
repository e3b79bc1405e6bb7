/*
 * Removing a device (a lost laptop) and taking the keys that removal rotated
 * on the other devices (docs/SYNC.md section 7). Whoever holds the removed
 * device holds the old data keys and may know the old passphrases, so the
 * removal rotates both compartments' keys, sets new passphrases and a new
 * recovery key, and sends every save again under the new keys; the others
 * take the new keys only with a passphrase their current slots do not open.
 */
import { readFile } from 'node:fs/promises';
import { SyncError, VaultError } from '../../shared/errors';
import { newPassphraseSchema } from '../../shared/domain/schemas';
import type { Compartment } from '../vault/compartments';
import type { VaultContext } from '../vault/context';
import type { DeriveKey } from '../vault/kdf';
import { deriveKeyInWorker } from '../vault/kdf';
import type { CompartmentKey } from '../vault/keyRing';
import type { KeySlot } from '../vault/keySlots';
import { createPassphraseSlot, openPassphraseSlot } from '../vault/keySlots';
import { kdfOf } from '../vault/passphraseSlots';
import { readSlots } from '../vault/slotStore';
import { wipe } from '../vault/sodium';
import { parseInput } from '../vault/validate';
import type { Vault } from '../vault/vaultApi';
import { isHexId } from './bytes';
import { markRemoved, thisDeviceId } from './devices';
import { vaultFolder } from './folder';
import { listKeysFiles, parseKeysFile, verifyKeysFile } from './keysFile';
import type { ExchangeOutcome } from './vaultFolderSync';
import { exchange, receiveChanges } from './vaultFolderSync';
import { VaultImportedSet } from './vaultImported';
import { VaultReplica } from './vaultReplica';

export interface RemoveDeviceInput {
  deviceId: string;
  /** The current passphrases: they prove who asks. */
  passphrase: string;
  psychotherapyPassphrase: string;
  /** The removed device's holder may know the old ones. */
  newPassphrase: string;
  newPsychotherapyPassphrase: string;
}

export interface RemovedDevice {
  /** The new recovery key, shown once: the old one opens nothing written from now on. */
  recoveryKey: string;
  /** The progress key version now in use. */
  keyVersion: number;
  /** The last batch of the removed device that was merged; its later ones are passed over. */
  lastBatch: number;
}

/**
 * Removes a device from sync. Needs the vault and the psychotherapy
 * compartment open: the removed device held both keys. Merges what the
 * device sent so far, rotates both keys under new passphrases, marks the
 * device removed in the registry and every save of this device unsent, waits
 * for the re-encryption of every row (nothing is sent meanwhile), then
 * publishes the new keys file and sends everything again under the new keys.
 */
export async function removeDevice(vault: Vault, chosenFolder: string, input: RemoveDeviceInput): Promise<RemovedDevice> {
  const ctx = vault.syncContext();
  if (!ctx.keys.has('psychotherapy')) throw new VaultError('PSYCHOTHERAPY_LOCKED', 'Removing a device rotates both keys: open the psychotherapy notes first');
  if (!isHexId(input.deviceId) || input.deviceId === thisDeviceId(ctx)) throw new VaultError('INVALID_INPUT', 'That is not another device of this vault');
  parseInput(newPassphraseSchema, input.newPassphrase);
  parseInput(newPassphraseSchema, input.newPsychotherapyPassphrase);
  await vault.confirmPsychotherapyPassphrase(input.psychotherapyPassphrase);

  await receiveChanges(ctx, chosenFolder);
  const lastBatch = new VaultImportedSet(ctx.db).frontier()[input.deviceId] ?? 0;

  await vault.rotateKeys({ compartment: 'progress', passphrase: input.passphrase });
  const { recoveryKey } = await vault.rotateKeys({ compartment: 'psychotherapy', passphrase: input.psychotherapyPassphrase });
  await vault.changePassphrase({ compartment: 'progress', currentPassphrase: input.passphrase, newPassphrase: input.newPassphrase });
  await vault.changePassphrase({ compartment: 'psychotherapy', currentPassphrase: input.psychotherapyPassphrase, newPassphrase: input.newPsychotherapyPassphrase });
  const rotated = vault.syncContext();
  markRemoved(rotated, input.deviceId, lastBatch);
  new VaultReplica(rotated.db, rotated.clock).resendOwn();
  await vault.rotationSettled();
  await exchange(vault.syncContext(), chosenFolder);
  return { recoveryKey, keyVersion: vault.syncContext().keys.get('progress').version, lastBatch };
}

export interface AcceptKeysInput {
  /** The new vault passphrase, set by the device that rotated. */
  passphrase: string;
  /** The new psychotherapy passphrase; needed (with that compartment open) when its key was rotated too. */
  psychotherapyPassphrase?: string;
  derive?: DeriveKey;
}

interface Opened {
  slots: KeySlot[];
  progress: CompartmentKey;
}

async function opensAny(ctx: VaultContext, derive: DeriveKey, slots: readonly KeySlot[], passphrase: string): Promise<boolean> {
  for (const slot of slots) {
    const opened = await openPassphraseSlot(ctx.sodium, derive, ctx.vaultId, slot, passphrase);
    if (opened) {
      wipe(ctx.sodium, opened.key);
      return true;
    }
  }
  return false;
}

/** The newest keys file of a newer progress key version that this passphrase opens and whose MAC verifies. */
async function openNewerKeys(ctx: VaultContext, derive: DeriveKey, root: string, passphrase: string): Promise<Opened> {
  const current = ctx.keys.get('progress').version;
  const files = (await listKeysFiles(root)).filter((entry) => entry.keyVersion > current);
  if (files.length === 0) throw new SyncError('SYNC_NO_KEYS', 'The sync folder holds no newer keys');
  for (const entry of files) {
    let parsed: ReturnType<typeof parseKeysFile>;
    try {
      parsed = parseKeysFile(ctx.sodium, new Uint8Array(await readFile(entry.path)));
    } catch (error) {
      if (error instanceof SyncError) continue;
      throw error;
    }
    const { file } = parsed;
    if (file.vaultId !== ctx.vaultId || file.keyVersion !== entry.keyVersion || file.n !== entry.n) continue;
    for (const slot of file.slots.filter((one) => one.compartment === 'progress' && one.kind === 'passphrase' && one.keyVersion === file.keyVersion)) {
      const opened = await openPassphraseSlot(ctx.sodium, derive, ctx.vaultId, slot, passphrase);
      if (!opened) continue;
      const progress = { version: slot.keyVersion, key: opened.key };
      if (verifyKeysFile(ctx.sodium, progress, parsed)) return { slots: file.slots, progress };
      wipe(ctx.sodium, opened.key);
    }
  }
  throw new VaultError('WRONG_PASSPHRASE', 'The passphrase opens none of the newer keys in the sync folder');
}

/** Slots under the new passphrase for the keys this device holds that the file has none for: rows not yet re-encrypted still need them after a lock. */
async function slotsForHeld(ctx: VaultContext, derive: DeriveKey, compartment: Compartment, fileSlots: readonly KeySlot[], passphrase: string): Promise<KeySlot[]> {
  const wrapped = new Set(fileSlots.filter((slot) => slot.compartment === compartment && slot.kind === 'passphrase').map((slot) => slot.keyVersion));
  const kdf = kdfOf(fileSlots.find((slot) => slot.compartment === compartment && slot.kind === 'passphrase'));
  const added: KeySlot[] = [];
  for (const key of ctx.keys.held(compartment)) {
    if (wrapped.has(key.version)) continue;
    added.push(await createPassphraseSlot(ctx.sodium, derive, { vaultId: ctx.vaultId, compartment, keyVersion: key.version, dataKey: key.key }, passphrase, kdf));
  }
  return added;
}

/**
 * Takes the keys another device rotated, with the new passphrase (and the new
 * psychotherapy passphrase when that key was rotated too). A passphrase that
 * opens this device's current slots is WRONG_PASSPHRASE: a removed device
 * that knows the old passphrase must not be able to hand keys of its own to
 * the others. Marks every save of this device unsent, merges what the new
 * keys open, waits for the re-encryption of every row (nothing is sent
 * meanwhile; a lock cuts the wait short and the sending waits for the next
 * unlock), then exchanges, sending everything again under the new keys.
 * A device that finds itself removed gets SYNC_DEVICE_REMOVED.
 */
export async function acceptRotatedKeys(vault: Vault, chosenFolder: string, input: AcceptKeysInput): Promise<ExchangeOutcome> {
  const derive = input.derive ?? deriveKeyInWorker;
  const ctx = vault.syncContext();
  if (await opensAny(ctx, derive, readSlots(ctx.db, 'progress', 'passphrase'), input.passphrase)) {
    throw new VaultError('WRONG_PASSPHRASE', 'That is the passphrase this device already has: the new keys need the new passphrase');
  }
  const opened = await openNewerKeys(ctx, derive, vaultFolder(chosenFolder, ctx.vaultId), input.passphrase);
  const keys: Partial<Record<Compartment, CompartmentKey>> = { progress: opened.progress };
  try {
    const psychotherapySlots = opened.slots.filter((slot) => slot.compartment === 'psychotherapy' && slot.kind === 'passphrase');
    const newestPsychotherapy = Math.max(0, ...psychotherapySlots.map((slot) => slot.keyVersion));
    const heldPsychotherapy = Math.max(0, ...readSlots(ctx.db, 'psychotherapy', 'passphrase').map((slot) => slot.keyVersion));
    const slots = [...opened.slots, ...(await slotsForHeld(ctx, derive, 'progress', opened.slots, input.passphrase))];
    if (newestPsychotherapy > heldPsychotherapy) {
      if (!ctx.keys.has('psychotherapy')) throw new VaultError('PSYCHOTHERAPY_LOCKED', 'The psychotherapy key was rotated too: open the psychotherapy notes first');
      const passphrase = input.psychotherapyPassphrase;
      if (passphrase === undefined) throw new VaultError('INVALID_INPUT', 'The new psychotherapy passphrase is needed too');
      for (const slot of psychotherapySlots.filter((one) => one.keyVersion === newestPsychotherapy)) {
        const key = await openPassphraseSlot(ctx.sodium, derive, ctx.vaultId, slot, passphrase);
        if (key) {
          keys.psychotherapy = { version: slot.keyVersion, key: key.key };
          break;
        }
      }
      if (!keys.psychotherapy) throw new VaultError('WRONG_PASSPHRASE', 'That passphrase does not open the new psychotherapy key');
      slots.push(...(await slotsForHeld(ctx, derive, 'psychotherapy', opened.slots, passphrase)));
    }
    await vault.adoptRotatedKeys({ slots, keys });
  } finally {
    for (const key of Object.values(keys)) wipe(ctx.sodium, key.key);
  }
  const adopted = vault.syncContext();
  new VaultReplica(adopted.db, adopted.clock).resendOwn();
  await receiveChanges(adopted, chosenFolder);
  await vault.rotationSettled();
  return exchange(vault.syncContext(), chosenFolder);
}
