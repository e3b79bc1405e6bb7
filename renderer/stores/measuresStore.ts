import { createStore } from 'zustand/vanilla';
import type { Difficulty, MeasureInstrument } from '../../shared/clinical/measures';
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
  /** `difficulty`: PHQ-9's unscored closing question, when answered. */
  record(sessionId: string, instrument: MeasureInstrument, responses: number[], difficulty?: Difficulty): Promise<OutcomeMeasure>;
  update(id: string, responses: number[], difficulty?: Difficulty): Promise<OutcomeMeasure>;
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

      record: (sessionId, instrument, responses, difficulty) =>
        write(
          (clientId) =>
            api.invoke('measures.record', { measure: { clientId, sessionId, instrument, responses, ...(difficulty ? { difficulty } : {}) } }),
          reload,
        ),
      update: (id, responses, difficulty) =>
        write(() => api.invoke('measures.update', { id, responses, ...(difficulty ? { difficulty } : {}) }), reload),
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
