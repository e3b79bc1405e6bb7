/*
 * The Today summary in one read: every client, session and progress note is
 * decrypted once and joined here, so the renderer asks one question instead
 * of walking clients and sessions over IPC.
 */
import type { Client, Session } from '../../shared/domain/records';
import type { SessionStatus } from '../../shared/domain/schemas';
import type { BackupStanding, DraftToSign, TodayRequest, TodaySession, TodaySummary } from '../../shared/domain/today';
import { BACKUP_STALE_DAYS, todayRequestSchema } from '../../shared/domain/today';
import { daysBetween } from '../../shared/domain/calendar';
import type { AccessRequestDue } from '../../shared/domain/today';
import { listOpenAccessRequests } from './accessRequests';
import { lastAuditAt } from './audit';
import type { VaultContext } from './context';
import { allNoteSummaries } from './noteSummaries';
import { readRows } from './rows';
import { defaultStatus } from './sessions';
import { getSettings } from './settings';
import { listPlansDueForReview } from './treatmentPlans';
import { parseInput } from './validate';

const HOUR_MS = 3_600_000;

/** Sessions that did not take place, so no note is owed for them. */
const NO_NOTE_NEEDED: readonly SessionStatus[] = ['cancelled', 'late-cancel'];

/** What main knows about backups outside the vault file (backup-settings.json). */
export interface BackupFolderFacts {
  folderChosen: boolean;
  automatic: boolean;
}

/** Local wall-clock times compared as if UTC: both sides are the therapist's own clock. */
function wallClockMs(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00Z`);
}

function byTime(a: TodaySession, b: TodaySession): number {
  return a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime) || a.clientName.localeCompare(b.clientName);
}

function backupStanding(ctx: VaultContext, facts: BackupFolderFacts): BackupStanding {
  const lastBackupAt = lastAuditAt(ctx, 'backup.created');
  const stale = lastBackupAt !== null && ctx.clock.now() - Date.parse(lastBackupAt) > BACKUP_STALE_DAYS * 24 * HOUR_MS;
  // A chosen folder with automatic backups on is backed up at the next lock; nothing to nag about yet.
  const neverWithoutAutomatic = lastBackupAt === null && !facts.automatic;
  return {
    folderChosen: facts.folderChosen,
    lastBackupAt,
    needsAttention: !facts.folderChosen || stale || neverWithoutAutomatic,
  };
}

/** Days left counted from the renderer's day, like the rest of the summary. */
function accessRequestsDue(ctx: VaultContext, clients: ReadonlyMap<string, Client>, date: string): AccessRequestDue[] {
  return listOpenAccessRequests(ctx).flatMap((request) => {
    const client = clients.get(request.clientId);
    if (!client) return [];
    const due: AccessRequestDue = {
      requestId: request.id,
      clientId: client.id,
      clientName: client.name,
      receivedOn: request.receivedOn,
      dueOn: request.dueOn,
      daysLeft: daysBetween(date, request.dueOn),
      extended: request.extension !== undefined,
    };
    return [due];
  });
}

export function todaySummary(ctx: VaultContext, request: TodayRequest, backup: BackupFolderFacts): TodaySummary {
  const { date, time } = parseInput(todayRequestSchema, request);
  const now = wallClockMs(date, time);
  const overdueAfterHours = getSettings(ctx).draftOverdueHours;
  const clients = new Map(readRows<Client>(ctx, 'clients').map((client) => [client.id, client]));
  const notes = new Map([...allNoteSummaries(ctx)].map(([sessionId, note]) => [sessionId, note.status]));

  const rows = readRows<Omit<Session, 'status'> & { status?: SessionStatus }>(ctx, 'sessions').flatMap((session): TodaySession[] => {
    const client = clients.get(session.clientId);
    if (!client) return [];
    return [
      {
        sessionId: session.id,
        clientId: client.id,
        clientName: client.name,
        ...(client.preferredName ? { preferredName: client.preferredName } : {}),
        date: session.date,
        startTime: session.startTime,
        endTime: session.endTime,
        modality: session.modality,
        status: session.status ?? defaultStatus(session, { date, time }),
        noteState: notes.get(session.id) ?? 'none',
      },
    ];
  });
  rows.sort(byTime);

  const ended = (row: TodaySession) => wallClockMs(row.date, row.endTime) <= now;
  const draftsToSign = rows
    .filter((row) => row.noteState === 'draft')
    .map((row): DraftToSign => {
      const ageHours = Math.max(0, Math.floor((now - wallClockMs(row.date, row.endTime)) / HOUR_MS));
      return { ...row, ageHours, overdue: ageHours >= overdueAfterHours };
    });

  return {
    date,
    sessions: rows.filter((row) => row.date === date),
    notesToWrite: rows.filter((row) => row.noteState === 'none' && ended(row) && !NO_NOTE_NEEDED.includes(row.status)),
    draftsToSign,
    overdueAfterHours,
    plansDueForReview: listPlansDueForReview(ctx, date),
    backup: backupStanding(ctx, backup),
    accessRequests: accessRequestsDue(ctx, clients, date),
  };
}
