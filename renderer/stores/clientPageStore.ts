import { createStore } from 'zustand/vanilla';
import type { Client, Session } from '../../shared/domain/records';
import type { ClientInput, SessionInput } from '../../shared/domain/schemas';
import type { SessionSummary } from '../../shared/ipc/contract';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';

// State

/** One client's page: their details and their session timeline (never note text). */
export interface ClientPageState {
  clientId: string | null;
  client: Client | null;
  sessions: SessionSummary[];
  loadError: string | null;
}

export function getEmptyClientPageState(): ClientPageState {
  return { clientId: null, client: null, sessions: [], loadError: null };
}

// Actions

export interface ClientPageActions {
  open(clientId: string): Promise<void>;
  update(input: ClientInput): Promise<void>;
  setArchived(archived: boolean): Promise<void>;
  createSession(input: Omit<SessionInput, 'clientId'>): Promise<Session>;
  reset(): void;
}

export type ClientPageStore = ClientPageState & ClientPageActions;

export function createClientPageStore(api: VaultApi) {
  return createStore<ClientPageStore>()((set, get) => {
    const requireClientId = (): string => {
      const { clientId } = get();
      if (!clientId) throw new Error('No client page is open');
      return clientId;
    };

    return {
      ...getEmptyClientPageState(),

      async open(clientId) {
        if (get().clientId !== clientId) set({ ...getEmptyClientPageState(), clientId });
        try {
          const [client, sessions] = await Promise.all([
            api.invoke('clients.get', { id: clientId }),
            api.invoke('sessions.listForClient', { clientId }),
          ]);
          if (get().clientId === clientId) set({ client, sessions, loadError: null });
        } catch (error) {
          if (get().clientId === clientId && !isLockedError(error)) set({ loadError: describeError(error) });
        }
      },

      async update(input) {
        const client = await api.invoke('clients.update', { id: requireClientId(), client: input });
        set({ client });
      },

      async setArchived(archived) {
        const client = await api.invoke('clients.setArchived', { id: requireClientId(), archived });
        set({ client });
      },

      async createSession(input) {
        const clientId = requireClientId();
        const session = await api.invoke('sessions.create', { session: { ...input, clientId } });
        const sessions = await api.invoke('sessions.listForClient', { clientId });
        set({ sessions });
        return session;
      },

      reset() {
        set(getEmptyClientPageState());
      },
    };
  });
}

// Selectors

/** Newest first: date, then start time. */
export function selectTimeline(state: ClientPageState): SessionSummary[] {
  return [...state.sessions].sort(
    (a, b) => b.date.localeCompare(a.date) || b.startTime.localeCompare(a.startTime) || b.id.localeCompare(a.id),
  );
}
