import { createStore } from 'zustand/vanilla';
import type { Diagnosis, TreatmentPlan, TreatmentPlanRecord } from '../../shared/domain/records';
import type { DiagnosisChange, DiagnosisInput, TreatmentPlanContent } from '../../shared/domain/schemas';
import type { VaultApi } from '../api/vaultApi';
import { clientScope } from './clientScope';

// State

/** One client's clinical record: diagnoses with their history, and the treatment plan's revisions. */
export interface ClinicalState {
  clientId: string | null;
  diagnoses: Diagnosis[];
  plans: TreatmentPlanRecord | null;
  loadError: string | null;
}

export function getEmptyClinicalState(): ClinicalState {
  return { clientId: null, diagnoses: [], plans: null, loadError: null };
}

// Actions

export interface ClinicalActions {
  open(clientId: string): Promise<void>;
  addDiagnosis(input: Omit<DiagnosisInput, 'clientId'>): Promise<Diagnosis>;
  changeDiagnosis(diagnosisId: string, change: DiagnosisChange): Promise<void>;
  savePlanDraft(content: TreatmentPlanContent): Promise<TreatmentPlan>;
  /** Saves the content first, so what is signed is what is on screen. */
  signPlan(content: TreatmentPlanContent): Promise<TreatmentPlan>;
  discardPlanDraft(): Promise<void>;
  reset(): void;
}

export type ClinicalStore = ClinicalState & ClinicalActions;

export function createClinicalStore(api: VaultApi) {
  return createStore<ClinicalStore>()((set, get) => {
    const { requireClientId, setFor, open } = clientScope(get, set, getEmptyClinicalState);
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

      async addDiagnosis(input) {
        const clientId = requireClientId();
        const diagnosis = await api.invoke('diagnoses.add', { diagnosis: { ...input, clientId } });
        await reloadDiagnoses(clientId);
        return diagnosis;
      },

      async changeDiagnosis(diagnosisId, change) {
        const clientId = requireClientId();
        await api.invoke('diagnoses.change', { id: diagnosisId, change });
        await reloadDiagnoses(clientId);
      },

      async savePlanDraft(content) {
        const clientId = requireClientId();
        const draft = await api.invoke('treatmentPlans.saveDraft', { clientId, content });
        await reloadPlans(clientId);
        return draft;
      },

      async signPlan(content) {
        const clientId = requireClientId();
        const draft = await api.invoke('treatmentPlans.saveDraft', { clientId, content });
        const signed = await api.invoke('treatmentPlans.sign', { planId: draft.id });
        await reloadPlans(clientId);
        return signed;
      },

      async discardPlanDraft() {
        const clientId = requireClientId();
        const draft = get().plans?.draft;
        if (draft) await api.invoke('treatmentPlans.discardDraft', { planId: draft.id });
        await reloadPlans(clientId);
      },

      reset() {
        set(getEmptyClinicalState());
      },
    };
  });
}

// Selectors

/** True when the plan in force has reached its review date on `today` (YYYY-MM-DD). */
export function isReviewDue(plan: TreatmentPlan | null | undefined, today: string): boolean {
  return Boolean(plan?.reviewDate && plan.reviewDate <= today);
}
