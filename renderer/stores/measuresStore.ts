import { createStore } from 'zustand/vanilla';
import type { Difficulty, MeasureInstrument } from '../../shared/clinical/measures';
import type { OutcomeMeasure } from '../../shared/domain/measures';
import type { VaultApi } from '../api/vaultApi';
import { clientScope } from './clientScope';

// State

/** One client's outcome measures, oldest first: the session screen and the client page read them from here. */
export interface MeasuresState {
  clientId: string | null;
  measures: OutcomeMeasure[];
  loaded: boolean;
  loadError: string | null;
}

export function getEmptyMeasuresState(): MeasuresState {
  return { clientId: null, measures: [], loaded: false, loadError: null };
}

// Actions

export interface MeasuresActions {
  open(clientId: string): Promise<void>;
  /** `difficulty`: PHQ-9's unscored closing question, when answered. */
  record(sessionId: string, instrument: MeasureInstrument, responses: number[], difficulty?: Difficulty): Promise<OutcomeMeasure>;
  update(id: string, responses: number[], difficulty?: Difficulty): Promise<OutcomeMeasure>;
  remove(id: string): Promise<void>;
  reset(): void;
}

export type MeasuresStore = MeasuresState & MeasuresActions;

export function createMeasuresStore(api: VaultApi) {
  return createStore<MeasuresStore>()((set, get) => {
    const { requireClientId, setFor, open } = clientScope(get, set, getEmptyMeasuresState);
    const fetchMeasures = async (clientId: string) => ({ measures: await api.invoke('measures.listForClient', { clientId }), loaded: true });
    const reload = async (clientId: string) => setFor(clientId, { ...(await fetchMeasures(clientId)), loadError: null });

    return {
      ...getEmptyMeasuresState(),

      open: (clientId) => open(clientId, fetchMeasures),

      async record(sessionId, instrument, responses, difficulty) {
        const clientId = requireClientId();
        const measure = await api.invoke('measures.record', {
          measure: { clientId, sessionId, instrument, responses, ...(difficulty ? { difficulty } : {}) },
        });
        await reload(clientId);
        return measure;
      },

      async update(id, responses, difficulty) {
        const clientId = requireClientId();
        const measure = await api.invoke('measures.update', { id, responses, ...(difficulty ? { difficulty } : {}) });
        await reload(clientId);
        return measure;
      },

      async remove(id) {
        const clientId = requireClientId();
        await api.invoke('measures.remove', { id });
        await reload(clientId);
      },

      reset() {
        set(getEmptyMeasuresState());
      },
    };
  });
}

// Selectors

export function selectSessionMeasures(state: MeasuresState, sessionId: string): OutcomeMeasure[] {
  return state.measures.filter((measure) => measure.sessionId === sessionId);
}
