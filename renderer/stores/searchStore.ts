import { createStore } from 'zustand/vanilla';
import type { SearchFilterInput, SearchResult } from '../../shared/domain/search';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';

// State

/** The search panel: what was asked and what came back (ids and snippets only). */
export interface SearchState {
  isOpen: boolean;
  text: string;
  filters: SearchFilterInput;
  results: SearchResult[];
  /** The text and filters the results answer; differs from `text` while a query is on its way. */
  answered: string | null;
  building: boolean;
  psychotherapyIncluded: boolean;
  active: number;
  error: string | null;
}

export function getEmptySearchState(): SearchState {
  return {
    isOpen: false,
    text: '',
    filters: {},
    results: [],
    answered: null,
    building: false,
    psychotherapyIncluded: false,
    active: 0,
    error: null,
  };
}

// Actions

export interface SearchActions {
  show(): void;
  hide(): void;
  setText(text: string): void;
  setFilters(filters: SearchFilterInput): void;
  /** Moves the highlighted result by `step`, staying within the list. */
  move(step: number): void;
  setActive(index: number): void;
  reset(): void;
}

export type SearchStore = SearchState & SearchActions;

/** Waits for a pause in typing before asking, as autosave does. */
export const SEARCH_DELAY_MS = 150;

function signature(text: string, filters: SearchFilterInput): string {
  return JSON.stringify([text, filters]);
}

export function createSearchStore(api: VaultApi, delayMs = SEARCH_DELAY_MS) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let asked = 0;

  return createStore<SearchStore>()((set, get) => {
    const run = async () => {
      const { text, filters } = get();
      const ticket = (asked += 1);
      if (text.trim() === '') {
        set({ results: [], answered: signature(text, filters), active: 0, error: null, building: false });
        return;
      }
      try {
        const reply = await api.invoke('search.query', { text, filters });
        if (ticket !== asked || !get().isOpen) return;
        set({
          results: reply.results,
          building: reply.building,
          psychotherapyIncluded: reply.psychotherapyIncluded,
          answered: signature(text, filters),
          active: 0,
          error: null,
        });
      } catch (error) {
        if (ticket !== asked || isLockedError(error)) return;
        set({ results: [], answered: signature(text, filters), error: describeError(error) });
      }
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void run();
      }, delayMs);
    };

    return {
      ...getEmptySearchState(),
      show() {
        set({ isOpen: true });
        if (get().text.trim() !== '') schedule();
      },
      hide() {
        set({ isOpen: false });
      },
      setText(text) {
        set({ text });
        schedule();
      },
      setFilters(filters) {
        set({ filters });
        schedule();
      },
      move(step) {
        const { results, active } = get();
        if (results.length === 0) return;
        set({ active: Math.min(results.length - 1, Math.max(0, active + step)) });
      },
      setActive(index) {
        set({ active: index });
      },
      reset() {
        if (timer) clearTimeout(timer);
        timer = null;
        asked += 1;
        set(getEmptySearchState());
      },
    };
  });
}

// Selectors

export const selectIsSearchOpen = (state: SearchState): boolean => state.isOpen;
export const selectIsSearching = (state: SearchState): boolean =>
  state.text.trim() !== '' && state.answered !== signature(state.text, state.filters);
