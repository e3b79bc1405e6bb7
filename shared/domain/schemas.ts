/*
 * Input schemas shared by the vault services and the IPC contract, so a
 * request is validated by the same rules wherever it enters.
 */
import { z } from 'zod';
import { TEMPLATE_IDS } from '../templates';

/** Date.parse rolls 2026-02-30 over to March, so the parts are compared after the round trip. */
function isCalendarDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const isoDate = isoDateSchema;
const clockTime = clockTimeSchema;
const shortText = z.string().max(200);
export const longTextSchema = z.string().max(100_000);
const longText = longTextSchema;

export const rowIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'expected a row id');

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

export const progressDraftSchema = z.strictObject({
  sessionId: rowIdSchema,
  templateId: templateIdSchema,
  fields: noteFieldsSchema,
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

/** Passphrases are bounded so a hostile caller cannot feed Argon2id megabytes. */
export const passphraseSchema = z.string().min(1).max(1024);
export const newPassphraseSchema = z.string().min(12, 'use at least 12 characters').max(1024);

/** Practice details printed on exports, and the lock timings the therapist chose. */
export const settingsSchema = z.strictObject({
  clinicianName: shortText,
  credentials: shortText,
  licence: shortText,
  practiceName: shortText,
  address: z.string().max(500),
  phone: z.string().max(64),
  email: z.string().max(200),
  vaultIdleMinutes: z.number().int().min(1).max(60),
  psychotherapyIdleMinutes: z.number().int().min(1).max(60),
  contentProtection: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  clinicianName: '',
  credentials: '',
  licence: '',
  practiceName: '',
  address: '',
  phone: '',
  email: '',
  vaultIdleMinutes: 10,
  psychotherapyIdleMinutes: 3,
  contentProtection: false,
};
