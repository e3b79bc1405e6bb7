import type { Client, PsychotherapyNote, Session } from '../../shared/domain/records';
import type { PsychotherapyBasis, PsychotherapyReleaseBasis } from '../../shared/domain/release';
import type { Settings } from '../../shared/domain/schemas';
import { VaultError } from '../../shared/errors';
import { resolvePsychotherapyBasis } from './releaseBasis';
import type { ReleaseSource } from './releaseSource';

/** A chosen psychotherapy note with the session it was written for. */
export interface ReleasedNote {
  note: PsychotherapyNote;
  session: Session;
}

/** What one release prints: the practice, one client, the basis, and the chosen notes, oldest session first. */
export interface ReleasePlan {
  client: Client;
  practice: Settings;
  basis: PsychotherapyReleaseBasis;
  notes: ReleasedNote[];
}

export interface ReleaseChoice {
  clientId: string;
  noteIds: readonly string[];
  basis: PsychotherapyBasis;
}

function inOrder(a: ReleasedNote, b: ReleasedNote): number {
  return (
    a.session.date.localeCompare(b.session.date) ||
    a.session.startTime.localeCompare(b.session.startTime) ||
    a.note.createdAt.localeCompare(b.note.createdAt)
  );
}

/**
 * Reads exactly the notes named, and refuses the whole release when one of
 * them is not this client's: the window names the notes, so a note id from
 * another client's record must not slip into this client's file.
 */
export function resolveRelease(source: ReleaseSource, choice: ReleaseChoice): ReleasePlan {
  if (new Set(choice.noteIds).size !== choice.noteIds.length) {
    throw new VaultError('INVALID_INPUT', 'A note is named twice; nothing was released');
  }
  const client = source.getClient(choice.clientId);
  const basis = resolvePsychotherapyBasis(source, choice.basis, client.id);
  const notes = choice.noteIds.map((id) => {
    const note = source.getPsychotherapyNote(id);
    const session = source.getSession(note.sessionId);
    if (session.clientId !== client.id) {
      throw new VaultError('INVALID_INPUT', "A chosen note is not this client's; nothing was released");
    }
    return { note, session };
  });
  return { client, practice: source.settings(), basis, notes: notes.sort(inOrder) };
}
