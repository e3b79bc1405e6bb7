/*
 * A treatment plan's two versions as pairs of fields, the way a note's two
 * versions are shown section by section: each problem, its diagnoses, each
 * goal and objective, each intervention, the review date. Fields are paired
 * by position (problem 2 with problem 2), as the plan editor numbers them.
 */
import type { SyncConflictPart, SyncConflictPlans } from '../../../shared/domain/sync';
import type { TreatmentPlanContent } from '../../../shared/domain/schemas';
import { formatDate } from '../../components/format';

type Problem = TreatmentPlanContent['problems'][number];
type Goal = Problem['goals'][number];
type Objective = Goal['objectives'][number];
type Intervention = TreatmentPlanContent['interventions'][number];

function pairs<T>(mine: readonly T[] | undefined, theirs: readonly T[] | undefined): [T | undefined, T | undefined][] {
  const length = Math.max(mine?.length ?? 0, theirs?.length ?? 0);
  return Array.from({ length }, (_, at) => [mine?.[at], theirs?.[at]]);
}

function objectiveText(objective: Objective | undefined): string {
  if (!objective) return '';
  return objective.targetDate ? `${objective.statement} (by ${formatDate(objective.targetDate)})` : objective.statement;
}

function interventionText(intervention: Intervention | undefined): string {
  if (!intervention) return '';
  return [intervention.description, intervention.frequency, intervention.modality].filter((text) => text.trim() !== '').join(', ');
}

function goalParts(where: string, mine: Goal | undefined, theirs: Goal | undefined): SyncConflictPart[] {
  return [
    { label: where, thisText: mine?.statement ?? '', otherText: theirs?.statement ?? '' },
    ...pairs(mine?.objectives, theirs?.objectives).map(([a, b], o) => ({
      label: `${where}, objective ${o + 1}`,
      thisText: objectiveText(a),
      otherText: objectiveText(b),
    })),
  ];
}

export function planConflictParts({ thisPlan, otherPlan, diagnoses }: SyncConflictPlans): SyncConflictPart[] {
  const diagnosesOf = (problem: Problem | undefined) =>
    (problem?.diagnosisIds ?? []).map((id) => diagnoses[id] ?? 'a diagnosis not synced yet').join('; ');
  const parts = [
    ...pairs(thisPlan?.problems, otherPlan.problems).flatMap(([mine, theirs], p) => [
      { label: `Problem ${p + 1}`, thisText: mine?.statement ?? '', otherText: theirs?.statement ?? '' },
      { label: `Problem ${p + 1}, diagnoses`, thisText: diagnosesOf(mine), otherText: diagnosesOf(theirs) },
      ...pairs(mine?.goals, theirs?.goals).flatMap(([a, b], g) => goalParts(`Problem ${p + 1}, goal ${g + 1}`, a, b)),
    ]),
    ...pairs(thisPlan?.interventions, otherPlan.interventions).map(([mine, theirs], i) => ({
      label: `Intervention ${i + 1}`,
      thisText: interventionText(mine),
      otherText: interventionText(theirs),
    })),
    {
      label: 'Review date',
      thisText: thisPlan?.reviewDate ? formatDate(thisPlan.reviewDate) : '',
      otherText: otherPlan.reviewDate ? formatDate(otherPlan.reviewDate) : '',
    },
  ];
  return parts.filter((part) => part.thisText !== '' || part.otherText !== '');
}
