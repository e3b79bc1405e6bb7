import { createStore } from 'zustand/vanilla';
import type { Difficulty, MeasureInstrument } from '../../shared/clinical/measures';
import type { OutcomeMeasure } from '../../shared/domain/measures';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';

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
    const requireClientId = (): string => {
      const { clientId } = get();
      if (!clientId) throw new Error('No client is open');
      return clientId;
    };
    const reload = async (clientId: string) => {
      const measures = await api.invoke('measures.listForClient', { clientId });
      if (get().clientId === clientId) set({ measures, loaded: true, loadError: null });
    };

    return {
      ...getEmptyMeasuresState(),

      async open(clientId) {
        if (get().clientId !== clientId) set({ ...getEmptyMeasuresState(), clientId });
        try {
          await reload(clientId);
        } catch (error) {
          if (get().clientId === clientId && !isLockedError(error)) set({ loadError: describeError(error) });
        }
      },

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
