import { createStore } from 'zustand/vanilla';
import type { Diagnosis, TreatmentPlan, TreatmentPlanRecord } from '../../shared/domain/records';
import type { DiagnosisChange, DiagnosisInput, TreatmentPlanContent } from '../../shared/domain/schemas';
import type { VaultApi } from '../api/vaultApi';
import { clientScope, NO_CLIENT } from './clientScope';
import type { ClientScopedActions, ClientScopedState } from './clientScope';

// State

/** One client's clinical record: diagnoses with their history, and the treatment plan's revisions. */
export interface ClinicalState extends ClientScopedState {
  diagnoses: Diagnosis[];
  plans: TreatmentPlanRecord | null;
}

export function getEmptyClinicalState(): ClinicalState {
  return { ...NO_CLIENT, diagnoses: [], plans: null };
}

// Actions

export interface ClinicalActions extends ClientScopedActions {
  addDiagnosis(input: Omit<DiagnosisInput, 'clientId'>): Promise<Diagnosis>;
  changeDiagnosis(diagnosisId: string, change: DiagnosisChange): Promise<void>;
  savePlanDraft(content: TreatmentPlanContent): Promise<TreatmentPlan>;
  /** Saves the content first, so what is signed is what is on screen. */
  signPlan(content: TreatmentPlanContent): Promise<TreatmentPlan>;
  discardPlanDraft(): Promise<void>;
}

export type ClinicalStore = ClinicalState & ClinicalActions;

export function createClinicalStore(api: VaultApi) {
  return createStore<ClinicalStore>()((set, get) => {
    const { setFor, open, write, reset } = clientScope(get, set, getEmptyClinicalState);
    const reloadDiagnoses = async (clientId: string) =>
      setFor(clientId, { diagnoses: await api.invoke('diagnoses.listForClient', { clientId }) });
    const reloadPlans = async (clientId: string) => setFor(clientId, { plans: await api.invoke('treatmentPlans.get', { clientId }) });

    return {
      ...getEmptyClinicalState(),

      open: (clientId) =>
        open(clientId, async () => {
          const [diagnoses, plans] = await Promise.all([
            api.invoke('diagnoses.listForClient', { clientId }),
            api.invoke('treatmentPlans.get', { clientId }),
          ]);
          return { diagnoses, plans };
        }),

      addDiagnosis: (input) => write((clientId) => api.invoke('diagnoses.add', { diagnosis: { ...input, clientId } }), reloadDiagnoses),
      async changeDiagnosis(diagnosisId, change) {
        await write(() => api.invoke('diagnoses.change', { id: diagnosisId, change }), reloadDiagnoses);
      },
      savePlanDraft: (content) => write((clientId) => api.invoke('treatmentPlans.saveDraft', { clientId, content }), reloadPlans),
      /** Saves first, so what is signed is what is on screen. */
      signPlan: (content) =>
        write(async (clientId) => {
          const draft = await api.invoke('treatmentPlans.saveDraft', { clientId, content });
          return api.invoke('treatmentPlans.sign', { planId: draft.id });
        }, reloadPlans),
      async discardPlanDraft() {
        const draft = get().plans?.draft;
        await write(async () => {
          if (draft) await api.invoke('treatmentPlans.discardDraft', { planId: draft.id });
        }, reloadPlans);
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
