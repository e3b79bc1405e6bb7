/*
 * The accounting of disclosures (45 CFR 164.528): every export of a client's
 * notes, to whom, why and what it held. Rows are encrypted in the progress
 * compartment like the notes they describe.
 */
import { z } from 'zod';
import { disclosureBasisSchema } from '../../shared/domain/release';
import { rowIdSchema } from '../../shared/domain/schemas';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import { insertRow, readRows } from './rows';
import { parseInput } from './validate';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const disclosureInputSchema = z.strictObject({
  clientId: rowIdSchema,
  recipient: z.string().trim().min(1).max(200),
  purpose: z.string().trim().min(1).max(500),
  /** Why the disclosure was lawful; a psychotherapy-note release names its authorization or court order. */
  basis: disclosureBasisSchema,
  scope: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('note') }),
    z.strictObject({ kind: z.literal('range'), from: isoDate, to: isoDate }),
    z.strictObject({ kind: z.literal('record') }),
    /** Chosen psychotherapy notes, released on their own (main/release); noteIds are theirs. */
    z.strictObject({ kind: z.literal('psychotherapy-notes') }),
  ]),
  noteIds: z.array(rowIdSchema).max(100_000),
  draftCount: z.number().int().min(0),
  pageCount: z.number().int().min(0),
  passwordProtected: z.boolean(),
});
export type DisclosureInput = z.infer<typeof disclosureInputSchema>;

export interface Disclosure extends Omit<DisclosureInput, 'basis'> {
  /** Absent in records written before vault format 4, when no basis was asked for. */
  basis?: DisclosureInput['basis'];
  id: string;
  disclosedAt: string;
}

export function recordDisclosure(ctx: VaultContext, input: DisclosureInput): Disclosure {
  const fields = parseInput(disclosureInputSchema, input);
  getClient(ctx, fields.clientId);
  const disclosure: Disclosure = { ...fields, id: newId(ctx.sodium), disclosedAt: isoNow(ctx) };
  insertRow(ctx, 'disclosures', disclosure.id, disclosure.clientId, disclosure);
  return disclosure;
}

/** A client's disclosures, oldest first: the accounting a client may ask for. */
export function listDisclosuresForClient(ctx: VaultContext, clientId: string): Disclosure[] {
  getClient(ctx, clientId);
  return readRows<Disclosure>(ctx, 'disclosures', clientId).sort(
    (a, b) => a.disclosedAt.localeCompare(b.disclosedAt) || a.id.localeCompare(b.id),
  );
}
