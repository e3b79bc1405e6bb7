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

export interface AuditLogEntry extends AuditEntry {
  /** False from the first break on: the entry is shown, but the chain no longer vouches for it. */
  verified: boolean;
}

export interface AuditLogView {
  verification: AuditVerification;
  /** Newest first, after the filters. An entry whose ciphertext does not open is left out; the break names it. */
  entries: AuditLogEntry[];
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
};
