/*
 * The summary sealed beside each progress note: its session, template (and
 * the custom template's name, when it was written in one) and status, a few dozen bytes the timeline, the client list and Today read
 * instead of decrypting whole notes. It is sealed under the note's key and
 * key version with its own AAD (purpose "summary"), and written in the same
 * statement as the note (rows.ts), so the two never disagree. Format: see
 * docs/VAULT_FORMAT.md, "Note summaries".
 */
import type { NoteGlance, NoteStatus, ProgressNote } from '../../shared/domain/records';
import type { TemplateId } from '../../shared/templates';
import type { CompartmentKey } from './keyRing';
import type { SealedRow } from './rowCipher';
import { openRow, sealRow } from './rowCipher';
import type { Sodium } from './sodium';
import { VaultError } from '../../shared/errors';

export interface NoteSummary {
  sessionId: string;
  templateId: TemplateId;
  status: NoteStatus;
  /** The custom template's name; absent for a built-in template, and in summaries sealed before it was added. */
  templateName?: string;
}

export type NoteHead = Pick<ProgressNote, 'sessionId' | 'templateId' | 'status' | 'template'>;

interface Sealer {
  sodium: Sodium;
  vaultId: string;
}

/** Exactly these fields, in this order: what is sealed. */
export function summaryOf(note: NoteHead): NoteSummary {
  return {
    sessionId: note.sessionId,
    templateId: note.templateId,
    status: note.status,
    ...(note.template ? { templateName: note.template.name } : {}),
  };
}

/** What the timeline and the agenda show of the note. */
export function glanceOf(summary: NoteSummary): NoteGlance {
  const { templateId, templateName, status } = summary;
  return { templateId, ...(templateName !== undefined ? { templateName } : {}), status };
}

export function sealSummary(ctx: Sealer, key: CompartmentKey, noteId: string, note: NoteHead): SealedRow {
  return sealRow(ctx.sodium, key, { vaultId: ctx.vaultId, table: 'progress_notes', rowId: noteId }, summaryOf(note), 'summary');
}

/**
 * Opens a note's summary; INTEGRITY when it does not authenticate or names
 * another session than the note's plaintext session column (a row moved to
 * another session).
 */
export function openSummary(
  ctx: Sealer,
  key: CompartmentKey,
  noteId: string,
  sessionId: string,
  sealed: SealedRow,
): NoteSummary {
  const ref = { vaultId: ctx.vaultId, table: 'progress_notes' as const, rowId: noteId };
  const summary = openRow<NoteSummary>(ctx.sodium, key, ref, sealed, 'summary');
  if (summary.sessionId !== sessionId) {
    throw new VaultError('INTEGRITY', `A progress_notes row summary is linked to the wrong session (row ${noteId})`, {
      table: 'progress_notes',
      rowId: noteId,
    });
  }
  return summary;
}
