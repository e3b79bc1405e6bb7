import { createStore } from 'zustand/vanilla';
import type { Settings } from '../../shared/domain/schemas';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';

// State

/** Practice details (printed on exports) and the lock timings, as saved in the vault. */
export interface SettingsState {
  settings: Settings | null;
  loadError: string | null;
}

export function getEmptySettingsState(): SettingsState {
  return { settings: null, loadError: null };
}

// Actions

export interface SettingsActions {
  load(): Promise<void>;
  save(settings: Settings): Promise<void>;
  reset(): void;
}

export type SettingsStore = SettingsState & SettingsActions;

export function createSettingsStore(api: VaultApi) {
  return createStore<SettingsStore>()((set) => ({
    ...getEmptySettingsState(),

    async load() {
      try {
        set({ settings: await api.invoke('settings.get', {}), loadError: null });
      } catch (error) {
        if (!isLockedError(error)) set({ loadError: describeError(error) });
      }
    },

    async save(settings) {
      set({ settings: await api.invoke('settings.update', { settings }) });
    },

    reset() {
      set(getEmptySettingsState());
    },
  }));
}

// Selectors

export const selectSettings = (state: SettingsState): Settings | null => state.settings;
