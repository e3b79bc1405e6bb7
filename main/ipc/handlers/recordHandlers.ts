import type { Handlers } from '../handlerTypes';

export const recordHandlers: Handlers<
  | 'clients.list'
  | 'clients.get'
  | 'clients.create'
  | 'clients.update'
  | 'clients.setArchived'
  | 'clients.overview'
  | 'sessions.listForClient'
  | 'sessions.get'
  | 'sessions.create'
  | 'sessions.update'
  | 'sessions.remove'
  | 'sessions.overlaps'
  | 'progressNotes.getForSession'
  | 'progressNotes.previous'
  | 'progressNotes.saveDraft'
  | 'progressNotes.sign'
  | 'progressNotes.addAddendum'
  | 'psychotherapyNotes.listForSession'
  | 'psychotherapyNotes.create'
  | 'psychotherapyNotes.update'
  | 'psychotherapyNotes.remove'
  | 'psychotherapyNotes.listForClient'
  | 'psychotherapyCapture.seal'
  | 'psychotherapyCapture.count'
  | 'settings.get'
  | 'settings.update'
> = {
  'clients.list': ({ vault }, { includeArchived }) => vault.clients.list({ includeArchived }),
  'clients.get': ({ vault }, { id }) => vault.clients.get(id),
  'clients.create': ({ vault }, { client }) => vault.clients.create(client),
  'clients.update': ({ vault }, { id, client }) => vault.clients.update(id, client),
  'clients.setArchived': ({ vault }, { id, archived }) => vault.clients.setArchived(id, archived),
  'clients.overview': ({ vault }, { includeArchived }) => vault.clients.overview({ includeArchived }),

  'sessions.listForClient': ({ vault }, { clientId }) => vault.sessions.listSummariesForClient(clientId),
  'sessions.get': ({ vault }, { id }) => vault.sessions.get(id),
  'sessions.create': ({ vault }, { session }) => vault.sessions.create(session),
  'sessions.update': ({ vault }, { id, session }) => vault.sessions.update(id, session),
  'sessions.remove': ({ vault }, { id }) => {
    vault.sessions.remove(id);
    return null;
  },
  'sessions.overlaps': ({ vault }, query) => vault.sessions.findOverlaps(query),

  'progressNotes.getForSession': ({ vault }, { sessionId }) => vault.progressNotes.getForSession(sessionId),
  'progressNotes.previous': ({ vault }, { sessionId }) => vault.progressNotes.previous(sessionId),
  'progressNotes.saveDraft': ({ vault }, draft) => vault.progressNotes.saveDraft(draft),
  'progressNotes.sign': ({ vault }, { noteId }) => vault.progressNotes.signAsClinician(noteId),
  'progressNotes.addAddendum': ({ vault }, { noteId, text }) => vault.progressNotes.addAddendumAsClinician(noteId, text),

  'psychotherapyNotes.listForSession': ({ vault }, { sessionId }) => vault.psychotherapyNotes.listForSession(sessionId),
  'psychotherapyNotes.create': ({ vault }, input) => vault.psychotherapyNotes.create(input),
  'psychotherapyNotes.update': ({ vault }, { id, text, basedOn }) => vault.psychotherapyNotes.update(id, text, basedOn),
  'psychotherapyNotes.remove': ({ vault }, { id }) => {
    vault.psychotherapyNotes.remove(id);
    return null;
  },
  'psychotherapyNotes.listForClient': ({ vault }, { clientId }) => vault.psychotherapyNotes.listForClient(clientId),
  'psychotherapyCapture.seal': ({ vault }, input) => vault.sealedCapture.capture(input),
  'psychotherapyCapture.count': ({ vault }, { sessionId }) => ({ sealedCount: vault.sealedCapture.countForSession(sessionId) }),

  'settings.get': ({ vault }) => vault.settings.get(),
  'settings.update': ({ vault }, { settings }) => vault.settings.save(settings),
};
