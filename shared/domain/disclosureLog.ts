/*
 * The disclosures as the therapist reads them (the disclosure log), and the
 * accounting of disclosures a client may ask for (45 CFR 164.528): which
 * disclosures it lists, over which period, and in what words. Declared here so
 * the vault's read, the accounting PDF and the screens agree.
 */
import { z } from 'zod';
import { addDays } from './calendar';
import type { ExportBasisKind } from './export';
import type { DisclosureBasis } from './release';
import { isoDateSchema, rowIdSchema } from './schemas';

/** One disclosure as a log row: when, to whom, why, under what basis, and how much. Never note text. */
export interface DisclosureLogEntry {
  id: string;
  clientId: string;
  /** ISO time the file was made. */
  disclosedAt: string;
  recipient: string;
  purpose: string;
  /** Absent in records written before the basis was asked for. */
  basis?: DisclosureBasis;
  /** "Progress notes, whole record (12 notes)": the brief description of what was disclosed. */
  description: string;
  noteCount: number;
  pageCount: number;
}

export const disclosureLogQuerySchema = z.strictObject({
  /** Omitted: every client. */
  clientId: rowIdSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  /** Omitted: every basis. */
  basisKinds: z.array(z.enum(['authorization', 'client-request', 'treatment-payment-operations', 'required-by-law', 'serious-threat', 'court-order', 'unrecorded'])).max(7).optional(),
});
export type DisclosureLogQuery = z.infer<typeof disclosureLogQuerySchema>;
export type DisclosureBasisFilter = ExportBasisKind | 'court-order' | 'unrecorded';

export const BASIS_KIND_LABELS: Readonly<Record<DisclosureBasisFilter, string>> = {
  authorization: 'Authorization',
  'client-request': "Client's own request",
  'treatment-payment-operations': 'Treatment, payment or operations',
  'required-by-law': 'Required by law',
  'serious-threat': 'Serious and imminent threat',
  'court-order': 'Court order for psychotherapy notes',
  unrecorded: 'Basis not recorded',
};

/** 164.528(a)(1): an accounting covers up to six years before the day it is asked for. */
export const ACCOUNTING_YEARS = 6;

/**
 * Disclosures an accounting leaves out, by basis, each with the paragraph of
 * 164.528(a)(1) that excludes it. Every other basis, and a disclosure whose
 * basis was never recorded, is listed: an accounting that says too much is
 * corrected more easily than one that hides a disclosure.
 */
export const ACCOUNTING_EXCLUSIONS: Readonly<Partial<Record<DisclosureBasisFilter, string>>> = {
  'treatment-payment-operations': 'to carry out treatment, payment or health care operations (164.528(a)(1)(i))',
  'client-request': 'to the client themself (164.528(a)(1)(ii))',
  authorization: "under the client's own authorization (164.528(a)(1)(iv))",
};

export function basisFilterOf(entry: Pick<DisclosureLogEntry, 'basis'>): DisclosureBasisFilter {
  return entry.basis?.kind ?? 'unrecorded';
}

/** The first day an accounting asked for on `requestedOn` covers. */
export function accountingStart(requestedOn: string): string {
  const [year, month, day] = requestedOn.split('-').map(Number) as [number, number, number];
  const start = `${String(year - ACCOUNTING_YEARS).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // 29 February six years back may not exist: the period then starts on 1 March.
  return month === 2 && day === 29 ? addDays(start.replace(/-29$/, '-28'), 1) : start;
}

export interface AccountingEntry {
  disclosedOn: string;
  recipient: string;
  description: string;
  /** The purpose as recorded, with the basis in words. */
  purpose: string;
  basis: string;
}

export interface Accounting {
  clientId: string;
  requestedOn: string;
  periodStart: string;
  /** Oldest first. */
  entries: AccountingEntry[];
  /** How many disclosures of the period were left out, by the reason an accounting excludes them. */
  excluded: { reason: string; count: number }[];
}

function basisWords(basis: DisclosureBasis | undefined): string {
  if (!basis) return 'Basis not recorded';
  switch (basis.kind) {
    case 'required-by-law':
      return `Required by law: ${basis.order.kind}, ${basis.order.issuedBy}, ${basis.order.reference}, dated ${basis.order.date}`;
    case 'serious-threat':
      return `To prevent or lessen a serious and imminent threat: ${basis.explanation}`;
    case 'court-order':
      return `Court order signed by ${basis.judge}, ${basis.court}, case ${basis.caseNumber}, dated ${basis.signedOn}`;
    default:
      return BASIS_KIND_LABELS[basis.kind];
  }
}

/** The accounting of one client's disclosures on `requestedOn` (local YYYY-MM-DD), from their disclosure log. */
export function accountingOf(clientId: string, log: readonly DisclosureLogEntry[], requestedOn: string, localDay: (iso: string) => string): Accounting {
  const periodStart = accountingStart(requestedOn);
  const excluded = new Map<string, number>();
  const entries: AccountingEntry[] = [];
  for (const entry of log) {
    const disclosedOn = localDay(entry.disclosedAt);
    if (entry.clientId !== clientId || disclosedOn < periodStart || disclosedOn > requestedOn) continue;
    const exclusion = ACCOUNTING_EXCLUSIONS[basisFilterOf(entry)];
    if (exclusion !== undefined) {
      excluded.set(exclusion, (excluded.get(exclusion) ?? 0) + 1);
      continue;
    }
    entries.push({ disclosedOn, recipient: entry.recipient, description: entry.description, purpose: entry.purpose, basis: basisWords(entry.basis) });
  }
  entries.sort((a, b) => a.disclosedOn.localeCompare(b.disclosedOn));
  return { clientId, requestedOn, periodStart, entries, excluded: [...excluded].map(([reason, count]) => ({ reason, count })) };
}
