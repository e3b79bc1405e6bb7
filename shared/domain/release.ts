/*
 * Releasing psychotherapy notes (45 CFR 164.508(a)(2)): the two bases that
 * can do it, a psychotherapy-note authorization or a court order signed by a
 * judge that names psychotherapy notes, and what the release request and its
 * disclosure record carry. Declared here, below the vault, main/release and
 * the IPC contract, so all three read one definition.
 */
import { z } from 'zod';
import { passphraseSchema, isoDateSchema, rowIdSchema } from './schemas';
import { releaseBasisSchema } from './export';

const requiredText = (max: number) => z.string().trim().min(1).max(max);

/**
 * Who put their name to the document. Only a judge's signature makes it a
 * court order; a subpoena signed by an attorney or issued by a court clerk is
 * not one (164.512(e)(1)(ii) asks for more, and psychotherapy notes are not
 * released under it at all).
 */
export const ORDER_SIGNERS = ['judge', 'attorney', 'clerk'] as const;
export type OrderSigner = (typeof ORDER_SIGNERS)[number];

export const ORDER_SIGNER_LABELS: Readonly<Record<OrderSigner, string>> = {
  judge: 'A judge (a court order)',
  attorney: 'An attorney (a subpoena)',
  clerk: 'A court clerk (a subpoena)',
};

export const courtOrderInputSchema = z.strictObject({
  clientId: rowIdSchema,
  court: requiredText(300),
  /** The judge's name as signed on the order; for a subpoena, whoever signed it. */
  judge: requiredText(200),
  caseNumber: requiredText(200),
  signedOn: isoDateSchema,
  signedBy: z.enum(ORDER_SIGNERS),
  /** The therapist's statement, read off the order, that it names psychotherapy notes specifically. */
  namesPsychotherapyNotes: z.boolean(),
});
export type CourtOrderInput = z.infer<typeof courtOrderInputSchema>;

export interface CourtOrder extends CourtOrderInput {
  id: string;
  createdAt: string;
}

/**
 * Why this order cannot release psychotherapy notes, or null when it can.
 * Checked when the order is recorded and again at every release, so a row
 * that reached the vault some other way (another device, an older app) is
 * held to the same rule.
 */
export function courtOrderRefusal(order: Pick<CourtOrderInput, 'signedBy' | 'namesPsychotherapyNotes'>): string | null {
  if (order.signedBy !== 'judge') {
    return 'Only a court order signed by a judge can release psychotherapy notes; a subpoena signed by an attorney or a clerk cannot';
  }
  if (!order.namesPsychotherapyNotes) {
    return 'The court order must name psychotherapy notes specifically; an order for "records" does not release them';
  }
  return null;
}

/** What the therapist names as the basis of a psychotherapy-note release. */
export const psychotherapyBasisSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('authorization'), authorizationId: rowIdSchema }),
  z.strictObject({ kind: z.literal('court-order'), courtOrderId: rowIdSchema }),
]);
export type PsychotherapyBasis = z.infer<typeof psychotherapyBasisSchema>;

/** The court order as it stood at release, kept in the disclosure record. */
export const courtOrderBasisSchema = z.strictObject({
  kind: z.literal('court-order'),
  courtOrderId: rowIdSchema,
  court: requiredText(300),
  judge: requiredText(200),
  caseNumber: requiredText(200),
  signedOn: isoDateSchema,
});
export type CourtOrderBasis = z.infer<typeof courtOrderBasisSchema>;

/** Every basis a disclosure record can name: an export's, or a court order's for psychotherapy notes. */
export const disclosureBasisSchema = z.discriminatedUnion('kind', [...releaseBasisSchema.options, courtOrderBasisSchema]);
export type DisclosureBasis = z.infer<typeof disclosureBasisSchema>;

/** The release basis as main resolved it: an authorization's elements, or the court order's. */
export type PsychotherapyReleaseBasis = Extract<DisclosureBasis, { kind: 'authorization' | 'court-order' }>;

/** At most this many notes in one release: a release is a deliberate choice, not a bulk copy. */
export const MAX_RELEASED_NOTES = 500;

export const psychotherapyReleaseRequestSchema = z.strictObject({
  clientId: rowIdSchema,
  noteIds: z.array(rowIdSchema).min(1).max(MAX_RELEASED_NOTES),
  basis: psychotherapyBasisSchema,
  recipient: requiredText(200),
  purpose: requiredText(500),
  /** Typed again at release: an open compartment alone does not send notes out. */
  passphrase: passphraseSchema,
  /** Optional PDF password; the PDF library encrypts the file with it. */
  pdfPassword: z.string().min(1).max(256).optional(),
});
export type PsychotherapyReleaseRequest = z.infer<typeof psychotherapyReleaseRequestSchema>;

export interface PsychotherapyReleaseOutcome {
  /** False when the therapist cancelled the save dialog. */
  saved: boolean;
  noteCount: number;
  pageCount: number;
}
