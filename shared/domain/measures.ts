/*
 * Outcome measures as the vault stores and returns them: one administration
 * of PHQ-9 or GAD-7 for one session, answered item by item. Main scores it;
 * the renderer never sends a score.
 */
import { z } from 'zod';
import type { Difficulty, MeasureInstrument, SeverityBand } from '../clinical/measures';
import { DIFFICULTY_LEVELS, MAX_RESPONSE, MEASURE_INSTRUMENTS, MEASURES } from '../clinical/measures';
import { rowIdSchema } from './schemas';

/** One answer 0-3 per item; the count is checked against the instrument's items. */
export const measureResponsesSchema = z.array(z.number().int().min(0).max(MAX_RESPONSE)).min(1).max(20);

/** The answer to PHQ-9's closing question; absent when not asked or not answered. */
export const measureDifficultySchema = z.enum(DIFFICULTY_LEVELS).optional();

/** The client is named as well as the session, so a session of another client is refused rather than trusted. */
export const measureInputSchema = z
  .strictObject({
    clientId: rowIdSchema,
    sessionId: rowIdSchema,
    instrument: z.enum(MEASURE_INSTRUMENTS),
    responses: measureResponsesSchema,
    difficulty: measureDifficultySchema,
  })
  .refine((input) => input.responses.length === MEASURES[input.instrument].items.length, {
    message: 'expected one answer per item',
    path: ['responses'],
  })
  .refine((input) => input.difficulty === undefined || MEASURES[input.instrument].asksDifficulty === true, {
    message: 'this questionnaire has no difficulty question',
    path: ['difficulty'],
  });
export type MeasureInput = z.infer<typeof measureInputSchema>;

export interface OutcomeMeasure {
  id: string;
  clientId: string;
  sessionId: string;
  instrument: MeasureInstrument;
  /** One answer 0-3 per item, in the instrument's order. */
  responses: number[];
  score: number;
  band: SeverityBand;
  /** PHQ-9 item 9 above 0. */
  risk: boolean;
  /** PHQ-9's closing question, unscored; absent when not answered. */
  difficulty?: Difficulty;
  /** The session's date, kept so the chart needs no session reads. */
  date: string;
  createdAt: string;
  updatedAt: string;
}
