/*
 * The Today screen's summary: the day's sessions, the notes still to write,
 * the drafts still to sign, the treatment plans due for review and how
 * backups stand. Names, times and states
 * only; never note text.
 */
import { z } from 'zod';
import { clockTimeSchema, isoDateSchema } from './schemas';
import type { PlanReviewDue } from './records';
import type { Modality, SessionStatus } from './schemas';

/** The renderer's local date and time: "today" is the therapist's day, not main's UTC one. */
export const todayRequestSchema = z.strictObject({ date: isoDateSchema, time: clockTimeSchema });
export type TodayRequest = z.infer<typeof todayRequestSchema>;

export type NoteState = 'none' | 'draft' | 'signed';

/** A session as the lists show it: who, when, and where its note stands. */
export interface TodaySession {
  sessionId: string;
  clientId: string;
  clientName: string;
  preferredName?: string;
  date: string;
  startTime: string;
  endTime: string;
  modality: Modality;
  status: SessionStatus;
  noteState: NoteState;
}

export interface DraftToSign extends TodaySession {
  /** Whole hours since the session ended. */
  ageHours: number;
  overdue: boolean;
}

export interface BackupStanding {
  folderChosen: boolean;
  /** The newest backup the audit log records (manual or automatic), ISO time. */
  lastBackupAt: string | null;
  /** True when the Today banner should ask for a backup. */
  needsAttention: boolean;
}

export interface TodaySummary {
  date: string;
  /** Today's sessions in time order. */
  sessions: TodaySession[];
  /** Sessions that have ended with no note at all, oldest first; cancelled ones need none. */
  notesToWrite: TodaySession[];
  /** Unsigned drafts, oldest first. */
  draftsToSign: DraftToSign[];
  overdueAfterHours: number;
  /** Signed treatment plans in force whose review date is today or past, soonest first. */
  plansDueForReview: PlanReviewDue[];
  backup: BackupStanding;
  /** Open requests for access to a record (164.524), the soonest due first. */
  accessRequests: AccessRequestDue[];
}

/** An open request for access as Today lists it: whose, and how long is left. Never what was requested. */
export interface AccessRequestDue {
  requestId: string;
  clientId: string;
  clientName: string;
  receivedOn: string;
  dueOn: string;
  /** Negative once overdue. */
  daysLeft: number;
  extended: boolean;
}

/** A backup older than this asks for attention on Today. */
export const BACKUP_STALE_DAYS = 7;
