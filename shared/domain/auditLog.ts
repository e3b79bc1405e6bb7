/*
 * The audit log as the therapist reads it: its entries (codes, counts and
 * random row ids, never client content) and whether its MAC chain held when
 * it was opened.
 */
import { z } from 'zod';
import type { AuditEntry } from './records';
import { AUDIT_EVENTS } from './records';
import { isoDateSchema, rowIdSchema } from './schemas';

export const auditLogQuerySchema = z.strictObject({
  /** Omitted: every entry. With a client, the entries that name one of that client's rows. */
  clientId: rowIdSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  events: z.array(z.enum(AUDIT_EVENTS)).max(AUDIT_EVENTS.length).optional(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

/** The chain checked from its first entry: intact, or broken first at entry `brokenAt` (its sequence number). */
export type AuditVerification = { intact: true; entries: number } | { intact: false; entries: number; brokenAt: number };

/**
 * How an entry links to the one before it in its own computer's chain:
 * 'verified' it links; 'broken' it does not; 'gap' the entry before it has
 * not been received (or was written before this computer joined).
 */
export const AUDIT_LINK_STATES = ['verified', 'broken', 'gap'] as const;
export type AuditLinkState = (typeof AUDIT_LINK_STATES)[number];

export const AUDIT_LINK_LABELS: Readonly<Record<AuditLinkState, string>> = {
  verified: 'Verified',
  broken: 'Broken',
  gap: 'Gap',
};

/** The computer that wrote an entry, by its random id and the name it gave itself (empty when it never named itself). */
export interface AuditComputer {
  id: string;
  name: string;
  thisComputer: boolean;
  link: AuditLinkState;
}

export interface AuditLogEntry extends AuditEntry {
  /** False from the first break on (or, merged, unless its link is verified): the entry is shown, but no chain vouches for it. */
  verified: boolean;
  /** Set only in a merged log: an entry's sequence number counts within its computer's chain. */
  computer?: AuditComputer;
}

export interface AuditLogView {
  /** This computer's own chain. */
  verification: AuditVerification;
  /** Newest first, after the filters. An entry whose ciphertext does not open is left out; the break names it. */
  entries: AuditLogEntry[];
  /** True when sync knows more than one computer: the entries are then every computer's, merged by time, each naming its computer. */
  merged: boolean;
  /** In a merged log, the entries that do not open: counted, never shown (this computer's also show as the break). */
  unreadable: number;
}

export const AUDIT_EVENT_LABELS: Readonly<Record<(typeof AUDIT_EVENTS)[number], string>> = {
  'vault.created': 'Vault created',
  'vault.unlocked': 'Vault unlocked',
  'vault.locked': 'Vault locked',
  'psychotherapy.opened': 'Psychotherapy notes opened',
  'psychotherapy.closed': 'Psychotherapy notes closed',
  'psychotherapy.captured': 'Psychotherapy note captured sealed',
  'captureKeys.created': 'Capture keys created',
  'progressNote.signed': 'Progress note signed',
  'session.updated': 'Session changed',
  'session.deleted': 'Session deleted',
  'treatmentPlan.signed': 'Treatment plan signed',
  'measure.recorded': 'Measure recorded',
  'measure.changed': 'Measure corrected',
  'measure.removed': 'Measure removed',
  'export.created': 'Progress notes exported',
  'authorization.recorded': 'Authorization recorded',
  'authorization.revoked': 'Authorization revoked',
  'authorization.expiryEventRecorded': 'Authorization expiry event recorded',
  'accessRequest.recorded': 'Records request recorded',
  'accessRequest.extended': 'Records request extended',
  'accessRequest.denied': 'Records request denied',
  'accessRequest.fulfilled': 'Records request fulfilled',
  'accounting.created': 'Accounting of disclosures saved',
  'courtOrder.recorded': 'Court order recorded',
  'psychotherapy.released': 'Psychotherapy notes released',
  'passphrase.changed': 'Passphrase changed',
  'backup.created': 'Backup made',
  'backup.restored': 'Backup restored',
  'keys.rotated': 'Keys rotated',
  'recoveryKey.replaced': 'Recovery key replaced',
  'sync.conflictResolved': 'Sync conflict resolved',
};
