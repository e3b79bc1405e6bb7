/*
 * What an export of progress notes covers and what it reports back. Declared
 * here, below both the IPC contract and main/export, so the exporter needs no
 * part of the contract.
 */
import { z } from 'zod';
import { isoDateSchema, rowIdSchema } from './schemas';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const exportScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('note'), noteId: rowIdSchema }),
  z.strictObject({ kind: z.literal('range'), clientId: rowIdSchema, from: isoDate, to: isoDate }),
  z.strictObject({ kind: z.literal('record'), clientId: rowIdSchema }),
]);
export type ExportScope = z.infer<typeof exportScopeSchema>;

const requiredText = (max: number) => z.string().trim().min(1).max(max);

/** The order, subpoena or statute behind a disclosure required by law (164.512(a), (e), (f)). */
export const legalOrderSchema = z.strictObject({
  /** What it is: "Court order", "Subpoena with satisfactory assurances", "Mandated report under state law". */
  kind: requiredText(200),
  /** The court, agency or law that issued or requires it. */
  issuedBy: requiredText(300),
  /** Case or docket number, or the statute's citation. */
  reference: requiredText(200),
  date: isoDateSchema,
});
export type LegalOrder = z.infer<typeof legalOrderSchema>;

export const TPO_USES = ['treatment', 'payment', 'operations'] as const;

/** The bases that need no authorization. */
const BASES_WITHOUT_AUTHORIZATION = [
  /** The client's own request for their record (164.524). */
  z.strictObject({ kind: z.literal('client-request') }),
  /** Treatment, payment or health care operations (164.506). */
  z.strictObject({ kind: z.literal('treatment-payment-operations'), use: z.enum(TPO_USES) }),
  z.strictObject({ kind: z.literal('required-by-law'), order: legalOrderSchema }),
  /** To prevent or lessen a serious and imminent threat to health or safety (164.512(j)). */
  z.strictObject({ kind: z.literal('serious-threat'), explanation: requiredText(1000) }),
] as const;

/**
 * Why a disclosure is lawful, named by the therapist for every export: a
 * valid authorization, or one of the bases that need none.
 */
export const exportBasisSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('authorization'), authorizationId: rowIdSchema }),
  ...BASES_WITHOUT_AUTHORIZATION,
]);
export type ExportBasis = z.infer<typeof exportBasisSchema>;
export type ExportBasisKind = ExportBasis['kind'];

/**
 * The basis as it stood when the file was made, kept in the disclosure
 * record: for an authorization, the elements a reader of the accounting
 * needs even after the authorization is revoked.
 */
export const releaseBasisSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('authorization'),
    authorizationId: rowIdSchema,
    signedOn: isoDateSchema,
    signedBy: requiredText(800),
    expires: requiredText(600),
    recipient: requiredText(300),
    purpose: requiredText(500),
  }),
  ...BASES_WITHOUT_AUTHORIZATION,
]);
export type ReleaseBasis = z.infer<typeof releaseBasisSchema>;

export const exportRequestSchema = z.strictObject({
  scope: exportScopeSchema,
  basis: exportBasisSchema,
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
