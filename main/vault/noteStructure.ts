/*
 * The structured parts of a progress note, as main stores them: diagnoses
 * and treatment-plan objectives arrive by reference and their words are
 * copied from the client's record here, so the window cannot put words under
 * a code or an objective. The signing rule for risk lives here too.
 */
import type { NoteStructure, NoteStructureInput, ObjectiveProgressEntry } from '../../shared/clinical/noteStructure';
import { isSafetyPlanFilled, needsSafetyPlan } from '../../shared/clinical/noteStructure';
import { minutesBetween } from '../../shared/clinical/serviceCodes';
import type { TreatmentPlan } from '../../shared/domain/records';
import { VaultError } from '../../shared/errors';
import type { VaultContext } from './context';
import { listDiagnosesForClient } from './diagnoses';
import { getTreatmentPlanRecord } from './treatmentPlans';

function sameObjective(a: ObjectiveProgressEntry, b: NoteStructureInput['objectives'][number]): boolean {
  return a.planId === b.planId && a.problem === b.problem && a.goal === b.goal && a.objective === b.objective;
}

function objectiveStatement(plan: TreatmentPlan, ref: NoteStructureInput['objectives'][number]): string | undefined {
  return plan.content.problems[ref.problem]?.goals[ref.goal]?.objectives[ref.objective]?.statement;
}

/**
 * Diagnoses must be the client's active ones and objectives those of the
 * signed plan in force; what the draft already holds stays valid, so a
 * diagnosis resolved or a plan revised since does not block saving it again.
 */
export function buildNoteStructure(
  ctx: VaultContext,
  clientId: string,
  input: NoteStructureInput,
  previous: NoteStructure | undefined,
): NoteStructure {
  if (new Set(input.diagnosisIds).size !== input.diagnosisIds.length) {
    throw new VaultError('INVALID_INPUT', 'A diagnosis is addressed twice');
  }
  const active = new Map(
    listDiagnosesForClient(ctx, clientId)
      .filter((diagnosis) => diagnosis.status === 'active')
      .map((diagnosis) => [diagnosis.id, diagnosis]),
  );
  const diagnoses = input.diagnosisIds.map((id) => {
    const kept = previous?.diagnoses.find((diagnosis) => diagnosis.id === id);
    if (kept) return kept;
    const diagnosis = active.get(id);
    if (!diagnosis) throw new VaultError('INVALID_INPUT', "A diagnosis addressed is not one of the client's active diagnoses");
    return { id, code: diagnosis.code, description: diagnosis.description };
  });

  const current = input.objectives.length > 0 ? getTreatmentPlanRecord(ctx, clientId).current : null;
  const objectives = input.objectives.map((entry): ObjectiveProgressEntry => {
    const kept = previous?.objectives.find((old) => sameObjective(old, entry));
    const statement =
      kept?.statement ?? (current && current.id === entry.planId ? objectiveStatement(current, entry) : undefined);
    if (statement === undefined) {
      throw new VaultError('INVALID_INPUT', "An objective is not one of the client's treatment plan in force");
    }
    return { ...entry, statement };
  });

  const { service } = input;
  return {
    ...(service ? { service: { ...service, minutes: minutesBetween(service.start, service.end) ?? 0 } } : {}),
    attendees: input.attendees.map((name) => name.trim()).filter((name) => name !== ''),
    diagnoses,
    ...(input.mentalStatus ? { mentalStatus: input.mentalStatus } : {}),
    ...(input.risk ? { risk: input.risk } : {}),
    interventions: input.interventions,
    objectives,
  };
}

/** Active ideation with intent is signed only with the safety plan reviewed and written down. */
export function checkRiskBeforeSigning(structure: NoteStructure | undefined): void {
  const risk = structure?.risk;
  if (risk && needsSafetyPlan(risk) && !isSafetyPlanFilled(risk)) {
    throw new VaultError(
      'SAFETY_PLAN_REQUIRED',
      'This note records active ideation with intent: review the safety plan and describe it before signing',
    );
  }
}
