import { createStore } from 'zustand/vanilla';

// State

/** What a search result points at in a session: the note's field, an addendum, or a psychotherapy note. */
export type SessionFocus =
  | { kind: 'progressNote'; field: string }
  | { kind: 'addendum'; id: string }
  | { kind: 'psychotherapyNote'; id: string }
  | { kind: 'measure'; id: string };

/** A part of the client page a link lands on: a search hit or a plan due for review. */
export type ClientSection = 'diagnoses' | 'treatmentPlan' | 'measures';

/** Where the open vault's window is. Ids only: the screens load what they show. */
export type Route =
  | { screen: 'today' }
  | { screen: 'clients' }
  | { screen: 'agenda' }
  /** `newSession`: opened with Ctrl/Cmd+N, so the new-session form is already showing. */
  | { screen: 'client'; clientId: string; newSession?: boolean; section?: ClientSection }
  /** `focusNote`: the note is what the therapist came to write, so its first field takes focus. */
  | { screen: 'session'; clientId: string; sessionId: string; focusNote?: boolean; focus?: SessionFocus }
  | { screen: 'settings' }
  /** The disclosure and audit logs; with a client, filtered to theirs. */
  | { screen: 'logs'; clientId?: string };

export interface NavigationState {
  route: Route;
}

export function getEmptyNavigationState(): NavigationState {
  return { route: { screen: 'today' } };
}

// Actions

export interface NavigationActions {
  go(route: Route): void;
  reset(): void;
}

export type NavigationStore = NavigationState & NavigationActions;

export function createNavigationStore() {
  return createStore<NavigationStore>()((set) => ({
    ...getEmptyNavigationState(),
    go(route) {
      set({ route });
    },
    reset() {
      set(getEmptyNavigationState());
    },
  }));
}

// Selectors

export const selectRoute = (state: NavigationState): Route => state.route;
