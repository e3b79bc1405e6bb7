import { createStore } from 'zustand/vanilla';
import type { TodaySummary } from '../../shared/domain/today';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';
import { todayIso } from '../components/format';

// State

export interface TodayState {
  summary: TodaySummary | null;
  loadError: string | null;
}

export function getEmptyTodayState(): TodayState {
  return { summary: null, loadError: null };
}

// Actions

export interface TodayActions {
  /** One call for the whole screen, with the window's local date and time. */
  load(now?: Date): Promise<void>;
  reset(): void;
}

export type TodayStore = TodayState & TodayActions;

export function localTime(now: Date): string {
  return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}

export function createTodayStore(api: VaultApi) {
  return createStore<TodayStore>()((set) => {
    let generation = 0;
    return {
      ...getEmptyTodayState(),

      async load(now = new Date()) {
        const started = ++generation;
        try {
          const summary = await api.invoke('today.summary', { date: todayIso(now), time: localTime(now) });
          if (started === generation) set({ summary, loadError: null });
        } catch (error) {
          if (started === generation && !isLockedError(error)) set({ loadError: describeError(error) });
        }
      },

      reset() {
        generation += 1;
        set(getEmptyTodayState());
      },
    };
  });
}

// Banner dismissal: a date, no client data, kept across locks so "for the day" means the day.

const BANNER_KEY = 'therapist-vault.backup-banner-dismissed';

export function backupBannerDismissedOn(storage: Pick<Storage, 'getItem'> | undefined, date: string): boolean {
  try {
    return storage?.getItem(BANNER_KEY) === date;
  } catch {
    return false;
  }
}

export function dismissBackupBanner(storage: Pick<Storage, 'setItem'> | undefined, date: string): void {
  try {
    storage?.setItem(BANNER_KEY, date);
  } catch {
    // Without storage the banner comes back on the next visit; nothing else depends on it.
  }
}
