/*
 * Psychotherapy notes (HIPAA 45 CFR 164.501): their own table under their own
 * key. Every function here needs the psychotherapy compartment open; the key
 * ring refuses otherwise. The export module must never import this file.
 */
import type { ClientPsychotherapyNote, PsychotherapyNote } from '../../shared/domain/records';
import type { PsychotherapyNoteInput } from '../../shared/domain/schemas';
import { longTextSchema, psychotherapyNoteInputSchema, rowIdSchema, storedVersionSchema } from '../../shared/domain/schemas';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import { deleteRow, insertRow, readRows, replaceRow, requireRow } from './rows';
import { getSession, listSessionsForClient } from './sessions';
import { keepUnseenImport, storedVersion } from './storedVersion';
import { parseInput } from './validate';

/** The note as an editor gets it: with the stamp its next save sends back. */
function shown(ctx: VaultContext, note: PsychotherapyNote): PsychotherapyNote {
  const version = storedVersion(ctx, 'psychotherapy_notes', note.id);
  return version ? { ...note, storedVersion: version } : note;
}

export function createPsychotherapyNote(ctx: VaultContext, input: PsychotherapyNoteInput): PsychotherapyNote {
  const fields = parseInput(psychotherapyNoteInputSchema, input);
  ctx.keys.get('psychotherapy');
  getSession(ctx, fields.sessionId);
  const now = isoNow(ctx);
  const note: PsychotherapyNote = { ...fields, id: newId(ctx.sodium), createdAt: now, updatedAt: now };
  insertRow(ctx, 'psychotherapy_notes', note.id, note.sessionId, note);
  return shown(ctx, note);
}

export function getPsychotherapyNote(ctx: VaultContext, id: string): PsychotherapyNote {
  parseInput(rowIdSchema, id);
  return requireRow<PsychotherapyNote>(ctx, 'psychotherapy_notes', id, 'Psychotherapy note');
}

/** The note as the window reads it, with its stored version; main's own reads (which store what they read) leave it out. */
export function showPsychotherapyNote(ctx: VaultContext, id: string): PsychotherapyNote {
  return shown(ctx, getPsychotherapyNote(ctx, id));
}

/** `basedOn`: the `storedVersion` the editor showed (null: none); absent only in updates from main itself. */
export function updatePsychotherapyNote(ctx: VaultContext, id: string, text: string, basedOn?: string | null): PsychotherapyNote {
  const body = parseInput(longTextSchema, text);
  const version = basedOn === undefined ? undefined : parseInput(storedVersionSchema.nullable(), basedOn);
  return ctx.db.transaction(() => {
    const next: PsychotherapyNote = { ...getPsychotherapyNote(ctx, id), text: body, updatedAt: isoNow(ctx) };
    keepUnseenImport(ctx, 'psychotherapy_notes', id, version);
    replaceRow(ctx, 'psychotherapy_notes', id, next);
    return shown(ctx, next);
  }).immediate();
}

export function deletePsychotherapyNote(ctx: VaultContext, id: string): void {
  getPsychotherapyNote(ctx, id);
  deleteRow(ctx, 'psychotherapy_notes', id);
}

export function listPsychotherapyNotesForSession(ctx: VaultContext, sessionId: string): PsychotherapyNote[] {
  ctx.keys.get('psychotherapy');
  getSession(ctx, sessionId);
  return readRows<PsychotherapyNote>(ctx, 'psychotherapy_notes', sessionId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((note) => shown(ctx, note));
}

/** Every psychotherapy note of a client, newest session first, each session's notes in the order written. */
export function listPsychotherapyNotesForClient(ctx: VaultContext, clientId: string): ClientPsychotherapyNote[] {
  ctx.keys.get('psychotherapy');
  return listSessionsForClient(ctx, parseInput(rowIdSchema, clientId)).flatMap((session) =>
    listPsychotherapyNotesForSession(ctx, session.id).map((note) => ({
      ...note,
      sessionDate: session.date,
      sessionStartTime: session.startTime,
    })),
  );
}
