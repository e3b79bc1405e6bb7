import type { Modality, SessionStatus } from './schemas';
import type { TemplateId } from '../templates';

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
export interface SessionSummary extends Session {
  note: { templateId: TemplateId; status: NoteStatus } | null;
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
  templateId: TemplateId;
  fields: Record<string, string>;
  status: NoteStatus;
  signedBy?: string;
  signedAt?: string;
  createdAt: string;
  updatedAt: string;
  addenda: Addendum[];
}

export interface PsychotherapyNote {
  id: string;
  sessionId: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}

export const AUDIT_EVENTS = [
  'vault.created',
  'vault.unlocked',
  'vault.locked',
  'psychotherapy.opened',
  'psychotherapy.closed',
  'progressNote.signed',
  'session.updated',
  'session.deleted',
  'export.created',
  'passphrase.changed',
  'backup.created',
  'backup.restored',
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
