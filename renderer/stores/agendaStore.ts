import { createStore } from 'zustand/vanilla';
import { addDays, weekStart } from '../../shared/domain/calendar';
import type { AgendaEntry } from '../../shared/domain/records';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';
import { todayIso } from '../components/format';

// State

/** One week of every client's sessions, Monday to Sunday. */
export interface AgendaState {
  /** The Monday shown; null until the agenda is first opened. */
  weekStart: string | null;
  entries: AgendaEntry[];
  loaded: boolean;
  loadError: string | null;
}

export function getEmptyAgendaState(): AgendaState {
  return { weekStart: null, entries: [], loaded: false, loadError: null };
}

// Actions

export interface AgendaActions {
  /** Shows the week the date falls in (this week when none is given). */
  showWeekOf(date?: string): Promise<void>;
  previousWeek(): Promise<void>;
  nextWeek(): Promise<void>;
  reset(): void;
}

export type AgendaStore = AgendaState & AgendaActions;

export function createAgendaStore(api: VaultApi) {
  return createStore<AgendaStore>()((set, get) => {
    let generation = 0;
    const load = async (monday: string) => {
      generation += 1;
      const started = generation;
      set({ weekStart: monday, loaded: false, loadError: null });
      try {
        const entries = await api.invoke('agenda.range', { from: monday, to: addDays(monday, 6) });
        if (started === generation) set({ entries, loaded: true });
      } catch (error) {
        if (started === generation && !isLockedError(error)) set({ entries: [], loaded: true, loadError: describeError(error) });
      }
    };
    const shift = (days: number) => load(addDays(get().weekStart ?? weekStart(todayIso()), days));

    return {
      ...getEmptyAgendaState(),
      showWeekOf: (date) => load(weekStart(date ?? todayIso())),
      previousWeek: () => shift(-7),
      nextWeek: () => shift(7),
      reset() {
        generation += 1;
        set(getEmptyAgendaState());
      },
    };
  });
}

// Selectors

export interface AgendaDay {
  date: string;
  entries: AgendaEntry[];
}

/** The seven days of the week shown, each with its sessions in time order. */
export function selectAgendaDays(state: Pick<AgendaState, 'weekStart' | 'entries'>): AgendaDay[] {
  const monday = state.weekStart;
  if (!monday) return [];
  return Array.from({ length: 7 }, (_, index) => {
    const date = addDays(monday, index);
    return { date, entries: state.entries.filter((entry) => entry.date === date) };
  });
}
