/*
 * Opens a vault file and assembles the vault API (vaultApi.ts) from its
 * parts: the storage (file and id), the lock controller (timers, lock,
 * listeners), the key lifecycle (create, unlock, recovery, passphrase change),
 * the settings effects and the repositories.
 */
import type { Clock } from './context';
import { systemClock } from './context';
import type { DeriveKey, TimeKdf } from './kdf';
import { deriveKeyInWorker } from './kdf';
import type { KdfParams } from './kdfParams';
import { KeyRing } from './keyRing';
import { createKeyLifecycle } from './keyLifecycle';
import { createLockController } from './lockController';
import type { Timers } from './lockState';
import { lockStateOf, requireOpen, systemTimers } from './lockState';
import { createAuditQueue } from './auditQueue';
import { deriveManifestKey, isMacValidWithKey, macWithKey } from './manifestMac';
import { appendAudit } from './audit';
import { createRecordWrites } from './recordFeed';
import { createRepositories } from './repositories';
import type { RotationRunnerParts } from './rotationRunner';
import { createRotationRunner } from './rotationRunner';
import { createSettingsEffects } from './settingsEffects';
import { loadSodium, wipe } from './sodium';
import { openStorage } from './storage';
import type { LockedHook, LockedVaultAccess, Vault } from './vaultApi';
import type { VaultStorage } from './storage';
import type { Sodium } from './sodium';
import type { AuditQueue } from './auditQueue';
import { VaultError } from '../../shared/errors';
import { createChangeRecorder } from '../sync/vaultState';

export interface VaultOptions {
  clock?: Clock;
  timers?: Timers;
  derive?: DeriveKey;
  /** Fixed Argon2id parameters; when absent they are tuned to this machine at creation. */
  kdf?: KdfParams;
  /** Times Argon2id alone for that tuning. */
  timeKdf?: TimeKdf;
  keyRing?: KeyRing;
  vaultIdleMs?: number;
  psychotherapyIdleMs?: number;
  /** Batch size and the hand-back between batches of a key rotation's re-encryption (tests cut it short there). */
  rotation?: Pick<RotationRunnerParts, 'batchRows' | 'betweenBatches'>;
}

export async function openVault(path: string, options: VaultOptions = {}): Promise<Vault> {
  const sodium = await loadSodium();
  const clock = options.clock ?? systemClock;
  const keys = options.keyRing ?? new KeyRing(sodium);
  const storage = openStorage(path, { sodium, keys, clock, changes: createChangeRecorder(clock) });
  const auditQueue = createAuditQueue();
  const lock = createLockController({
    keys,
    clock,
    timers: options.timers ?? systemTimers,
    vaultIdleMs: options.vaultIdleMs,
    psychotherapyIdleMs: options.psychotherapyIdleMs,
    audit: (event, detail) => auditQueue.record(storage.context(), event, detail),
  });
  const settings = createSettingsEffects(lock);
  const rotations = createRotationRunner({ keys, context: () => storage.context(), serial: lock.serial, ...options.rotation });
  const keyLifecycle = createKeyLifecycle({
    sodium,
    storage,
    keys,
    clock,
    derive: options.derive ?? deriveKeyInWorker,
    kdf: options.kdf,
    timeKdf: options.timeKdf,
    lock,
    settings,
    auditQueue,
    rotations,
  });

  const writes = createRecordWrites(storage, keys);

  const vault: Vault = {
    path,
    isCreated: () => storage.vaultId() !== null,
    id: () => storage.vaultId(),
    state: () => lockStateOf(keys),
    deadlines: lock.deadlines,
    remaining: lock.remaining,
    onStateChange: lock.onStateChange,
    onBeforeLock: lock.onBeforeLock,
    onLocked: (hook) => lock.onAfterLock(() => afterLockWork({ sodium, keys, storage, auditQueue, clock }, hook)),
    onSettingsSaved: settings.onSaved,
    onRecordWritten: writes.onWritten,
    syncContext() {
      requireOpen(keys);
      return storage.context();
    },
    onRotationProgress: rotations.onProgress,
    rotationSettled: rotations.settled,

    ...keyLifecycle,
    closePsychotherapy: (reason = 'psychotherapy-closed') => lock.closePsychotherapy(reason),
    lock: (reason = 'manual') => lock.lock(reason),
    recordActivity: lock.recordActivity,
    setIdleTimeouts: lock.setIdleTimeouts,

    ...createRepositories({ storage, keys, lock, settings, auditQueue, writes }),

    async backupTo(destination, onProgress) {
      requireOpen(keys);
      await storage.backupTo(destination, onProgress);
    },
    replaceFile: (swap) =>
      lock.serial(async () => {
        await lock.lockNow('restore');
        return storage.reopenAround(swap);
      }),
    async close() {
      await vault.lock('quit');
      storage.close();
    },
  };
  return vault;
}

/**
 * Prepares a LockedHook's run while the progress key is still held: derives
 * the manifest key, the only key material that outlives the lock, and wipes
 * it when the work ends. Once wiped, the access answers LOCKED.
 */
function afterLockWork(
  parts: { sodium: Sodium; keys: KeyRing; storage: VaultStorage; auditQueue: AuditQueue; clock: Clock },
  hook: LockedHook,
): (() => Promise<void>) | null {
  const { sodium, storage, auditQueue, clock } = parts;
  if (storage.vaultId() === null) return null;
  const manifestKey = deriveManifestKey(parts);
  let live = true;
  const held = () => {
    if (!live) throw new VaultError('LOCKED', 'The vault is locked');
    return manifestKey;
  };
  const access: LockedVaultAccess = {
    path: storage.path,
    id: () => storage.vaultId(),
    backupTo: (destination, onProgress) => storage.backupTo(destination, onProgress),
    backupManifests: {
      mac: (message) => macWithKey(sodium, held(), message),
      isAuthentic: (message, macHex) => isMacValidWithKey(sodium, held(), message, macHex),
    },
    audit: { record: (event, detail) => auditQueue.queue({ clock }, event, detail) },
  };
  return async () => {
    try {
      await hook(access);
    } finally {
      live = false;
      wipe(sodium, manifestKey);
    }
  };
}
