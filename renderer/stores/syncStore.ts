import { createStore } from 'zustand/vanilla';
import type { SyncConflictChoice, SyncConflictDetail, SyncConflictView, SyncProgress, SyncStatusView } from '../../shared/domain/sync';
import type { RequestOf } from '../../shared/ipc/contract';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeSyncError } from '../api/errorText';

// State

export type SyncAction = 'choose' | 'rename' | 'run' | 'off' | 'keys';

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
  conflicts: ConflictReview;
}

/** The conflicts dialog: the list (no text), the one opened with both texts, and the call under way. */
export interface ConflictReview {
  list: SyncConflictView[] | null;
  opened: SyncConflictDetail | null;
  busy: boolean;
  failure: string | null;
}

const EMPTY_REVIEW: ConflictReview = { list: null, opened: null, busy: false, failure: null };

export function getEmptySyncState(): SyncState {
  return { status: null, loadError: null, busy: null, failure: null, progress: null, conflicts: EMPTY_REVIEW };
}

// Actions

export interface SyncActions {
  load(): Promise<void>;
  /** Main asks for the folder with its own dialog; the name is this computer's. */
  chooseFolder(deviceName: string): Promise<boolean>;
  renameDevice(name: string): Promise<boolean>;
  runNow(): Promise<void>;
  turnOff(): Promise<void>;
  /** Removes another computer; the new recovery key, or null when it failed (the failure is in state). */
  removeDevice(input: RequestOf<'sync.removeDevice'>): Promise<string | null>;
  acceptRotatedKeys(input: RequestOf<'sync.acceptRotatedKeys'>): Promise<boolean>;
  loadConflicts(): Promise<void>;
  openConflict(id: string): Promise<void>;
  /** Back from one conflict to the list. */
  closeConflict(): void;
  /** Resolves the opened conflict; true once saved. */
  resolveConflict(choice: SyncConflictChoice): Promise<boolean>;
  closeConflicts(): void;
  showStatus(status: SyncStatusView): void;
  showProgress(progress: SyncProgress): void;
  reset(): void;
}

export type SyncStore = SyncState & SyncActions;

/** What the rest of the window does around a resolve: an editor showing the record saves first, and reads it again after. */
export interface ConflictResolveHooks {
  /** Runs before main is asked; a throw refuses the resolve, its message shown in the dialog. */
  beforeResolve?(conflict: SyncConflictView): Promise<void>;
  afterResolve?(conflict: SyncConflictView): Promise<void>;
}

export function createSyncStore(api: VaultApi, hooks: ConflictResolveHooks = {}) {
  return createStore<SyncStore>()((set, get) => {
    /** A reply and a push can cross on the way here: a status older than the one shown is dropped. */
    const isNewer = (status: SyncStatusView): boolean => {
      const shown = get().status;
      return shown === null || status.revision > shown.revision;
    };
    const latest = (status: SyncStatusView): Pick<SyncState, 'status'> | Record<string, never> => (isNewer(status) ? { status } : {});

    /** One action at a time; its reply is the status after it. */
    const act = async (action: SyncAction, call: () => Promise<SyncStatusView>): Promise<boolean> => {
      if (get().busy) return false;
      set({ busy: action, failure: null });
      try {
        set({ ...latest(await call()), busy: null });
        return true;
      } catch (error) {
        set({ busy: null, failure: isLockedError(error) ? null : describeSyncError(error) });
        return false;
      }
    };

    const review = (change: Partial<ConflictReview>) => set({ conflicts: { ...get().conflicts, ...change } });

    /** One conflict call at a time; a failure is shown in the dialog. */
    const reviewing = async (call: () => Promise<Partial<ConflictReview>>): Promise<boolean> => {
      if (get().conflicts.busy) return false;
      review({ busy: true, failure: null });
      try {
        review({ ...(await call()), busy: false });
        return true;
      } catch (error) {
        review({ busy: false, failure: isLockedError(error) ? null : describeSyncError(error) });
        return false;
      }
    };

    return {
      ...getEmptySyncState(),

      removeDevice: async (input) => {
        let recoveryKey: string | null = null;
        await act('keys', async () => {
          const removed = await api.invoke('sync.removeDevice', input);
          recoveryKey = removed.recoveryKey;
          return removed.status;
        });
        return recoveryKey;
      },
      acceptRotatedKeys: (input) => act('keys', () => api.invoke('sync.acceptRotatedKeys', input)),

      loadConflicts: async () => {
        await reviewing(async () => ({ list: await api.invoke('sync.conflicts', {}), opened: null }));
      },
      openConflict: async (id) => {
        await reviewing(async () => ({ opened: await api.invoke('sync.openConflict', { id }) }));
      },
      closeConflict: () => review({ opened: null, failure: null }),
      resolveConflict: async (choice) => {
        const opened = get().conflicts.opened;
        if (!opened) return false;
        const resolved = await reviewing(async () => {
          await hooks.beforeResolve?.(opened);
          return { list: await api.invoke('sync.resolveConflict', { id: opened.id, choice }), opened: null };
        });
        if (resolved) await Promise.all([get().load(), hooks.afterResolve?.(opened)]);
        return resolved;
      },
      closeConflicts: () => set({ conflicts: EMPTY_REVIEW }),

      async load() {
        try {
          set({ ...latest(await api.invoke('sync.status', {})), loadError: null });
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
        if (isNewer(status)) set({ status, ...(status.running ? {} : { progress: null }) });
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
export const selectConflictReview = (state: SyncState): ConflictReview => state.conflicts;
