import { VaultError } from '../../shared/errors';
import type { Addendum, ProgressNote, Session, SessionSummary } from '../../shared/domain/records';
import type { AddendumInput, ProgressDraftInput } from '../../shared/domain/schemas';
import { addendumInputSchema, progressDraftSchema, rowIdSchema } from '../../shared/domain/schemas';
import type { TemplateSnapshot } from '../../shared/templates';
import { noteTemplate } from '../../shared/templates';
import { appendAudit } from './audit';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import { noteSummariesForClient } from './noteSummaries';
import { buildNoteStructure, checkRiskBeforeSigning } from './noteStructure';
import { getNoteTemplate, snapshotOf } from './noteTemplates';
import { insertRow, keepUnstoredRow, readRows, replaceRow, requireRow } from './rows';
import { glanceOf } from './sealedSummary';
import { getSession, listSessionsForClient, markAttendedOnSigning } from './sessions';
import { getSettings } from './settings';
import { signerName } from './signer';
import { importedSince, keepUnseenImport, storedVersion } from './storedVersion';
import { parseInput } from './validate';

type NotePayload = Omit<ProgressNote, 'addenda'>;

function withAddenda(ctx: VaultContext, note: NotePayload): ProgressNote {
  const addenda = readRows<Addendum>(ctx, 'addenda', note.id).sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  return { ...note, addenda };
}

function completeFields(input: ProgressDraftInput, template: Pick<NotePayload, 'templateId' | 'template'>): Record<string, string> {
  const allowed = noteTemplate(template).fields.map((field) => field.id);
  const unknown = Object.keys(input.fields).filter((field) => !allowed.includes(field));
  if (unknown.length > 0) {
    throw new VaultError('INVALID_INPUT', `Fields not in the note's template: ${unknown.join(', ')}`);
  }
  return Object.fromEntries(allowed.map((field) => [field, input.fields[field] ?? '']));
}

/**
 * A custom template is copied into the note the first time the draft uses
 * it; later saves keep that copy, so the note stays in the sections it was
 * started in whatever happens to the template.
 */
function templateFor(
  ctx: VaultContext,
  input: ProgressDraftInput,
  existing: NotePayload | undefined,
): { templateId: NotePayload['templateId']; template?: TemplateSnapshot } {
  if (!input.customTemplateId) return { templateId: input.templateId };
  if (existing?.template?.customId === input.customTemplateId) {
    return { templateId: existing.templateId, template: existing.template };
  }
  const custom = getNoteTemplate(ctx, input.customTemplateId);
  return { templateId: custom.basedOn, template: snapshotOf(custom) };
}

/**
 * The note as the window gets it, from a read or a save. Only a draft carries
 * the stamp its editor's next save sends back: no save goes over a signed
 * note, so a signed note's stamp is never sent back, and most notes read are
 * signed (leaving the lookup out took about a quarter off a warm note read; docs/PERFORMANCE.md).
 */
function forWindow(ctx: VaultContext, note: ProgressNote): ProgressNote {
  if (note.status === 'signed') return note;
  const version = storedVersion(ctx, 'progress_notes', note.id);
  return version ? { ...note, storedVersion: version } : note;
}

function findForSession(ctx: VaultContext, sessionId: string): NotePayload | undefined {
  return readRows<NotePayload>(ctx, 'progress_notes', sessionId)[0];
}

export function getProgressNote(ctx: VaultContext, id: string): ProgressNote {
  return withAddenda(ctx, getProgressNotePayload(ctx, id));
}

/** The note without its addenda, for a reader that shows only the note's own fields (search). */
export function getProgressNotePayload(ctx: VaultContext, id: string): NotePayload {
  parseInput(rowIdSchema, id);
  return requireRow<NotePayload>(ctx, 'progress_notes', id, 'Progress note');
}

export function getAddendum(ctx: VaultContext, id: string): Addendum {
  parseInput(rowIdSchema, id);
  return requireRow<Addendum>(ctx, 'addenda', id, 'Addendum');
}

/** The note as the window reads it, a draft with its stored version; main's own reads (which store what they read) leave it out. */
export function showProgressNote(ctx: VaultContext, id: string): ProgressNote {
  return forWindow(ctx, getProgressNote(ctx, id));
}

export function getProgressNoteForSession(ctx: VaultContext, sessionId: string): ProgressNote | null {
  getSession(ctx, sessionId);
  const note = findForSession(ctx, sessionId);
  return note ? forWindow(ctx, withAddenda(ctx, note)) : null;
}

/** Creates or updates the session's draft; autosave calls this on every pause in typing. */
export function saveProgressDraft(ctx: VaultContext, input: ProgressDraftInput): ProgressNote {
  const draft = parseInput(progressDraftSchema, input);
  return ctx.db.transaction(() => {
    const session = getSession(ctx, draft.sessionId);
    const existing = findForSession(ctx, draft.sessionId);
    const signedByImport = existing?.status === 'signed' && importedSince(ctx, 'progress_notes', existing.id, draft.basedOn);
    if (existing?.status === 'signed' && !signedByImport) throw new VaultError('NOTE_SIGNED', 'A signed note cannot be changed');
    const template = templateFor(ctx, draft, existing);
    const fields = completeFields(draft, template);
    const structure = draft.structure
      ? buildNoteStructure(ctx, session.clientId, draft.structure, existing?.structure)
      : existing?.structure;
    const content = { ...template, fields, ...(structure ? { structure } : {}) };
    const now = isoNow(ctx);
    if (existing && signedByImport) {
      // Signed on another computer while this edit waited: the edit is kept as a conflict, an addendum suggestion (docs/SYNC.md section 5).
      const { template: _oldTemplate, structure: _oldStructure, signedBy: _by, signedAt: _at, ...kept } = existing;
      keepUnstoredRow(ctx, 'progress_notes', existing.id, existing.sessionId, { ...kept, ...content, status: 'draft', updatedAt: now });
      return forWindow(ctx, withAddenda(ctx, existing));
    }
    if (existing) {
      keepUnseenImport(ctx, 'progress_notes', existing.id, draft.basedOn);
      const { template: _oldTemplate, structure: _oldStructure, ...kept } = existing;
      const next: NotePayload = { ...kept, ...content, updatedAt: now };
      replaceRow(ctx, 'progress_notes', existing.id, next);
      return forWindow(ctx, withAddenda(ctx, next));
    }
    const note: NotePayload = {
      id: newId(ctx.sodium),
      sessionId: draft.sessionId,
      ...content,
      status: 'draft',
      createdAt: now,
      updatedAt: now,
    };
    insertRow(ctx, 'progress_notes', note.id, note.sessionId, note);
    return forWindow(ctx, { ...note, addenda: [] });
  }).immediate();
}

export function signProgressNote(ctx: VaultContext, id: string, signedBy: string): ProgressNote {
  const signer = signedBy.trim();
  if (signer.length === 0 || signer.length > 200) {
    throw new VaultError('INVALID_INPUT', 'A signature needs the clinician name (1-200 characters)');
  }
  return ctx.db.transaction(() => {
    const note = getProgressNote(ctx, id);
    if (note.status === 'signed') throw new VaultError('NOTE_SIGNED', 'This note is already signed');
    checkRiskBeforeSigning(note.structure);
    const now = isoNow(ctx);
    const { addenda, ...payload } = note;
    const signed: NotePayload = { ...payload, status: 'signed', signedBy: signer, signedAt: now, updatedAt: now };
    markAttendedOnSigning(ctx, note.sessionId);
    replaceRow(ctx, 'progress_notes', id, signed);
    appendAudit(ctx, 'progressNote.signed', { noteId: id });
    return forWindow(ctx, { ...signed, addenda });
  }).immediate();
}

/** Signs as the clinician in Settings. */
export function signProgressNoteAsClinician(ctx: VaultContext, id: string): ProgressNote {
  return signProgressNote(ctx, id, signerName(getSettings(ctx)));
}

/** Adds an addendum written by the clinician in Settings. */
export function addAddendumAsClinician(ctx: VaultContext, noteId: string, text: string): ProgressNote {
  return addAddendum(ctx, { noteId, text, author: signerName(getSettings(ctx)) });
}

/** Corrections to a signed note: dated, attributed, and never editable themselves. */
export function addAddendum(ctx: VaultContext, input: AddendumInput): ProgressNote {
  const fields = parseInput(addendumInputSchema, input);
  return ctx.db.transaction(() => {
    const note = getProgressNote(ctx, fields.noteId);
    if (note.status !== 'signed') {
      throw new VaultError('INVALID_INPUT', 'Addenda are for signed notes; edit the draft instead');
    }
    const addendum: Addendum = { ...fields, id: newId(ctx.sodium), createdAt: isoNow(ctx) };
    insertRow(ctx, 'addenda', addendum.id, note.id, addendum);
    return forWindow(ctx, { ...note, addenda: [...note.addenda, addendum] });
  }).immediate();
}

export interface ClientNote {
  session: Session;
  note: ProgressNote;
}

export interface ClientNotesQuery {
  from?: string;
  to?: string;
  includeDrafts?: boolean;
}

/** A client's notes with their sessions, oldest first, for the record and for export. */
export function listProgressNotesForClient(
  ctx: VaultContext,
  clientId: string,
  query: ClientNotesQuery = {},
): ClientNote[] {
  return listSessionsForClient(ctx, clientId)
    .filter((session) => (!query.from || session.date >= query.from) && (!query.to || session.date <= query.to))
    .flatMap((session) => {
      const note = findForSession(ctx, session.id);
      if (!note || (note.status === 'draft' && !query.includeDrafts)) return [];
      return [{ session, note: withAddenda(ctx, note) }];
    })
    .reverse();
}

/** The latest note of the same client before this session: "start from the previous note". */
export function previousProgressNote(ctx: VaultContext, sessionId: string): ProgressNote | null {
  const session = getSession(ctx, sessionId);
  const earlier = listSessionsForClient(ctx, session.clientId).filter(
    (other) =>
      other.id !== session.id &&
      (other.date < session.date || (other.date === session.date && other.startTime < session.startTime)),
  );
  for (const candidate of earlier) {
    const note = findForSession(ctx, candidate.id);
    if (note) return forWindow(ctx, withAddenda(ctx, note));
  }
  return null;
}

/**
 * A client's sessions, newest first, each with its note's template and
 * status: the client page's timeline. Two reads: the sessions, then the
 * sealed summaries of the client's notes; no note is decrypted whole.
 */
export function listSessionSummariesForClient(ctx: VaultContext, clientId: string): SessionSummary[] {
  const sessions = listSessionsForClient(ctx, clientId);
  const summaries = noteSummariesForClient(ctx, clientId);
  return sessions.map((session) => {
    const note = summaries.get(session.id);
    return { ...session, note: note ? glanceOf(note) : null };
  });
}
