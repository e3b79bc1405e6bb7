/*
 * Sync as the app runs it: the folder and this computer's name kept beside
 * the vault, exchanges started at unlock (on a timer and on folder events,
 * main/sync/syncService.ts) and stopped at lock, where the lock waits for an
 * exchange under way. After an exchange that merged other devices' batches,
 * the search index is built again and the window told to reload, since those
 * rows did not pass through the record writes either one follows.
 */
import { basename } from 'node:path';
import type { JoinFolderView, SyncConflictChoice, SyncConflictDetail, SyncConflictView, SyncStatusView } from '../../shared/domain/sync';
import type { ErrorCode } from '../../shared/errors';
import { ERROR_CODES, SyncError, VaultError } from '../../shared/errors';
import type { RestoreSyncSteps } from '../backup/restore';
import type { VaultSearch } from '../search/vaultSearch';
import { listConflicts, openConflict, resolveConflict } from '../sync/conflictResolution';
import type { AcceptKeysInput, RemoveDeviceInput } from '../sync/removal';
import { acceptRotatedKeys, removeDevice } from '../sync/removal';
import { listDevices, nameThisDevice, thisDeviceId } from '../sync/devices';
import { vaultsInFolder } from '../sync/join';
import type { SyncService, SyncStatus } from '../sync/syncService';
import { createSyncService } from '../sync/syncService';
import type { SyncSettings } from '../sync/syncSettings';
import { readSyncSettings, saveSyncSettings, syncSettingsPath } from '../sync/syncSettings';
import { createJoinThrottle, joinThrottlePath } from '../sync/joinThrottle';
import { adoptRestoredId, restoreHandover } from '../sync/restoreHandover';
import { joinInPlace } from '../sync/stagedJoin';
import { VaultReplica } from '../sync/vaultReplica';
import type { ExchangeProgress } from '../sync/vaultFolderSync';
import type { DeriveKey } from '../vault/kdf';
import type { Vault } from '../vault/vaultApi';
import type { Push } from './pushEvents';

/** How often an unlocked vault exchanges with the folder when no folder event comes first. */
export const SYNC_INTERVAL_MS = 60_000;

/**
 * How often this computer writes a snapshot and drops the batch files every
 * other computer has merged (docs/SYNC.md section 6, "When compaction runs"):
 * once a day keeps a joining computer's reading to about a day of batch files,
 * while the snapshot, as large as the vault's ciphertext, is uploaded by the
 * sync tool at most daily.
 */
export const SYNC_COMPACT_EVERY_MS = 24 * 3_600_000;

/**
 * How long after its last batch a computer that has merged changes but saved
 * nothing reports what it merged (an empty batch, docs/SYNC.md section 6):
 * well within a day, so the others' daily compaction is not held back, and
 * at most a few tiny files a day.
 */
export const SYNC_REPORT_EVERY_MS = 6 * 3_600_000;

export interface SyncControlOptions {
  vault: Vault;
  search: Pick<VaultSearch, 'rebuild'>;
  push: Push;
  intervalMs?: number;
  /** SYNC_COMPACT_EVERY_MS unless given. */
  compactEveryMs?: number;
  settleMs?: number;
  /** The clock of the exchanges and of the join throttle. */
  now?: () => number;
  /** Argon2id for the passphrase slots a join opens; the app's worker when absent. */
  derive?: DeriveKey;
}

export interface SyncControl {
  /** LOCKED while the vault is locked. */
  status(): SyncStatusView;
  /** Syncs the open vault through `folder` from now on, naming this computer; the first exchange starts at once. */
  chooseFolder(folder: string, deviceName: string): Promise<SyncStatusView>;
  renameDevice(name: string): SyncStatusView;
  /** Resolves once an exchange that began after the call is over (and the one under way, if any). */
  runNow(): Promise<SyncStatusView>;
  turnOff(): SyncStatusView;
  /** Rotates both keys under new passphrases; the removed computer reads nothing written after. */
  removeDevice(input: RemoveDeviceInput): Promise<{ recoveryKey: string; status: SyncStatusView }>;
  /** Takes the keys another computer rotated, with the new passphrases. */
  acceptRotatedKeys(input: Pick<AcceptKeysInput, 'passphrase' | 'psychotherapyPassphrase'>): Promise<SyncStatusView>;
  conflicts(): SyncConflictView[];
  openConflict(id: string): SyncConflictDetail;
  /** Saves the choice, then exchanges at once when sync is on, so the other computers stop showing it too. */
  resolveConflict(id: string, choice: SyncConflictChoice): SyncConflictView[];
  /** Remembers the folder a computer without a vault will join from. */
  chooseJoinFolder(folder: string): Promise<JoinFolderView>;
  /**
   * Joins from the folder chosen last, swaps the joined vault in whole, and opens it (sync then starts).
   * Wrong passphrases back off as at unlock: THROTTLED, before any key derivation, while the wait runs.
   */
  join(passphrase: string, deviceName: string): Promise<void>;
  /**
   * Runs a backup restore with sync's part in it when sync is on (main/sync/restoreHandover.ts):
   * exchanges held off meanwhile, and the restored vault, under its new device id, named as this computer.
   */
  aroundRestore<T>(restore: (steps: RestoreSyncSteps | null) => Promise<T>): Promise<T>;
  /** The settings file's view of things, readable while locked. */
  settings(): SyncSettings;
  /** Stops exchanging and stops listening to the vault. */
  dispose(): void;
}

function knownCode(code: string | null): ErrorCode | null {
  if (code === null) return null;
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

export function createSyncControl(options: SyncControlOptions): SyncControl {
  const { vault, search, push } = options;
  const path = syncSettingsPath(vault.path);
  let settings = readSyncSettings(path);
  let importedThisRun = 0;
  let running = false;
  let runEnded: () => void = () => undefined;
  let runOver: Promise<void> = Promise.resolve();
  let joinFolder: string | null = null;
  let joining = false;
  let revisions = 0;
  const joinThrottle = createJoinThrottle(joinThrottlePath(vault.path), options.now ?? Date.now);

  const view = (): SyncStatusView => {
    const ctx = vault.syncContext();
    const id = thisDeviceId(ctx);
    const devices = listDevices(ctx)
      .filter((device) => device.replacedBy === undefined)
      .map((device) => ({
        id: device.id,
        name: device.name,
        addedAt: device.addedAt,
        removedAt: device.removedAt ?? null,
        thisDevice: device.id === id,
      }));
    const replica = new VaultReplica(ctx.db, ctx.clock);
    const status = service.status();
    return {
      folderName: settings.folder === null ? null : basename(settings.folder),
      device: { id, name: devices.find((device) => device.thisDevice)?.name ?? null },
      devices,
      running: status.running,
      lastExchangeAt: status.lastExchangeAt === null ? null : new Date(status.lastExchangeAt).toISOString(),
      lastError: knownCode(status.lastError),
      pending: replica.unsentCount(),
      conflicts: replica.conflicts().length,
      refused: status.refused,
      revision: ++revisions,
    };
  };

  const pushStatus = () => {
    if (vault.state() === 'locked') return;
    try {
      push('sync.status', view());
    } catch {
      // Locked between the check and the read: the window resets on the lock anyway.
    }
  };

  const exchangeEnded = () => {
    const batches = importedThisRun;
    importedThisRun = 0;
    if (batches === 0 || vault.state() === 'locked') return;
    search.rebuild();
    push('sync.imported', { batches });
  };

  const onStatus = (status: SyncStatus) => {
    if (status.running && !running) {
      running = true;
      runOver = new Promise((resolve) => (runEnded = resolve));
    } else if (!status.running && running) {
      running = false;
      runEnded();
      exchangeEnded();
    }
    pushStatus();
  };

  const onProgress = (progress: ExchangeProgress) => {
    importedThisRun = progress.imported;
    push('sync.progress', { ...progress, joining: false });
  };

  const service: SyncService = createSyncService({
    context: () => (vault.state() === 'locked' ? null : vault.syncContext()),
    folder: () => settings.folder,
    intervalMs: options.intervalMs ?? SYNC_INTERVAL_MS,
    compactEveryMs: options.compactEveryMs ?? SYNC_COMPACT_EVERY_MS,
    reportEveryMs: SYNC_REPORT_EVERY_MS,
    ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
    ...(options.now ? { now: options.now } : {}),
    onStatus,
    onProgress,
  });

  const refuseOnceCreated = () => {
    if (vault.isCreated()) throw new VaultError('VAULT_EXISTS', 'This computer already has a vault');
  };

  const save = (change: Partial<SyncSettings>) => {
    settings = saveSyncSettings(path, { ...settings, ...change });
  };

  const restart = () => {
    service.stop();
    if (settings.folder !== null && vault.state() !== 'locked') service.start();
  };

  const exchangeNow = async (): Promise<SyncStatusView> => {
    if (settings.folder === null) return view();
    await service.runNow().catch(() => undefined);
    // A call made during an exchange asks for one more after it: answer once that one is over too.
    while (service.status().running) await runOver;
    return view();
  };

  /** Key changes exchange on their own: the timer and folder events wait until they are over. */
  const withServiceStopped = async <T>(run: (folder: string) => Promise<T>): Promise<T> => {
    const folder = settings.folder;
    if (folder === null) throw new VaultError('INVALID_INPUT', 'Turn on sync first');
    service.stop();
    await runOver;
    try {
      return await run(folder);
    } finally {
      restart();
    }
  };

  const nameDevice = (name: string) => {
    const ctx = vault.syncContext();
    const current = listDevices(ctx).find((device) => device.id === thisDeviceId(ctx));
    if (current?.name !== name) nameThisDevice(ctx, name);
    save({ deviceName: name });
  };

  const stopState = vault.onStateChange((state, reason) => {
    if (state === 'locked') service.stop();
    else if (reason === 'unlocked') restart();
  });
  const stopBeforeLock = vault.onBeforeLock(async () => {
    service.stop();
    await runOver;
  });
  if (vault.state() !== 'locked') restart();

  return {
    status: view,
    async chooseFolder(folder, deviceName) {
      const ctx = vault.syncContext();
      const vaults = await vaultsInFolder(folder);
      if (vaults.some((id) => id !== ctx.vaultId)) {
        throw new SyncError('SYNC_OTHER_VAULT', 'The chosen folder already holds another vault; choose an empty folder, or one this vault already syncs through');
      }
      nameDevice(deviceName);
      save({ folder });
      restart();
      return view();
    },
    renameDevice(name) {
      nameDevice(name);
      if (settings.folder !== null) void service.runNow().catch(() => undefined);
      return view();
    },
    runNow: exchangeNow,
    turnOff() {
      service.stop();
      save({ folder: null });
      pushStatus();
      return view();
    },
    async removeDevice(input) {
      const { recoveryKey } = await withServiceStopped((folder) => removeDevice(vault, folder, input));
      return { recoveryKey, status: await exchangeNow() };
    },
    async acceptRotatedKeys(input) {
      await withServiceStopped((folder) => acceptRotatedKeys(vault, folder, input));
      // The reply says how the keys' own exchange left things, not the failure that asked for them.
      return exchangeNow();
    },
    conflicts: () => listConflicts(vault.syncContext()),
    openConflict: (id) => openConflict(vault.syncContext(), id),
    resolveConflict(id, choice) {
      const ctx = vault.syncContext();
      resolveConflict(ctx, id, choice);
      search.rebuild();
      pushStatus();
      if (settings.folder !== null) void service.runNow().catch(() => undefined);
      return listConflicts(ctx);
    },
    async chooseJoinFolder(folder) {
      refuseOnceCreated();
      const vaults = await vaultsInFolder(folder);
      joinFolder = folder;
      return { chosen: true, folderName: basename(folder), holdsVault: vaults.length === 1 };
    },
    async join(passphrase, deviceName) {
      refuseOnceCreated();
      const chosenFolder = joinFolder;
      if (chosenFolder === null) throw new VaultError('INVALID_INPUT', 'Choose the sync folder first');
      if (joining) throw new VaultError('INVALID_INPUT', 'A join is already under way');
      joinThrottle.assertNotThrottled();
      joining = true;
      try {
        await joinInPlace({
          vault,
          chosenFolder,
          passphrase,
          deviceName,
          ...(options.derive ? { vaultOptions: { derive: options.derive } } : {}),
          beforeUnlock: () => save({ folder: chosenFolder, deviceName }),
          onProgress: (progress) => push('sync.progress', { ...progress, joining: true }),
        });
        joinThrottle.recordSuccess();
        joinFolder = null;
      } catch (error) {
        if (error instanceof VaultError && error.code === 'WRONG_PASSPHRASE') joinThrottle.recordFailure();
        throw error;
      } finally {
        joining = false;
      }
    },
    aroundRestore(restore) {
      if (settings.folder === null || !vault.isCreated() || vault.state() === 'locked') return restore(null);
      const formerId = thisDeviceId(vault.syncContext());
      return withServiceStopped(async (folder) => {
        const restored = await restore(restoreHandover(() => vault.syncContext(), folder));
        if (vault.state() !== 'locked') adoptRestoredId(vault.syncContext(), formerId, settings.deviceName ?? '');
        return restored;
      });
    },
    settings: () => settings,
    dispose() {
      stopState();
      stopBeforeLock();
      service.stop();
    },
  };
}
