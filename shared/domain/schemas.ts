/*
 * Input schemas shared by the vault services and the IPC contract, so a
 * request is validated by the same rules wherever it enters.
 */
import { z } from 'zod';
import { TEMPLATE_IDS } from '../templates';
import { interventionNameSchema, noteStructureInputSchema } from '../clinical/noteStructure';
import { clockTimeSchema, isoDateSchema, rowIdSchema } from './primitives';

export { clockTimeSchema, isoDateSchema, rowIdSchema };

const isoDate = isoDateSchema;
const clockTime = clockTimeSchema;
const shortText = z.string().max(200);
export const longTextSchema = z.string().max(100_000);
const longText = longTextSchema;

export const clientInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  preferredName: shortText.optional(),
  /** The family name, or whatever the list should sort this client by; the last word of the name when absent. */
  sortAs: shortText.optional(),
  dateOfBirth: isoDate.optional(),
  chartNumber: z.string().max(64).optional(),
  phone: z.string().max(64).optional(),
  email: z.string().max(200).optional(),
});
export type ClientInput = z.infer<typeof clientInputSchema>;

export const MODALITIES = ['in-person', 'video', 'phone'] as const;
export type Modality = (typeof MODALITIES)[number];

export const SESSION_STATUSES = ['scheduled', 'attended', 'no-show', 'late-cancel', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const sessionInputSchema = z
  .strictObject({
    clientId: rowIdSchema,
    date: isoDate,
    startTime: clockTime,
    endTime: clockTime,
    modality: z.enum(MODALITIES),
    location: shortText.optional(),
    /** Left out: 'scheduled' for a new session, unchanged for an edited one. */
    status: z.enum(SESSION_STATUSES).optional(),
  })
  .refine((value) => value.endTime > value.startTime, {
    message: 'end time must be after start time',
    path: ['endTime'],
  });
export type SessionInput = z.infer<typeof sessionInputSchema>;

/** Minutes since midnight of an HH:MM time. */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** ISO weekday numbers: 1 is Monday, 7 is Sunday. */
export const weekdaySchema = z.number().int().min(1).max(7);

export const standingAppointmentInputSchema = z
  .strictObject({
    clientId: rowIdSchema,
    weekdays: z
      .array(weekdaySchema)
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'a weekday is repeated'),
    startTime: clockTime,
    durationMinutes: z.number().int().min(5).max(480),
    modality: z.enum(MODALITIES),
    location: shortText.optional(),
    startDate: isoDate,
    /** The last day it applies; absent while it goes on. */
    endDate: isoDate.optional(),
  })
  .refine((value) => minutesOf(value.startTime) + value.durationMinutes < 24 * 60, {
    message: 'the session must end before midnight',
    path: ['durationMinutes'],
  })
  .refine((value) => value.endDate === undefined || value.endDate >= value.startDate, {
    message: 'the end date is before the start date',
    path: ['endDate'],
  });
export type StandingAppointmentInput = z.infer<typeof standingAppointmentInputSchema>;

export const templateIdSchema = z.enum(TEMPLATE_IDS);

export const noteFieldsSchema = z
  .record(z.string().regex(/^[a-z]{1,32}$/), longText)
  .refine((fields) => Object.keys(fields).length <= 16, 'too many fields');

/** A record's `storedVersion` as read: the stamp of the version an editor's text is based on. */
export const storedVersionSchema = z.string().regex(/^[0-9a-f]{48}$/, 'not a stored version');

export const progressDraftSchema = z.strictObject({
  sessionId: rowIdSchema,
  templateId: templateIdSchema,
  /** A custom template (note_templates): the note keeps a copy of it; `templateId` is then the one it was made from. */
  customTemplateId: rowIdSchema.optional(),
  fields: noteFieldsSchema,
  /** The structured parts; absent leaves a draft's stored parts as they are. */
  structure: noteStructureInputSchema.optional(),
  /**
   * The note's `storedVersion` the editor showed; null when it showed no note,
   * or one without a stamp (written before format 12 and never synced).
   * Absent only in saves from main itself; the IPC channel requires it.
   */
  basedOn: storedVersionSchema.nullable().optional(),
});
export type ProgressDraftInput = z.infer<typeof progressDraftSchema>;

export const addendumInputSchema = z.strictObject({
  noteId: rowIdSchema,
  text: z.string().trim().min(1).max(100_000),
  author: z.string().trim().min(1).max(200),
});
export type AddendumInput = z.infer<typeof addendumInputSchema>;

export const psychotherapyNoteInputSchema = z.strictObject({
  sessionId: rowIdSchema,
  text: longText,
});
export type PsychotherapyNoteInput = z.infer<typeof psychotherapyNoteInputSchema>;

/** A note captured while the psychotherapy compartment is closed: sealed at once, never read back until it opens. */
export const sealedNoteInputSchema = z.strictObject({
  sessionId: rowIdSchema,
  text: longText.refine((text) => text.trim().length > 0, 'the note is empty'),
});
export type SealedNoteInput = z.infer<typeof sealedNoteInputSchema>;

/** Passphrases are bounded so a hostile caller cannot feed Argon2id megabytes. */
export const passphraseSchema = z.string().min(1).max(1024);
export const newPassphraseSchema = z.string().min(12, 'use at least 12 characters').max(1024);

/**
 * The NPI's check digit: Luhn over the ten digits with the card-issuer prefix
 * 80840 in front, as CMS specifies, so a mistyped digit is caught on entry.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A National Provider Identifier: ten digits with a valid check digit, or empty. */
const npiText = z.string().refine((value) => value === '' || isValidNpi(value), 'expected a 10-digit NPI');
/** An employer identification number, 12-3456789, or empty: a therapist's own SSN does not belong on records. */
const taxIdText = z.string().regex(/^(\d{2}-\d{7})?$/, 'expected an EIN, 12-3456789');

/**
 * Practice details printed on exports, and the lock timings the therapist
 * chose. `licence` keeps the spelling it was first stored under: it is a key
 * in encrypted payloads of existing vaults, never shown.
 */
export const settingsSchema = z.strictObject({
  clinicianName: shortText,
  credentials: shortText,
  licence: shortText,
  npi: npiText,
  taxId: taxIdText,
  practiceName: shortText,
  address: z.string().max(500),
  phone: z.string().max(64),
  email: z.string().max(200),
  vaultIdleMinutes: z.number().int().min(1).max(60),
  psychotherapyIdleMinutes: z.number().int().min(1).max(60),
  contentProtection: z.boolean(),
  /** A draft unsigned this many hours after its session shows as overdue on Today. */
  draftOverdueHours: z.number().int().min(1).max(24 * 30),
  /** The clinician's own interventions, offered in every note's checklist after the built-in ones. */
  interventions: z
    .array(interventionNameSchema)
    .max(40)
    .refine((names) => new Set(names).size === names.length, 'an intervention is listed twice'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  clinicianName: '',
  credentials: '',
  licence: '',
  npi: '',
  taxId: '',
  practiceName: '',
  address: '',
  phone: '',
  email: '',
  vaultIdleMinutes: 10,
  psychotherapyIdleMinutes: 3,
  contentProtection: false,
  draftOverdueHours: 72,
  interventions: [],
};

/*
 * The clinical record: diagnoses and treatment plans. A diagnosis names only
 * its code; the description is taken from the shipped ICD-10-CM catalog in
 * main, so what the window sends cannot put words under a code.
 */
export const DIAGNOSIS_RANKS = ['primary', 'secondary'] as const;
export type DiagnosisRank = (typeof DIAGNOSIS_RANKS)[number];
export const DIAGNOSIS_STATUSES = ['active', 'resolved'] as const;
export type DiagnosisStatus = (typeof DIAGNOSIS_STATUSES)[number];

export const icd10CodeSchema = z.string().trim().min(3).max(10).regex(/^[A-Za-z][0-9][0-9A-Za-z.]{1,6}$/, 'expected an ICD-10-CM code');

const diagnosisStateSchema = {
  rank: z.enum(DIAGNOSIS_RANKS),
  onsetDate: isoDate.optional(),
  status: z.enum(DIAGNOSIS_STATUSES),
};

export const diagnosisInputSchema = z.strictObject({
  clientId: rowIdSchema,
  code: icd10CodeSchema,
  ...diagnosisStateSchema,
});
export type DiagnosisInput = z.infer<typeof diagnosisInputSchema>;

/** A change to a diagnosis: a new version; the code itself never changes (a different code is a new diagnosis). */
export const diagnosisChangeSchema = z.strictObject(diagnosisStateSchema);
export type DiagnosisChange = z.infer<typeof diagnosisChangeSchema>;

const planText = z.string().max(2000);
const planList = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);

export const objectiveSchema = z.strictObject({
  statement: planText,
  /** Optional while a draft; signing needs every objective dated. */
  targetDate: isoDate.optional(),
});
export const goalSchema = z.strictObject({ statement: planText, objectives: planList(objectiveSchema, 10) });
export const problemSchema = z.strictObject({
  statement: planText,
  /** Diagnoses of the same client (the diagnosis id, which stays across its versions). */
  diagnosisIds: planList(rowIdSchema, 10),
  goals: planList(goalSchema, 10),
});
export const interventionSchema = z.strictObject({
  description: planText,
  frequency: shortText,
  modality: shortText,
});

export const treatmentPlanContentSchema = z.strictObject({
  problems: planList(problemSchema, 20),
  interventions: planList(interventionSchema, 30),
  /** When the plan is next reviewed; signing sets it 90 days on when left empty. */
  reviewDate: isoDate.optional(),
});
export type TreatmentPlanContent = z.infer<typeof treatmentPlanContentSchema>;

export const treatmentPlanDraftSchema = z.strictObject({
  clientId: rowIdSchema,
  content: treatmentPlanContentSchema,
  /** The draft's `storedVersion` the editor opened; null when it opened no draft. Absent only in saves from main itself. */
  basedOn: storedVersionSchema.nullable().optional(),
});
export type TreatmentPlanDraftInput = z.infer<typeof treatmentPlanDraftSchema>;
