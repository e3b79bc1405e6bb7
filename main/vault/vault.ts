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
import { appendAudit } from './audit';
import { createRecordWrites } from './recordFeed';
import { createRepositories } from './repositories';
import { createSettingsEffects } from './settingsEffects';
import { loadSodium } from './sodium';
import { openStorage } from './storage';
import type { Vault } from './vaultApi';

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
}

export async function openVault(path: string, options: VaultOptions = {}): Promise<Vault> {
  const sodium = await loadSodium();
  const clock = options.clock ?? systemClock;
  const keys = options.keyRing ?? new KeyRing(sodium);
  const storage = openStorage(path, { sodium, keys, clock });
  const lock = createLockController({
    keys,
    clock,
    timers: options.timers ?? systemTimers,
    vaultIdleMs: options.vaultIdleMs,
    psychotherapyIdleMs: options.psychotherapyIdleMs,
    audit: (event, detail) => appendAudit(storage.context(), event, detail),
  });
  const settings = createSettingsEffects(lock);
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
    onSettingsSaved: settings.onSaved,
    onRecordWritten: writes.onWritten,

    ...keyLifecycle,
    closePsychotherapy: (reason = 'psychotherapy-closed') => lock.closePsychotherapy(reason),
    lock: (reason = 'manual') => lock.lock(reason),
    recordActivity: lock.recordActivity,
    setIdleTimeouts: lock.setIdleTimeouts,

    ...createRepositories({ storage, keys, lock, settings, writes }),

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
