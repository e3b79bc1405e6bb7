import { createStore } from 'zustand/vanilla';
import type { Client, Session, StandingAppointment } from '../../shared/domain/records';
import type { ClientInput, SessionInput, StandingAppointmentInput } from '../../shared/domain/schemas';
import type { AuthorizationInput, AuthorizationView, SessionSummary } from '../../shared/ipc/contract';
import type { VaultApi } from '../api/vaultApi';
import { clientScope, NO_CLIENT } from './clientScope';
import type { ClientScopedActions, ClientScopedState } from './clientScope';

// State

/** One client's page: their details, their session timeline (never note text) and their authorizations. */
export interface ClientPageState extends ClientScopedState {
  client: Client | null;
  sessions: SessionSummary[];
  /** Earliest start first; the page shows the one in force. */
  standing: StandingAppointment[];
  /** Newest signature first, each with the status main computed today. */
  authorizations: AuthorizationView[];
}

export function getEmptyClientPageState(): ClientPageState {
  return { ...NO_CLIENT, client: null, sessions: [], standing: [], authorizations: [] };
}

// Actions

export interface ClientPageActions extends ClientScopedActions {
  update(input: ClientInput): Promise<void>;
  setArchived(archived: boolean): Promise<void>;
  createSession(input: Omit<SessionInput, 'clientId'>): Promise<Session>;
  /** Creates the standing appointment, or changes the one with this id (ending it is setting its end date). */
  saveStanding(input: Omit<StandingAppointmentInput, 'clientId'>, id?: string): Promise<void>;
  recordAuthorization(input: Omit<AuthorizationInput, 'clientId'>): Promise<AuthorizationView>;
  revokeAuthorization(id: string, revokedOn: string): Promise<void>;
  recordExpiryEvent(id: string, occurredOn: string): Promise<void>;
}

export type ClientPageStore = ClientPageState & ClientPageActions;

export function createClientPageStore(api: VaultApi) {
  return createStore<ClientPageStore>()((set, get) => {
    const { requireClientId, setFor, open, write, reset } = clientScope(get, set, getEmptyClientPageState);
    const reloadAuthorizations = async (clientId: string) =>
      setFor(clientId, { authorizations: await api.invoke('authorizations.listForClient', { clientId }) });

    return {
      ...getEmptyClientPageState(),

      open: (clientId) =>
        open(clientId, async () => {
          const [client, sessions, standing, authorizations] = await Promise.all([
            api.invoke('clients.get', { id: clientId }),
            api.invoke('sessions.listForClient', { clientId }),
            api.invoke('standingAppointments.listForClient', { clientId }),
            api.invoke('authorizations.listForClient', { clientId }),
          ]);
          return { client, sessions, standing, authorizations };
        }),

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

      async saveStanding(input, id) {
        const clientId = requireClientId();
        const appointment = { ...input, clientId };
        if (id) await api.invoke('standingAppointments.update', { id, appointment });
        else await api.invoke('standingAppointments.create', { appointment });
        const [standing, sessions] = await Promise.all([
          api.invoke('standingAppointments.listForClient', { clientId }),
          api.invoke('sessions.listForClient', { clientId }),
        ]);
        setFor(clientId, { standing, sessions });
      },

      recordAuthorization: (input) =>
        write((clientId) => api.invoke('authorizations.create', { authorization: { ...input, clientId } }), reloadAuthorizations),
      async revokeAuthorization(id, revokedOn) {
        await write(() => api.invoke('authorizations.revoke', { id, revokedOn }), reloadAuthorizations);
      },
      async recordExpiryEvent(id, occurredOn) {
        await write(() => api.invoke('authorizations.recordExpiryEvent', { id, occurredOn }), reloadAuthorizations);
      },
      reset,
    };
  });
}

// Selectors

/** The standing appointment in force today or starting later; the latest entered wins. */
export function selectCurrentStanding(state: ClientPageState, today: string): StandingAppointment | null {
  const live = state.standing.filter((appointment) => appointment.endDate === undefined || appointment.endDate >= today);
  return live.length > 0 ? [...live].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]! : null;
}

/** Newest first: date, then start time. */
export function selectTimeline(state: ClientPageState): SessionSummary[] {
  return [...state.sessions].sort(
    (a, b) => b.date.localeCompare(a.date) || b.startTime.localeCompare(a.startTime) || b.id.localeCompare(a.id),
  );
}
