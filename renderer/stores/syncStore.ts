import { createStore } from 'zustand/vanilla';
import type { SyncProgress, SyncStatusView } from '../../shared/domain/sync';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeSyncError } from '../api/errorText';

// State

export type SyncAction = 'choose' | 'rename' | 'run' | 'off';

/**
 * The sync part of the settings screen: main's status as last heard (it
 * pushes every change), the action under way and why the last one failed,
 * and the progress of an exchange that imports many files.
 */
export interface SyncState {
  status: SyncStatusView | null;
  loadError: string | null;
  busy: SyncAction | null;
  failure: string | null;
  progress: SyncProgress | null;
}

export function getEmptySyncState(): SyncState {
  return { status: null, loadError: null, busy: null, failure: null, progress: null };
}

// Actions

export interface SyncActions {
  load(): Promise<void>;
  /** Main asks for the folder with its own dialog; the name is this computer's. */
  chooseFolder(deviceName: string): Promise<boolean>;
  renameDevice(name: string): Promise<boolean>;
  runNow(): Promise<void>;
  turnOff(): Promise<void>;
  showStatus(status: SyncStatusView): void;
  showProgress(progress: SyncProgress): void;
  reset(): void;
}

export type SyncStore = SyncState & SyncActions;

export function createSyncStore(api: VaultApi) {
  return createStore<SyncStore>()((set, get) => {
    /** One action at a time; its reply is the status after it. */
    const act = async (action: SyncAction, call: () => Promise<SyncStatusView>): Promise<boolean> => {
      if (get().busy) return false;
      set({ busy: action, failure: null });
      try {
        set({ status: await call(), busy: null });
        return true;
      } catch (error) {
        set({ busy: null, failure: isLockedError(error) ? null : describeSyncError(error) });
        return false;
      }
    };

    return {
      ...getEmptySyncState(),

      async load() {
        try {
          set({ status: await api.invoke('sync.status', {}), loadError: null });
        } catch (error) {
          if (!isLockedError(error)) set({ loadError: describeSyncError(error) });
        }
      },

      chooseFolder: (deviceName) => act('choose', () => api.invoke('sync.chooseFolder', { deviceName })),
      renameDevice: (name) => act('rename', () => api.invoke('sync.renameDevice', { name })),
      runNow: async () => {
        await act('run', () => api.invoke('sync.runNow', {}));
      },
      turnOff: async () => {
        await act('off', () => api.invoke('sync.turnOff', {}));
      },

      showStatus(status) {
        set({ status, ...(status.running ? {} : { progress: null }) });
      },

      showProgress(progress) {
        if (!progress.joining) set({ progress });
      },

      reset() {
        set(getEmptySyncState());
      },
    };
  });
}

// Selectors

export const selectSyncStatus = (state: SyncState): SyncStatusView | null => state.status;
export const selectSyncBusy = (state: SyncState): SyncAction | null => state.busy;
export const selectSyncProgress = (state: SyncState): SyncProgress | null => state.progress;
