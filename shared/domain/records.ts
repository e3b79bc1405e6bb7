import type { DiagnosisRank, DiagnosisStatus, Modality, SessionStatus, TreatmentPlanContent } from './schemas';
import type { TemplateId, TemplateSnapshot } from '../templates';
import type { NoteStructure } from '../clinical/noteStructure';

/** Decrypted records as the services return them. Ids are random hex, never derived from content. */
export interface Client {
  id: string;
  name: string;
  preferredName?: string;
  sortAs?: string;
  dateOfBirth?: string;
  chartNumber?: string;
  phone?: string;
  email?: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Session {
  id: string;
  clientId: string;
  date: string;
  startTime: string;
  endTime: string;
  modality: Modality;
  location?: string;
  status: SessionStatus;
  /** Set when the session was made from a standing appointment: which one, and for which day. */
  standing?: { appointmentId: string; date: string };
  createdAt: string;
}

/** A client's recurring slot; sessions are made from it on demand (see main/vault/standingAppointments.ts). */
export interface StandingAppointment {
  id: string;
  clientId: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  weekdays: number[];
  startTime: string;
  durationMinutes: number;
  modality: Modality;
  location?: string;
  startDate: string;
  endDate?: string;
  /** Days whose session was deleted: never made again. */
  skippedDates: string[];
  createdAt: string;
  updatedAt: string;
}

/** Another session at the same time, as the overlap warning names it. */
export interface SessionOverlap {
  sessionId: string;
  clientId: string;
  clientName: string;
  date: string;
  startTime: string;
  endTime: string;
}

export type NoteStatus = 'draft' | 'signed';

/** A session in a client's timeline: what the list shows, never note text. */
/** A note as lists show it: its template and status, never its text. */
export interface NoteGlance {
  templateId: TemplateId;
  /** The custom template's name, for a note written in one. */
  templateName?: string;
  status: NoteStatus;
}

export interface SessionSummary extends Session {
  note: NoteGlance | null;
}

/** A session in the week agenda: its summary and whose it is. */
export interface AgendaEntry extends SessionSummary {
  clientName: string;
}

export interface SessionMoment {
  /** Null for a session the standing appointment will make when its day is asked for. */
  sessionId: string | null;
  date: string;
  startTime: string;
}

/** A row of the client list: the client, their last and next session, and their notes left unsigned. */
export interface ClientOverview {
  client: Client;
  lastSession: SessionMoment | null;
  nextSession: SessionMoment | null;
  unsignedNotes: number;
}

export interface Addendum {
  id: string;
  noteId: string;
  text: string;
  author: string;
  createdAt: string;
}

export interface ProgressNote {
  id: string;
  sessionId: string;
  /** The built-in template, or the one a custom template was made from. */
  templateId: TemplateId;
  /** The custom template the note is written in, as it stood: later edits of the template never reach the note. */
  template?: TemplateSnapshot;
  fields: Record<string, string>;
  /** Absent in notes written before the structured parts existed. */
  structure?: NoteStructure;
  status: NoteStatus;
  signedBy?: string;
  signedAt?: string;
  createdAt: string;
  updatedAt: string;
  /** The stamp of the stored version this read or save returned; an editor's next save sends it back as `basedOn`. */
  storedVersion?: string;
  addenda: Addendum[];
}

export interface PsychotherapyNote {
  id: string;
  sessionId: string;
  text: string;
  createdAt: string;
  updatedAt: string;
  /** As a progress note's: sent back as `basedOn` by the editor's next save. */
  storedVersion?: string;
}

/** A psychotherapy note in a client's list, with the date and time of its session. */
export interface ClientPsychotherapyNote extends PsychotherapyNote {
  sessionDate: string;
  sessionStartTime: string;
}

/**
 * What quick capture tells the window: the sealed row's id and how many
 * sealed notes the session now has. Never the text, which the window cannot
 * read back until the compartment opens.
 */
export interface SealedCapture {
  id: string;
  sealedCount: number;
}

export const AUDIT_EVENTS = [
  'vault.created',
  'vault.unlocked',
  'vault.locked',
  'psychotherapy.opened',
  'psychotherapy.closed',
  'psychotherapy.captured',
  'captureKeys.created',
  'progressNote.signed',
  'session.updated',
  'session.deleted',
  'treatmentPlan.signed',
  'measure.recorded',
  'measure.changed',
  'measure.removed',
  'export.created',
  'authorization.recorded',
  'authorization.revoked',
  'authorization.expiryEventRecorded',
  'accessRequest.recorded',
  'accessRequest.extended',
  'accessRequest.denied',
  'accessRequest.fulfilled',
  'accounting.created',
  'courtOrder.recorded',
  'psychotherapy.released',
  'passphrase.changed',
  'backup.created',
  'backup.restored',
  'keys.rotated',
  'recoveryKey.replaced',
  'sync.conflictResolved',
] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** Audit details are codes and counts, never client data. */
export interface AuditEntry {
  seq: number;
  at: string;
  event: AuditEvent;
  detail?: Record<string, string | number | boolean>;
}

export type LockState = 'locked' | 'open' | 'open+psychotherapy';

/** One version of a diagnosis, as recorded: a change writes a new version, never over an old one. */
export interface DiagnosisVersion {
  /** The row id of this version. */
  id: string;
  /** The diagnosis this version belongs to: the row id of its first version. */
  diagnosisId: string;
  clientId: string;
  version: number;
  code: string;
  description: string;
  rank: DiagnosisRank;
  onsetDate?: string;
  status: DiagnosisStatus;
  recordedAt: string;
}

/** A diagnosis as it stands now (its latest version), with every version oldest first. */
export interface Diagnosis {
  id: string;
  clientId: string;
  code: string;
  description: string;
  rank: DiagnosisRank;
  onsetDate?: string;
  status: DiagnosisStatus;
  recordedAt: string;
  history: DiagnosisVersion[];
}

export type PlanStatus = 'draft' | 'signed';

/** One revision of a client's treatment plan. A signed revision is never changed; the next one supersedes it. */
export interface TreatmentPlan {
  id: string;
  clientId: string;
  revision: number;
  /** The signed revision this one replaces, when it is a revision. */
  supersedesId?: string;
  status: PlanStatus;
  content: TreatmentPlanContent;
  signedBy?: string;
  signedAt?: string;
  /** Set when signed: the content's review date, or 90 days after signing. */
  reviewDate?: string;
  createdAt: string;
  updatedAt: string;
  /** As a progress note's: sent back as `basedOn` by the plan editor's next save. */
  storedVersion?: string;
}

/** A client's plans: the one in force, the draft being written, and every signed revision newest first. */
export interface TreatmentPlanRecord {
  current: TreatmentPlan | null;
  draft: TreatmentPlan | null;
  history: TreatmentPlan[];
}

/** A signed plan whose review date has come: what the Today screen lists. */
export interface PlanReviewDue {
  clientId: string;
  clientName: string;
  planId: string;
  revision: number;
  reviewDate: string;
}
