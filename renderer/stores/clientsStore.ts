import { createStore } from 'zustand/vanilla';
import { compareByFamilyName, matchesClientFilter } from '../../shared/domain/clientSort';
import type { Client, ClientOverview } from '../../shared/domain/records';
import type { ClientInput } from '../../shared/domain/schemas';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';

// State

export interface ClientsState {
  /** By family name. */
  clients: Client[];
  /** The list's rows: each client with last and next session and unsigned notes, in the same order. */
  rows: ClientOverview[];
  loaded: boolean;
  loadError: string | null;
  filter: string;
  includeArchived: boolean;
}

export function getEmptyClientsState(): ClientsState {
  return { clients: [], rows: [], loaded: false, loadError: null, filter: '', includeArchived: false };
}

// Actions

export interface ClientsActions {
  load(): Promise<void>;
  setFilter(filter: string): void;
  setIncludeArchived(includeArchived: boolean): Promise<void>;
  create(input: ClientInput): Promise<Client>;
  reset(): void;
}

export type ClientsStore = ClientsState & ClientsActions;

export function createClientsStore(api: VaultApi) {
  return createStore<ClientsStore>()((set, get) => ({
    ...getEmptyClientsState(),

    async load() {
      try {
        const rows = await api.invoke('clients.overview', { includeArchived: get().includeArchived });
        set({ rows, clients: rows.map((row) => row.client), loaded: true, loadError: null });
      } catch (error) {
        if (!isLockedError(error)) set({ loaded: true, loadError: describeError(error) });
      }
    },

    setFilter(filter) {
      set({ filter });
    },

    async setIncludeArchived(includeArchived) {
      set({ includeArchived });
      await get().load();
    },

    async create(input) {
      const client = await api.invoke('clients.create', { client: input });
      const row: ClientOverview = { client, lastSession: null, nextSession: null, unsignedNotes: 0 };
      const rows = [...get().rows, row].sort((a, b) => compareByFamilyName(a.client, b.client));
      set({ rows, clients: rows.map((each) => each.client) });
      return client;
    },

    reset() {
      set(getEmptyClientsState());
    },
  }));
}

// Selectors

/** Clients whose name, preferred name or chart number contains the filter text, accents and case aside. */
export function selectVisibleClients(state: ClientsState): Client[] {
  return state.clients.filter((client) => matchesClientFilter(client, state.filter));
}

/** The list's rows that match the filter, by family name. */
export function selectVisibleRows(state: ClientsState): ClientOverview[] {
  return state.rows.filter((row) => matchesClientFilter(row.client, state.filter));
}
