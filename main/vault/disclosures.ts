/*
 * The accounting of disclosures (45 CFR 164.528): every export of a client's
 * notes, to whom, why and what it held. Rows are encrypted in the progress
 * compartment like the notes they describe.
 */
import { z } from 'zod';
import type { DisclosureLogEntry, DisclosureLogQuery } from '../../shared/domain/disclosureLog';
import { basisFilterOf, disclosureLogQuerySchema } from '../../shared/domain/disclosureLog';
import { disclosureBasisSchema } from '../../shared/domain/release';
import { rowIdSchema } from '../../shared/domain/schemas';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { isoNow, localDayOf } from './context';
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

function notes(count: number): string {
  return count === 1 ? '1 note' : `${count} notes`;
}

/** The brief description of what was disclosed (164.528(b)(2)(iii)): the scope and how many notes, never their text. */
export function describeDisclosure(disclosure: Pick<Disclosure, 'scope' | 'noteIds'>): string {
  const count = notes(disclosure.noteIds.length);
  switch (disclosure.scope.kind) {
    case 'note':
      return 'One progress note';
    case 'range':
      return `Progress notes from ${disclosure.scope.from} to ${disclosure.scope.to} (${count})`;
    case 'record':
      return `Progress notes, diagnoses and treatment plan: the whole record (${count})`;
    case 'psychotherapy-notes':
      return `Psychotherapy notes (${count})`;
  }
}

function logEntry(disclosure: Disclosure): DisclosureLogEntry {
  return {
    id: disclosure.id,
    clientId: disclosure.clientId,
    disclosedAt: disclosure.disclosedAt,
    recipient: disclosure.recipient,
    purpose: disclosure.purpose,
    ...(disclosure.basis ? { basis: disclosure.basis } : {}),
    description: describeDisclosure(disclosure),
    noteCount: disclosure.noteIds.length,
    pageCount: disclosure.pageCount,
  };
}

/** The disclosure log, newest first: one client's or everyone's, within the dates and bases asked for. */
export function listDisclosureLog(ctx: VaultContext, query: DisclosureLogQuery): DisclosureLogEntry[] {
  const { clientId, from, to, basisKinds } = parseInput(disclosureLogQuerySchema, query);
  if (clientId !== undefined) getClient(ctx, clientId);
  return readRows<Disclosure>(ctx, 'disclosures', clientId)
    .map(logEntry)
    .filter((entry) => {
      const day = localDayOf(entry.disclosedAt);
      if (from !== undefined && day < from) return false;
      if (to !== undefined && day > to) return false;
      return basisKinds === undefined || basisKinds.includes(basisFilterOf(entry));
    })
    .sort((a, b) => b.disclosedAt.localeCompare(a.disclosedAt) || b.id.localeCompare(a.id));
}
