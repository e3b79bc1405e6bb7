import type { Handlers } from '../handlerTypes';

/** Diagnoses and treatment plans: the clinical record of the progress compartment. */
export const clinicalHandlers: Handlers<
  | 'diagnoses.listForClient'
  | 'diagnoses.add'
  | 'diagnoses.change'
  | 'treatmentPlans.get'
  | 'treatmentPlans.saveDraft'
  | 'treatmentPlans.discardDraft'
  | 'treatmentPlans.sign'
  | 'treatmentPlans.dueForReview'
> = {
  'diagnoses.listForClient': ({ vault }, { clientId }) => vault.diagnoses.listForClient(clientId),
  'diagnoses.add': ({ vault }, { diagnosis }) => vault.diagnoses.add(diagnosis),
  'diagnoses.change': ({ vault }, { id, change }) => vault.diagnoses.change(id, change),

  'treatmentPlans.get': ({ vault }, { clientId }) => vault.treatmentPlans.getRecord(clientId),
  'treatmentPlans.saveDraft': ({ vault }, draft) => vault.treatmentPlans.saveDraft(draft),
  'treatmentPlans.discardDraft': ({ vault }, { planId }) => {
    vault.treatmentPlans.discardDraft(planId);
    return null;
  },
  'treatmentPlans.sign': ({ vault }, { planId }) => vault.treatmentPlans.signAsClinician(planId),
  'treatmentPlans.dueForReview': ({ vault }, { asOf }) => vault.treatmentPlans.dueForReview(asOf),
};
