/*
 * Search over the vault as the window asks it and sees it: bounded query
 * text and filters in, record ids and highlighted snippets out. Snippets are
 * plain text parts flagged for highlighting, never markup.
 */
import { z } from 'zod';
import type { TemplateId } from '../templates';
import type { NoteStatus } from './records';
import { isoDateSchema, rowIdSchema, templateIdSchema } from './schemas';

/** Longer than anyone types into a search box; the bound keeps a hostile request small. */
export const MAX_SEARCH_TEXT = 200;
export const MAX_SEARCH_RESULTS = 50;

export const searchRequestSchema = z.strictObject({
  text: z.string().max(MAX_SEARCH_TEXT),
  filters: z
    .strictObject({
      clientId: rowIdSchema.optional(),
      from: isoDateSchema.optional(),
      to: isoDateSchema.optional(),
      template: templateIdSchema.optional(),
      status: z.enum(['draft', 'signed']).optional(),
      /** Psychotherapy notes are searched only when asked and only while that compartment is open. */
      includePsychotherapy: z.boolean().optional(),
    })
    .optional(),
  limit: z.number().int().min(1).max(MAX_SEARCH_RESULTS).optional(),
});
export type SearchRequest = z.infer<typeof searchRequestSchema>;
export type SearchFilterInput = NonNullable<SearchRequest['filters']>;

export const SEARCH_RESULT_KINDS = [
  'client',
  'session',
  'progressNote',
  'addendum',
  'diagnosis',
  'treatmentPlan',
  'measure',
  'psychotherapyNote',
] as const;
export type SearchResultKind = (typeof SEARCH_RESULT_KINDS)[number];

export interface SearchSnippetPart {
  text: string;
  highlight: boolean;
}

export interface SearchResult {
  kind: SearchResultKind;
  id: string;
  clientId: string;
  sessionId?: string;
  /** The session's date for notes and addenda, the record's own date otherwise. */
  date: string;
  template?: TemplateId;
  status?: NoteStatus;
  /**
   * The field the snippet is cut from: a template field id, 'text' for addenda and psychotherapy notes,
   * 'code' or 'description' for diagnoses, 'problems', 'goals', 'objectives' or 'interventions' for plans,
   * 'instrument' or 'result' for measures.
   */
  field: string;
  snippet: SearchSnippetPart[];
  /** A psychotherapy note: shown apart and marked, never part of the clinical record. */
  psychotherapy: boolean;
}

export interface SearchReply {
  results: SearchResult[];
  /** The index is still being built after unlock: results so far may miss older records. */
  building: boolean;
  /** Psychotherapy notes were searched (asked for, and the compartment is open). */
  psychotherapyIncluded: boolean;
}
