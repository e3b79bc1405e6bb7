import { useCallback, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { formatDate, todayIso } from '../../components/format';
import { isReviewDue } from '../../stores/clinicalStore';
import { useStores } from '../../stores/StoresContext';
import { ConflictNotices } from '../settings/ConflictNotices';
import { blankPlan } from './planContent';
import { TreatmentPlanEditor } from './TreatmentPlanEditor';
import { TreatmentPlanView } from './TreatmentPlanView';

/** The plan in force (read only), its draft or revision being written, and the revisions it superseded. */
export function TreatmentPlanSection() {
  const { clinical } = useStores();
  const plans = useStore(clinical, (state) => state.plans);
  const diagnoses = useStore(clinical, (state) => state.diagnoses);
  const conflicts = useStore(clinical, (state) => state.planConflicts);
  const [editing, setEditing] = useState(false);
  const sectionRef = useRef<HTMLElement>(null);
  const focusAfter = useCallback(() => sectionRef.current?.querySelector<HTMLElement>('.section-header button') ?? null, []);
  if (!plans) return null;
  const { current, draft, history } = plans;
  const due = isReviewDue(current, todayIso());
  const earlier = history.filter((plan) => plan.id !== current?.id);
  const activeDiagnosisIds = diagnoses.filter((diagnosis) => diagnosis.status === 'active').map((diagnosis) => diagnosis.id);
  const startLabel = draft ? 'Continue draft' : current ? 'Revise plan' : 'Write plan';

  return (
    <section className="section" aria-labelledby="plan-heading" ref={sectionRef}>
      <div className="section-header">
        <h2 id="plan-heading">
          Treatment plan
          {due && current?.reviewDate ? <span className="badge badge-draft heading-badge">Review due {formatDate(current.reviewDate)}</span> : null}
          {draft && !editing ? <span className="badge badge-draft heading-badge">Draft</span> : null}
        </h2>
        {!editing ? (
          <button type="button" className="button button-primary" onClick={() => setEditing(true)}>
            {startLabel}
          </button>
        ) : null}
      </div>
      {editing ? null : (
        <ConflictNotices conflicts={conflicts} record="This treatment plan" beforeReview={async () => undefined} focusAfter={focusAfter} />
      )}
      {editing ? (
        <TreatmentPlanEditor
          initial={draft?.content ?? current?.content ?? blankPlan(activeDiagnosisIds)}
          initialVersion={draft?.storedVersion ?? null}
          diagnoses={diagnoses}
          revising={Boolean(current)}
          hasDraft={Boolean(draft)}
          onClose={() => setEditing(false)}
        />
      ) : current ? (
        <TreatmentPlanView plan={current} diagnoses={diagnoses} />
      ) : (
        <p className="empty-state">{draft ? 'A draft plan is not signed yet.' : 'No treatment plan yet.'}</p>
      )}
      {earlier.length > 0 ? (
        <details className="history">
          <summary>Earlier revisions ({earlier.length})</summary>
          {earlier.map((plan) => (
            <div key={plan.id} className="plan-superseded">
              <h3>Revision {plan.revision}, superseded</h3>
              <TreatmentPlanView plan={plan} diagnoses={diagnoses} />
            </div>
          ))}
        </details>
      ) : null}
    </section>
  );
}
