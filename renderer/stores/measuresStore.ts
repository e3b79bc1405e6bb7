import { createStore } from 'zustand/vanilla';
import type { MeasureInstrument } from '../../shared/clinical/measures';
import type { OutcomeMeasure } from '../../shared/domain/measures';
import type { VaultApi } from '../api/vaultApi';
import { clientScope, NO_CLIENT } from './clientScope';
import type { ClientScopedActions, ClientScopedState } from './clientScope';

// State

/** One client's outcome measures, oldest first: the session screen and the client page read them from here. */
export interface MeasuresState extends ClientScopedState {
  measures: OutcomeMeasure[];
  loaded: boolean;
}

export function getEmptyMeasuresState(): MeasuresState {
  return { ...NO_CLIENT, measures: [], loaded: false };
}

// Actions

export interface MeasuresActions extends ClientScopedActions {
  record(sessionId: string, instrument: MeasureInstrument, responses: number[]): Promise<OutcomeMeasure>;
  update(id: string, responses: number[]): Promise<OutcomeMeasure>;
  remove(id: string): Promise<void>;
}

export type MeasuresStore = MeasuresState & MeasuresActions;

export function createMeasuresStore(api: VaultApi) {
  return createStore<MeasuresStore>()((set, get) => {
    const { setFor, open, write, reset } = clientScope(get, set, getEmptyMeasuresState);
    const fetchMeasures = async (clientId: string) => ({ measures: await api.invoke('measures.listForClient', { clientId }), loaded: true });
    const reload = async (clientId: string) => setFor(clientId, { ...(await fetchMeasures(clientId)), loadError: null });

    return {
      ...getEmptyMeasuresState(),

      open: (clientId) => open(clientId, fetchMeasures),

      record: (sessionId, instrument, responses) =>
        write((clientId) => api.invoke('measures.record', { measure: { clientId, sessionId, instrument, responses } }), reload),
      update: (id, responses) => write(() => api.invoke('measures.update', { id, responses }), reload),
      async remove(id) {
        await write(() => api.invoke('measures.remove', { id }), reload);
      },
      reset,
    };
  });
}

// Selectors

export function selectSessionMeasures(state: MeasuresState, sessionId: string): OutcomeMeasure[] {
  return state.measures.filter((measure) => measure.sessionId === sessionId);
}
