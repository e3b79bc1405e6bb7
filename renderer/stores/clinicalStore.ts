import { createStore } from 'zustand/vanilla';
import type { Diagnosis, TreatmentPlan, TreatmentPlanRecord } from '../../shared/domain/records';
import type { DiagnosisChange, DiagnosisInput, TreatmentPlanContent } from '../../shared/domain/schemas';
import type { SyncConflictView } from '../../shared/domain/sync';
import type { VaultApi } from '../api/vaultApi';
import { clientScope, NO_CLIENT } from './clientScope';
import type { ClientScopedActions, ClientScopedState } from './clientScope';

// State

/** One client's clinical record: diagnoses with their history, and the treatment plan's revisions. */
export interface ClinicalState extends ClientScopedState {
  diagnoses: Diagnosis[];
  plans: TreatmentPlanRecord | null;
  /** Sync conflicts about the client's plans not resolved yet (no text). */
  planConflicts: SyncConflictView[];
}

export function getEmptyClinicalState(): ClinicalState {
  return { ...NO_CLIENT, diagnoses: [], plans: null, planConflicts: [] };
}

// Actions

export interface ClinicalActions extends ClientScopedActions {
  addDiagnosis(input: Omit<DiagnosisInput, 'clientId'>): Promise<Diagnosis>;
  changeDiagnosis(diagnosisId: string, change: DiagnosisChange): Promise<void>;
  /**
   * `basedOn`: the `storedVersion` of the draft the editor opened (null: none),
   * so a draft an import replaced meanwhile is kept as a conflict, not overwritten.
   */
  savePlanDraft(content: TreatmentPlanContent, basedOn: string | null): Promise<TreatmentPlan>;
  /** Saves the content first, so what is signed is what is on screen. */
  signPlan(content: TreatmentPlanContent, basedOn: string | null): Promise<TreatmentPlan>;
  discardPlanDraft(): Promise<void>;
  /** Reads the plans and their conflicts again after sync changed them (an import, a resolve). */
  reloadPlans(): Promise<void>;
}

export type ClinicalStore = ClinicalState & ClinicalActions;

export function createClinicalStore(api: VaultApi) {
  return createStore<ClinicalStore>()((set, get) => {
    const { setFor, open, write, reset } = clientScope(get, set, getEmptyClinicalState);
    const reloadDiagnoses = async (clientId: string) =>
      setFor(clientId, { diagnoses: await api.invoke('diagnoses.listForClient', { clientId }) });
    /** The plans with the conflicts about them; none when conflicts cannot be read, since the notice is a hint. */
    const readPlans = async (clientId: string) => {
      const [plans, conflicts] = await Promise.all([
        api.invoke('treatmentPlans.get', { clientId }),
        api.invoke('sync.conflicts', {}).catch((): SyncConflictView[] => []),
      ]);
      const ids = new Set([plans.current, plans.draft, ...plans.history].map((plan) => plan?.id));
      return { plans, planConflicts: conflicts.filter((conflict) => conflict.kind === 'treatmentPlan' && ids.has(conflict.recordId)) };
    };
    const reloadPlans = async (clientId: string) => setFor(clientId, await readPlans(clientId));

    return {
      ...getEmptyClinicalState(),

      open: (clientId) =>
        open(clientId, async () => {
          const [diagnoses, plans] = await Promise.all([api.invoke('diagnoses.listForClient', { clientId }), readPlans(clientId)]);
          return { diagnoses, ...plans };
        }),

      addDiagnosis: (input) => write((clientId) => api.invoke('diagnoses.add', { diagnosis: { ...input, clientId } }), reloadDiagnoses),
      async changeDiagnosis(diagnosisId, change) {
        await write(() => api.invoke('diagnoses.change', { id: diagnosisId, change }), reloadDiagnoses);
      },
      savePlanDraft: (content, basedOn) => write((clientId) => api.invoke('treatmentPlans.saveDraft', { clientId, content, basedOn }), reloadPlans),
      /** Saves first, so what is signed is what is on screen. */
      signPlan: (content, basedOn) =>
        write(async (clientId) => {
          const draft = await api.invoke('treatmentPlans.saveDraft', { clientId, content, basedOn });
          return api.invoke('treatmentPlans.sign', { planId: draft.id });
        }, reloadPlans),
      async discardPlanDraft() {
        const draft = get().plans?.draft;
        await write(async () => {
          if (draft) await api.invoke('treatmentPlans.discardDraft', { planId: draft.id });
        }, reloadPlans);
      },
      async reloadPlans() {
        const { clientId } = get();
        if (!clientId) return;
        try {
          await reloadPlans(clientId);
        } catch {
          // Locked meanwhile, or the client gone: the section is read again when opened next.
        }
      },
      reset,
    };
  });
}

// Selectors

/** True when the plan in force has reached its review date on `today` (YYYY-MM-DD). */
export function isReviewDue(plan: TreatmentPlan | null | undefined, today: string): boolean {
  return Boolean(plan?.reviewDate && plan.reviewDate <= today);
}
