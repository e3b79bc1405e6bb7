import type { PlanReviewDue } from '../../../shared/domain/records';
import { formatDate, todayIso } from '../../components/format';

/** Signed treatment plans whose review date has come; shown only when there is one. Each row opens the client's plan. */
export function PlanReviews({ plans, onOpen }: { plans: readonly PlanReviewDue[]; onOpen(plan: PlanReviewDue): void }) {
  if (plans.length === 0) return null;
  const today = todayIso();
  return (
    <section className="section" aria-labelledby="today-plan-reviews">
      <h2 id="today-plan-reviews">
        Treatment plans to review <span className="list-count">({plans.length})</span>
      </h2>
      <ol className="today-list" aria-labelledby="today-plan-reviews">
        {plans.map((plan) => (
          <li key={plan.planId}>
            <button type="button" className="today-row" onClick={() => onOpen(plan)}>
              <span className="today-when">{formatDate(plan.reviewDate)}</span>
              <span className="today-client">{plan.clientName}</span>
              <span className="today-badges">
                <span className="badge badge-muted">Revision {plan.revision}</span>
                <span className={plan.reviewDate < today ? 'badge badge-overdue' : 'badge badge-draft'}>
                  {plan.reviewDate < today ? 'Review overdue' : 'Review due today'}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
