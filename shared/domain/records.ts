import type { Modality } from './schemas';
import type { TemplateId } from '../templates';

/** Decrypted records as the services return them. Ids are random hex, never derived from content. */
export interface Client {
  id: string;
  name: string;
  preferredName?: string;
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
  createdAt: string;
}

export type NoteStatus = 'draft' | 'signed';

/** A session in a client's timeline: what the list shows, never note text. */
export interface SessionSummary extends Session {
  note: { templateId: TemplateId; status: NoteStatus } | null;
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
