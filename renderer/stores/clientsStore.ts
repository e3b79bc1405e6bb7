import { createStore } from 'zustand/vanilla';
import type { Client } from '../../shared/domain/records';
import type { ClientInput } from '../../shared/domain/schemas';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';

// State

export interface ClientsState {
  clients: Client[];
  loaded: boolean;
  loadError: string | null;
  filter: string;
  includeArchived: boolean;
}

export function getEmptyClientsState(): ClientsState {
  return { clients: [], loaded: false, loadError: null, filter: '', includeArchived: false };
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
        const clients = await api.invoke('clients.list', { includeArchived: get().includeArchived });
        set({ clients, loaded: true, loadError: null });
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
      set({ clients: [...get().clients, client].sort((a, b) => a.name.localeCompare(b.name)) });
      return client;
    },

    reset() {
      set(getEmptyClientsState());
    },
  }));
}

// Selectors

function matches(client: Client, needle: string): boolean {
  return [client.name, client.preferredName, client.chartNumber]
    .filter((value): value is string => Boolean(value))
    .some((value) => value.toLocaleLowerCase().includes(needle));
}

/** Clients whose name, preferred name or chart number contains the filter text. */
export function selectVisibleClients(state: ClientsState): Client[] {
  const needle = state.filter.trim().toLocaleLowerCase();
  return needle ? state.clients.filter((client) => matches(client, needle)) : state.clients;
}
