/*
 * The structured parts that "Start from the previous note" copies. Each
 * template names its own (`carriedParts`); the built-in templates, and a
 * custom template saved before the setting existed, carry the defaults. The
 * service (code and times) never carries: it is what happened this time, and
 * a copied one is a billing claim nobody made. Objective progress is judged
 * afresh each session, so it never carries either.
 */
import { z } from 'zod';
import type { NoteStructure, NoteStructureInput } from './noteStructure';

export const CARRIED_PARTS = ['attendees', 'diagnoses', 'interventions', 'mentalStatus', 'risk'] as const;
export type CarriedPart = (typeof CARRIED_PARTS)[number];

export const CARRIED_PART_LABELS: Readonly<Record<CarriedPart, string>> = {
  attendees: 'Attendees',
  diagnoses: 'Diagnoses addressed',
  interventions: 'Interventions',
  mentalStatus: 'Mental status',
  risk: 'Risk assessment',
};

/** What carries unless a custom template says otherwise: who comes, what is treated, how. */
export const DEFAULT_CARRIED_PARTS: readonly CarriedPart[] = ['attendees', 'diagnoses', 'interventions'];

export const carriedPartsSchema = z
  .array(z.enum(CARRIED_PARTS))
  .max(CARRIED_PARTS.length)
  .refine((parts) => new Set(parts).size === parts.length, 'a part is named twice');

export function carriedPartsOf(template: { carriedParts?: readonly CarriedPart[] } | undefined): readonly CarriedPart[] {
  return template?.carriedParts ?? DEFAULT_CARRIED_PARTS;
}

/**
 * The draft's parts with the previous note's copied in: only the parts named,
 * only where the draft has none of its own, only diagnoses still active, and
 * the risk assessment with "safety plan reviewed" unticked, since reviewing
 * it is done in this session or not at all. Returns the parts it filled too.
 */
export function carryStructure(
  current: NoteStructureInput,
  previous: NoteStructure | undefined,
  parts: readonly CarriedPart[],
  activeDiagnosisIds: ReadonlySet<string>,
): { structure: NoteStructureInput; carried: CarriedPart[] } {
  const structure: NoteStructureInput = { ...current };
  const carried: CarriedPart[] = [];
  if (!previous) return { structure, carried };
  const wanted = new Set(parts);
  const diagnosisIds = previous.diagnoses.map((diagnosis) => diagnosis.id).filter((id) => activeDiagnosisIds.has(id));
  if (wanted.has('attendees') && current.attendees.length === 0 && previous.attendees.length > 0) {
    structure.attendees = [...previous.attendees];
    carried.push('attendees');
  }
  if (wanted.has('diagnoses') && current.diagnosisIds.length === 0 && diagnosisIds.length > 0) {
    structure.diagnosisIds = diagnosisIds;
    carried.push('diagnoses');
  }
  if (wanted.has('interventions') && current.interventions.length === 0 && previous.interventions.length > 0) {
    structure.interventions = [...previous.interventions];
    carried.push('interventions');
  }
  if (wanted.has('mentalStatus') && !current.mentalStatus && previous.mentalStatus) {
    structure.mentalStatus = { withinNormalLimits: previous.mentalStatus.withinNormalLimits, findings: { ...previous.mentalStatus.findings } };
    carried.push('mentalStatus');
  }
  if (wanted.has('risk') && !current.risk && previous.risk) {
    const { risk } = previous;
    structure.risk = { ...risk, safetyPlan: { ...risk.safetyPlan, reviewed: false } };
    carried.push('risk');
  }
  return { structure, carried };
}
