/*
 * The audit log as the therapist reads it: verified when opened, then
 * filtered. Entries hold codes, counts and random row ids; a client's entries
 * are found by matching those ids against the plaintext foreign-key columns of
 * that client's rows, so no payload is decrypted to filter and nothing about
 * the client is added to what an entry shows.
 */
import type { AuditLogQuery, AuditLogView } from '../../shared/domain/auditLog';
import { auditLogQuerySchema } from '../../shared/domain/auditLog';
import type { AuditEntry } from '../../shared/domain/records';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { localDayOf } from './context';
import { readAuditTrail } from './audit';
import { parseInput } from './validate';

/** Every row id that belongs to the client, from plaintext id and foreign-key columns only. */
function clientRowIds(ctx: VaultContext, clientId: string): Set<string> {
  const ids = (sql: string) => (ctx.db.prepare(sql).pluck().all(clientId) as string[]);
  const sessions = `SELECT id FROM sessions WHERE client_id = ?`;
  const notes = `SELECT id FROM progress_notes WHERE session_id IN (${sessions})`;
  return new Set([
    clientId,
    ...ids(sessions),
    ...ids(notes),
    ...ids(`SELECT id FROM sealed_notes WHERE session_id IN (${sessions})`),
    ...ids(`SELECT id FROM psychotherapy_notes WHERE session_id IN (${sessions})`),
    ...ids('SELECT id FROM authorizations WHERE client_id = ?'),
    ...ids('SELECT id FROM access_requests WHERE client_id = ?'),
    ...ids('SELECT id FROM treatment_plans WHERE client_id = ?'),
    ...ids('SELECT id FROM diagnoses WHERE client_id = ?'),
    ...ids('SELECT id FROM disclosures WHERE client_id = ?'),
    ...ids('SELECT id FROM standing_appointments WHERE client_id = ?'),
  ]);
}

function namesAny(entry: AuditEntry, ids: ReadonlySet<string>): boolean {
  return Object.values(entry.detail ?? {}).some((value) => typeof value === 'string' && ids.has(value));
}

/** Whether an entry passes the query's filters; the query is checked, and a named client must exist. */
export function auditEntryFilter(ctx: VaultContext, query: AuditLogQuery): (entry: AuditEntry) => boolean {
  const { clientId, from, to, events } = parseInput(auditLogQuerySchema, query);
  if (clientId !== undefined) getClient(ctx, clientId);
  const ids = clientId !== undefined ? clientRowIds(ctx, clientId) : null;
  return (entry) => {
    const day = localDayOf(entry.at);
    if (from !== undefined && day < from) return false;
    if (to !== undefined && day > to) return false;
    if (events !== undefined && !events.includes(entry.event)) return false;
    return ids === null || namesAny(entry, ids);
  };
}

/** The chain is checked whole, before any filter: a break anywhere shows, whatever is asked for. */
export function readAuditLog(ctx: VaultContext, query: AuditLogQuery): AuditLogView {
  const keep = auditEntryFilter(ctx, query);
  const trail = readAuditTrail(ctx);
  const entries = trail.entries.filter(keep).reverse();
  const verification: AuditLogView['verification'] =
    trail.brokenAt === null ? { intact: true, entries: trail.rows } : { intact: false, entries: trail.rows, brokenAt: trail.brokenAt };
  return { verification, entries, merged: false, unreadable: 0 };
}
