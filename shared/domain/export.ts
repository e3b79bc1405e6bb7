/*
 * What an export of progress notes covers and what it reports back. Declared
 * here, below both the IPC contract and main/export, so the exporter needs no
 * part of the contract.
 */
import { z } from 'zod';
import { rowIdSchema } from './schemas';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const exportScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('note'), noteId: rowIdSchema }),
  z.strictObject({ kind: z.literal('range'), clientId: rowIdSchema, from: isoDate, to: isoDate }),
  z.strictObject({ kind: z.literal('record'), clientId: rowIdSchema }),
]);
export type ExportScope = z.infer<typeof exportScopeSchema>;

export const exportRequestSchema = z.strictObject({
  scope: exportScopeSchema,
  includeDrafts: z.boolean(),
  recipient: z.string().trim().min(1).max(200),
  purpose: z.string().trim().min(1).max(500),
  /** Adds the signed treatment plan in force after the diagnoses; the diagnoses are always printed. */
  includeTreatmentPlan: z.boolean().optional(),
  /** Optional PDF password; the PDF library encrypts the file with it. */
  pdfPassword: z.string().min(1).max(256).optional(),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export interface ExportOutcome {
  /** False when the therapist cancelled the save dialog or the export. */
  saved: boolean;
  exportId: string;
  noteCount: number;
  pageCount: number;
}
