// Editing a treatment plan's content: blank parts to add, and immutable
// updates at a path (problem, goal, objective) so the editor stays plain.
import type { TreatmentPlanContent } from '../../../shared/domain/schemas';

export type PlanProblem = TreatmentPlanContent['problems'][number];
export type PlanGoal = PlanProblem['goals'][number];
export type PlanObjective = PlanGoal['objectives'][number];
export type PlanIntervention = TreatmentPlanContent['interventions'][number];

export const blankObjective = (): PlanObjective => ({ statement: '' });
export const blankGoal = (): PlanGoal => ({ statement: '', objectives: [blankObjective()] });
export const blankProblem = (diagnosisIds: string[] = []): PlanProblem => ({ statement: '', diagnosisIds, goals: [blankGoal()] });
export const blankIntervention = (): PlanIntervention => ({ description: '', frequency: '', modality: '' });

export function blankPlan(diagnosisIds: string[]): TreatmentPlanContent {
  return { problems: [blankProblem(diagnosisIds)], interventions: [blankIntervention()] };
}

export function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, at) => (at === index ? item : existing));
}

export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, at) => at !== index);
}

/** What is missing before the plan can be signed, in the therapist's words; empty when it can be. */
export function missingForSignature(content: TreatmentPlanContent): string[] {
  const missing: string[] = [];
  if (content.problems.length === 0) missing.push('at least one problem');
  content.problems.forEach((problem, p) => {
    if (!problem.statement.trim()) missing.push(`problem ${p + 1}: its statement`);
    if (problem.goals.length === 0) missing.push(`problem ${p + 1}: a goal`);
    problem.goals.forEach((goal, g) => {
      if (!goal.statement.trim()) missing.push(`problem ${p + 1}, goal ${g + 1}: its statement`);
      if (goal.objectives.length === 0) missing.push(`problem ${p + 1}, goal ${g + 1}: an objective`);
      goal.objectives.forEach((objective, o) => {
        const where = `problem ${p + 1}, goal ${g + 1}, objective ${o + 1}`;
        if (!objective.statement.trim()) missing.push(`${where}: its statement`);
        if (!objective.targetDate) missing.push(`${where}: a target date`);
      });
    });
  });
  content.interventions.forEach((intervention, i) => {
    if (!intervention.description.trim()) missing.push(`intervention ${i + 1}: its description`);
  });
  return missing;
}
