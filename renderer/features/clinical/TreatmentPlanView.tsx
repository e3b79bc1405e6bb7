import type { Diagnosis, TreatmentPlan } from '../../../shared/domain/records';
import { formatDate, formatDateTime } from '../../components/format';

/** A signed plan, read only: problems with their diagnoses, goals and objectives, then interventions. */
export function TreatmentPlanView({ plan, diagnoses }: { plan: TreatmentPlan; diagnoses: Diagnosis[] }) {
  const codeOf = (id: string) => diagnoses.find((diagnosis) => diagnosis.id === id);
  return (
    <div className="plan">
      <ol className="plan-problems">
        {plan.content.problems.map((problem, p) => (
          <li key={p}>
            <h4>Problem {p + 1}: {problem.statement}</h4>
            {problem.diagnosisIds.length > 0 ? (
              <p className="plan-diagnoses">
                Diagnoses:{' '}
                {problem.diagnosisIds
                  .map((id) => codeOf(id))
                  .map((diagnosis) => (diagnosis ? `${diagnosis.code} ${diagnosis.description}` : 'removed diagnosis'))
                  .join('; ')}
              </p>
            ) : null}
            <ol className="plan-goals">
              {problem.goals.map((goal, g) => (
                <li key={g}>
                  <span className="plan-label">Goal {g + 1}:</span> {goal.statement}
                  <ul className="plan-objectives">
                    {goal.objectives.map((objective, o) => (
                      <li key={o}>
                        <span className="plan-label">Objective:</span> {objective.statement}
                        {objective.targetDate ? <span className="plan-target"> (by {formatDate(objective.targetDate)})</span> : null}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
      {plan.content.interventions.length > 0 ? (
        <>
          <h4>Interventions</h4>
          <ul className="plan-interventions">
            {plan.content.interventions.map((intervention, i) => (
              <li key={i}>
                {intervention.description}
                {intervention.frequency ? `, ${intervention.frequency}` : ''}
                {intervention.modality ? `, ${intervention.modality}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {plan.signedAt ? (
        <p className="signature">
          Signed by {plan.signedBy} on {formatDateTime(plan.signedAt)}. Revision {plan.revision}. Review by{' '}
          {plan.reviewDate ? formatDate(plan.reviewDate) : '—'}.
        </p>
      ) : null}
    </div>
  );
}
