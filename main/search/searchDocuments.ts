/**
 * The vault's records as search documents. Notes and addenda carry their
 * session's date (what the date filter means to a therapist), their note's
 * template and status, and their session id, so a result opens that session.
 */
import type { Client, ProgressNote, PsychotherapyNote, Session } from '../../shared/domain/records';
import type { SearchDocument } from './searchTypes';

function present(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

export function clientDocument(client: Client): SearchDocument {
  return {
    kind: 'client',
    id: client.id,
    clientId: client.id,
    date: client.createdAt,
    fields: present({
      name: client.name,
      preferredName: client.preferredName,
      chartNumber: client.chartNumber,
      email: client.email,
      phone: client.phone,
    }),
  };
}

export function sessionDocument(session: Session): SearchDocument {
  return {
    kind: 'session',
    id: session.id,
    clientId: session.clientId,
    sessionId: session.id,
    date: session.date,
    fields: present({ location: session.location }),
  };
}

/** The note and each of its addenda, as separate documents so a result lands on the addendum itself. */
export function noteDocuments(note: ProgressNote, session: Session): SearchDocument[] {
  const shared = {
    clientId: session.clientId,
    sessionId: session.id,
    date: session.date,
    template: note.templateId,
    signed: note.status === 'signed',
  };
  return [
    { kind: 'progressNote', id: note.id, ...shared, fields: note.fields },
    ...note.addenda.map((addendum): SearchDocument => ({ kind: 'addendum', id: addendum.id, ...shared, fields: { text: addendum.text } })),
  ];
}

export function psychotherapyNoteDocument(note: PsychotherapyNote, session: Session): SearchDocument {
  return {
    kind: 'psychotherapyNote',
    id: note.id,
    clientId: session.clientId,
    sessionId: session.id,
    date: session.date,
    fields: { text: note.text },
  };
}
