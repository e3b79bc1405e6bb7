import { createStore } from 'zustand/vanilla';

// State

/** The window-wide overlays the shortcuts open, and the sign request the note editor answers. */
export interface ShellState {
  switcherOpen: boolean;
  shortcutsOpen: boolean;
  /** Counts Ctrl/Cmd+Enter presses; the editor on screen opens its sign dialog when it changes. */
  signRequests: number;
  /** Counts Ctrl/Cmd+N presses on a client's page, which opens its new-session form. */
  newSessionRequests: number;
}

export function getEmptyShellState(): ShellState {
  return { switcherOpen: false, shortcutsOpen: false, signRequests: 0, newSessionRequests: 0 };
}

// Actions

export interface ShellActions {
  openSwitcher(): void;
  closeSwitcher(): void;
  openShortcuts(): void;
  closeShortcuts(): void;
  requestSign(): void;
  requestNewSession(): void;
  reset(): void;
}

export type ShellStore = ShellState & ShellActions;

export function createShellStore() {
  return createStore<ShellStore>()((set, get) => ({
    ...getEmptyShellState(),
    openSwitcher: () => set({ switcherOpen: true, shortcutsOpen: false }),
    closeSwitcher: () => set({ switcherOpen: false }),
    openShortcuts: () => set({ shortcutsOpen: true, switcherOpen: false }),
    closeShortcuts: () => set({ shortcutsOpen: false }),
    requestSign: () => set({ signRequests: get().signRequests + 1 }),
    requestNewSession: () => set({ newSessionRequests: get().newSessionRequests + 1 }),
    reset: () => set(getEmptyShellState()),
  }));
}
