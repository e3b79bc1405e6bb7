/*
 * The structured parts of a progress note: service, attendees, diagnoses
 * addressed, mental status, risk, interventions and treatment-plan progress.
 * Every part is optional, so a note written before they existed (or one that
 * does not use them) is still a whole note. They live inside the note's
 * encrypted payload, next to its text fields.
 */
import { z } from 'zod';
import { clockTimeSchema, rowIdSchema } from '../domain/primitives';
import { minutesBetween, SERVICE_CODES } from './serviceCodes';

const text = (max: number) => z.string().max(max);

export const serviceSchema = z
  .strictObject({
    code: z.enum(SERVICE_CODES),
    /** When the session actually started and ended, which may differ from the schedule. */
    start: clockTimeSchema,
    end: clockTimeSchema,
    /** +90785. */
    interactiveComplexity: z.boolean(),
    /** +90840 units, with 90839 only. */
    crisisUnits: z.number().int().min(0).max(8),
  })
  .refine((service) => minutesBetween(service.start, service.end) !== null, {
    message: 'the session must end after it starts',
    path: ['end'],
  });
export type ServiceInput = z.infer<typeof serviceSchema>;

export const MSE_DOMAINS = [
  'appearance',
  'behavior',
  'speech',
  'mood',
  'affect',
  'thoughtProcess',
  'thoughtContent',
  'perception',
  'cognition',
  'insight',
  'judgment',
] as const;
export type MseDomain = (typeof MSE_DOMAINS)[number];

export const MSE_LABELS: Readonly<Record<MseDomain, string>> = {
  appearance: 'Appearance',
  behavior: 'Behavior',
  speech: 'Speech',
  mood: 'Mood',
  affect: 'Affect',
  thoughtProcess: 'Thought process',
  thoughtContent: 'Thought content',
  perception: 'Perception',
  cognition: 'Cognition',
  insight: 'Insight',
  judgment: 'Judgment',
};

export const mentalStatusSchema = z.strictObject({
  /** One click: every domain within normal limits except the ones listed in `findings`. */
  withinNormalLimits: z.boolean(),
  /** Only the deviations, domain by domain. */
  findings: z.partialRecord(z.enum(MSE_DOMAINS), text(1000)),
});
export type MentalStatus = z.infer<typeof mentalStatusSchema>;

export const IDEATION_LEVELS = ['not-assessed', 'denied', 'passive', 'active'] as const;
export type IdeationLevel = (typeof IDEATION_LEVELS)[number];

export const ideationSchema = z.strictObject({
  level: z.enum(IDEATION_LEVELS),
  plan: z.boolean(),
  intent: z.boolean(),
  means: z.boolean(),
});
export type Ideation = z.infer<typeof ideationSchema>;

export const RISK_KINDS = ['suicidal', 'homicidal', 'selfHarm'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];
export const RISK_LABELS: Readonly<Record<RiskKind, string>> = {
  suicidal: 'Suicidal ideation',
  homicidal: 'Homicidal ideation',
  selfHarm: 'Self-harm',
};

export const riskSchema = z.strictObject({
  suicidal: ideationSchema,
  homicidal: ideationSchema,
  selfHarm: ideationSchema,
  protectiveFactors: text(2000),
  safetyPlan: z.strictObject({
    reviewed: z.boolean(),
    /** What the plan says or what was changed: warning signs, coping steps, contacts, means restriction. */
    details: text(4000),
  }),
});
export type RiskAssessment = z.infer<typeof riskSchema>;

export const OBJECTIVE_PROGRESS = ['progressing', 'maintained', 'no-change', 'regressed', 'met'] as const;
export type ObjectiveProgress = (typeof OBJECTIVE_PROGRESS)[number];
export const OBJECTIVE_PROGRESS_LABELS: Readonly<Record<ObjectiveProgress, string>> = {
  progressing: 'Progressing',
  maintained: 'Maintained',
  'no-change': 'No change',
  regressed: 'Regressed',
  met: 'Met',
};

/** An objective of a signed treatment-plan revision, by its place in that plan (problem, goal, objective; 0-based). */
export const objectiveRefSchema = z.strictObject({
  planId: rowIdSchema,
  problem: z.number().int().min(0).max(19),
  goal: z.number().int().min(0).max(9),
  objective: z.number().int().min(0).max(9),
});
export type ObjectiveRef = z.infer<typeof objectiveRefSchema>;

const objectiveProgressInputSchema = objectiveRefSchema.extend({
  progress: z.enum(OBJECTIVE_PROGRESS),
  comment: text(1000),
});

/** Built-in interventions; the clinician adds their own in Settings, and any one on the spot. */
export const BUILT_IN_INTERVENTIONS = [
  'CBT',
  'DBT skills',
  'Motivational interviewing',
  'Psychoeducation',
  'EMDR',
  'Exposure',
  'Behavioral activation',
  'Mindfulness',
  'Supportive therapy',
  'Safety planning',
] as const;

export const interventionNameSchema = z.string().trim().min(1).max(60);

/** What the window sends: diagnoses and objectives by reference, so main copies their words from the record. */
export const noteStructureInputSchema = z.strictObject({
  service: serviceSchema.optional(),
  attendees: z.array(text(100)).max(12),
  diagnosisIds: z.array(rowIdSchema).max(12),
  mentalStatus: mentalStatusSchema.optional(),
  risk: riskSchema.optional(),
  interventions: z
    .array(interventionNameSchema)
    .max(30)
    .refine((names) => new Set(names).size === names.length, 'an intervention is listed twice'),
  objectives: z.array(objectiveProgressInputSchema).max(40),
});
export type NoteStructureInput = z.infer<typeof noteStructureInputSchema>;

export interface DiagnosisAddressed {
  id: string;
  code: string;
  description: string;
}

export interface ObjectiveProgressEntry extends ObjectiveRef {
  /** The objective's words in the plan when the note was saved. */
  statement: string;
  progress: ObjectiveProgress;
  comment: string;
}

/** As stored in the note's payload (see docs/VAULT_FORMAT.md, progress_notes). */
export interface NoteStructure {
  service?: ServiceInput & { minutes: number };
  attendees: string[];
  diagnoses: DiagnosisAddressed[];
  mentalStatus?: MentalStatus;
  risk?: RiskAssessment;
  interventions: string[];
  objectives: ObjectiveProgressEntry[];
}

export function emptyStructureInput(): NoteStructureInput {
  return { attendees: [], diagnosisIds: [], interventions: [], objectives: [] };
}

/** The stored parts back as what the editor sends, for a draft opened again. */
export function structureInputOf(structure: NoteStructure | undefined): NoteStructureInput {
  if (!structure) return emptyStructureInput();
  const { service, mentalStatus, risk } = structure;
  return {
    ...(service ? { service: { code: service.code, start: service.start, end: service.end, interactiveComplexity: service.interactiveComplexity, crisisUnits: service.crisisUnits } } : {}),
    attendees: [...structure.attendees],
    diagnosisIds: structure.diagnoses.map((diagnosis) => diagnosis.id),
    ...(mentalStatus ? { mentalStatus } : {}),
    ...(risk ? { risk } : {}),
    interventions: [...structure.interventions],
    objectives: structure.objectives.map(({ statement: _statement, ...entry }) => entry),
  };
}

/** Active ideation with intent, of any kind: the note cannot be signed until the safety plan is filled. */
export function needsSafetyPlan(risk: RiskAssessment | undefined): boolean {
  if (!risk) return false;
  return RISK_KINDS.some((kind) => risk[kind].level === 'active' && risk[kind].intent);
}

export function isSafetyPlanFilled(risk: RiskAssessment): boolean {
  return risk.safetyPlan.reviewed && risk.safetyPlan.details.trim() !== '';
}

export function hasStructure(structure: NoteStructure | undefined): boolean {
  if (!structure) return false;
  return (
    structure.service !== undefined ||
    structure.attendees.length > 0 ||
    structure.diagnoses.length > 0 ||
    structure.mentalStatus !== undefined ||
    structure.risk !== undefined ||
    structure.interventions.length > 0 ||
    structure.objectives.length > 0
  );
}

/** "Denied", "Passive", "Active with plan, intent and means". */
export function ideationText(ideation: Ideation): string {
  if (ideation.level === 'not-assessed') return 'Not assessed';
  if (ideation.level === 'denied') return 'Denied';
  const level = ideation.level === 'active' ? 'Active' : 'Passive';
  const parts = (['plan', 'intent', 'means'] as const).filter((part) => ideation[part]);
  if (parts.length === 0) return `${level}, no plan, intent or means`;
  const last = parts.pop()!;
  return `${level} with ${parts.length > 0 ? `${parts.join(', ')} and ${last}` : last}`;
}

/** The mental status exam in one line per deviation; WNL first when chosen. */
export function mentalStatusLines(mse: MentalStatus): string[] {
  const findings = MSE_DOMAINS.flatMap((domain) => {
    const finding = mse.findings[domain]?.trim();
    return finding ? [`${MSE_LABELS[domain]}: ${finding}`] : [];
  });
  if (mse.withinNormalLimits) {
    return findings.length > 0 ? ['Within normal limits except:', ...findings] : ['Within normal limits in all domains.'];
  }
  return findings;
}
