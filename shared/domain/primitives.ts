/* The smallest schemas, which both the record schemas and the note's structured parts build on. */
import { z } from 'zod';

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
export const rowIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'expected a row id');
