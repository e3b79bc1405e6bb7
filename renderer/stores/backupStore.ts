import { createStore } from 'zustand/vanilla';
import type {
  BackupOperation,
  BackupPreferences,
  BackupProgress,
  BackupSettingsView,
  BackupSummary,
  VerifyReport,
} from '../../shared/domain/backup';
import type { RequestOf, VaultStatus } from '../../shared/ipc/contract';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeBackupError } from '../api/errorText';

// State

/** What the last backup, verify or restore came to; counts, codes, times and row ids only. */
export type BackupOutcome =
  | { kind: 'created'; backup: BackupSummary }
  | { kind: 'verified'; fileName: string; report: VerifyReport }
  | { kind: 'restored'; report: VerifyReport }
  | { kind: 'cancelled'; operation: BackupOperation }
  | { kind: 'failed'; operation: BackupOperation; message: string };

/**
 * The backups part of the settings screen. A restore locks the vault while
 * it swaps the file, and every store is emptied on a lock; `running` and
 * `progress` of a restore survive that reset, so the window can keep showing
 * the restore instead of the lock screen until main answers.
 */
export interface BackupState {
  settings: BackupSettingsView | null;
  /** Loading or changing the backup settings failed. */
  settingsError: string | null;
  running: BackupOperation | null;
  progress: BackupProgress | null;
  outcome: BackupOutcome | null;
}

export function getEmptyBackupState(): BackupState {
  return { settings: null, settingsError: null, running: null, progress: null, outcome: null };
}

// Actions

export interface BackupActions {
  load(): Promise<void>;
  savePreferences(preferences: BackupPreferences): Promise<boolean>;
  /** Main asks for the folder with its own dialog. */
  chooseFolder(): Promise<void>;
  /** Main asks where to put the backup with its own dialog. */
  backUpNow(): Promise<void>;
  /** Main asks for the backup file; the passphrases let it check every row. */
  verify(request: RequestOf<'backup.verify'>): Promise<void>;
  /** Replaces the vault with a backup that main asks for and verifies first. */
  restore(request: RequestOf<'backup.restore'>): Promise<void>;
  showProgress(progress: BackupProgress): void;
  reset(): void;
}

export type BackupStore = BackupState & BackupActions;

export interface BackupStoreOptions {
  /** Told where the vault stands once a restore has been answered (null when main could not say). */
  onRestoreAnswered(status: VaultStatus | null): void;
}

export function createBackupStore(api: VaultApi, options: BackupStoreOptions) {
  return createStore<BackupStore>()((set, get) => {
    const settingsFailed = (error: unknown) => {
      if (!isLockedError(error)) set({ settingsError: describeBackupError(error) });
    };

    /** Runs one operation at a time; its outcome replaces the previous one. */
    const run = async (operation: BackupOperation, work: () => Promise<BackupOutcome>): Promise<void> => {
      if (get().running) return;
      set({ running: operation, progress: null, outcome: null });
      let outcome: BackupOutcome;
      try {
        outcome = await work();
      } catch (error) {
        outcome = { kind: 'failed', operation, message: describeBackupError(error) };
      }
      set({ running: null, progress: null, outcome });
    };

    return {
      ...getEmptyBackupState(),

      async load() {
        try {
          set({ settings: await api.invoke('backup.settings', {}), settingsError: null });
        } catch (error) {
          settingsFailed(error);
        }
      },

      async savePreferences(preferences) {
        try {
          set({ settings: await api.invoke('backup.updateSettings', preferences), settingsError: null });
          return true;
        } catch (error) {
          settingsFailed(error);
          return false;
        }
      },

      async chooseFolder() {
        try {
          set({ settings: await api.invoke('backup.chooseFolder', {}), settingsError: null });
        } catch (error) {
          settingsFailed(error);
        }
      },

      backUpNow: () =>
        run('backup', async () => {
          const { backup } = await api.invoke('backup.create', {});
          return backup ? { kind: 'created', backup } : { kind: 'cancelled', operation: 'backup' };
        }),

      verify: (request) =>
        run('verify', async () => {
          const { fileName, report } = await api.invoke('backup.verify', request);
          return fileName && report ? { kind: 'verified', fileName, report } : { kind: 'cancelled', operation: 'verify' };
        }),

      restore: (request) =>
        run('restore', async () => {
          try {
            const { restored, report } = await api.invoke('backup.restore', request);
            return restored && report ? { kind: 'restored', report } : { kind: 'cancelled', operation: 'restore' };
          } finally {
            // Asked whichever way it went: a failure after the swap began leaves the old vault back in place, locked.
            options.onRestoreAnswered(await api.invoke('vault.status', {}).catch(() => null));
          }
        }),

      showProgress(progress) {
        if (get().running === progress.operation) set({ progress });
      },

      reset() {
        const { running, progress } = get();
        set({ ...getEmptyBackupState(), ...(running === 'restore' ? { running, progress } : {}) });
      },
    };
  });
}

// Selectors

export const selectBackupSettings = (state: BackupState): BackupSettingsView | null => state.settings;
export const selectRunning = (state: BackupState): BackupOperation | null => state.running;
export const selectProgress = (state: BackupState): BackupProgress | null => state.progress;
export const selectOutcome = (state: BackupState): BackupOutcome | null => state.outcome;
export const selectRestoring = (state: BackupState): boolean => state.running === 'restore';
/** The message of a restore that failed, for the lock screen when the failure left the vault locked. */
export const selectRestoreFailure = (state: BackupState): string | null =>
  state.outcome?.kind === 'failed' && state.outcome.operation === 'restore' ? state.outcome.message : null;
