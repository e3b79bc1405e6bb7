/**
 * Search over an open vault: the clinical-record index is built after unlock,
 * a slice at a time on later turns of the event loop so the first replies
 * (the client list) are not held up, kept current by the vault's record
 * writes, and closed on lock. The psychotherapy index exists only while that
 * compartment is open. Only the hits shown are decrypted, for their snippets.
 */
import { VaultError } from '../../shared/errors';
import type { SearchReply, SearchRequest, SearchResult } from '../../shared/domain/search';
import type { TemplateId } from '../../shared/templates';
import type { RecordFeed, RecordWrite, Vault } from '../vault/vaultApi';
import {
  clientDocument,
  diagnosisDocument,
  measureDocument,
  noteDocuments,
  psychotherapyNoteDocument,
  sessionDocument,
  treatmentPlanDocument,
} from './searchDocuments';
import { createSearchIndex, DEFAULT_LIMIT } from './searchIndex';
import type { LoadText, SearchCompartment, SearchDocument, SearchFilters, SearchHit, SearchIndex } from './searchTypes';

export interface SearchBuild {
  clients: number;
  documents: number;
  /** Clients whose records could not be read (a damaged row); the rest of the index is complete. */
  skippedClients: number;
  ms: number;
}

export interface VaultSearch {
  /** LOCKED while the vault is locked. */
  search(request: SearchRequest): SearchReply;
  /** Resolves when the compartment's index is complete, or null when it was dropped first or is not open. */
  built(compartment: SearchCompartment): Promise<SearchBuild | null>;
  /** The compartment's live index, or null. */
  index(compartment: SearchCompartment): SearchIndex | null;
  /**
   * Builds the open compartments' indexes again from the vault: rows merged
   * by sync do not pass through the record writes the index follows.
   */
  rebuild(): void;
  /** Stops listening to the vault and drops both indexes. */
  stop(): void;
}

export interface VaultSearchOptions {
  /** Runs a build slice on a later turn; setImmediate unless a test steps it by hand. */
  later?: (work: () => void) => void;
  /** How long one slice of the build may run before it lets other work in. */
  sliceMs?: number;
  now?: () => number;
}

interface Live {
  index: SearchIndex;
  building: boolean;
  finished: Promise<SearchBuild | null>;
}

const DEFAULT_SLICE_MS = 8;

function quietly<T>(read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (error instanceof VaultError && (error.code === 'NOT_FOUND' || error.code === 'INTEGRITY')) return null;
    throw error;
  }
}

function byDate(a: SearchDocument, b: SearchDocument): number {
  return a.date.localeCompare(b.date);
}

/** Oldest first: for a very common term the index answers most recently indexed first. */
function progressDocuments(feed: RecordFeed, clientId: string): SearchDocument[] {
  const { sessions, notes, diagnoses, treatmentPlans, measures } = feed.clientRecords(clientId);
  const sessionsById = new Map(sessions.map((session) => [session.id, session]));
  const documents = sessions.map(sessionDocument);
  for (const note of notes) {
    const session = sessionsById.get(note.sessionId);
    if (session) documents.push(...noteDocuments(note, session));
  }
  documents.push(...diagnoses.map(diagnosisDocument), ...treatmentPlans.map(treatmentPlanDocument), ...measures.map(measureDocument));
  return documents.sort(byDate);
}

function psychotherapyDocuments(feed: RecordFeed, clientId: string): SearchDocument[] {
  const { sessions: clientSessions, notes } = feed.psychotherapyNotesForClient(clientId);
  const sessions = new Map(clientSessions.map((session) => [session.id, session]));
  return notes
    .flatMap((note) => {
      const session = sessions.get(note.sessionId);
      return session ? [psychotherapyNoteDocument(note, session)] : [];
    })
    .sort(byDate);
}

function resultOf(hit: SearchHit): SearchResult {
  const result: SearchResult = {
    kind: hit.kind,
    id: hit.id,
    clientId: hit.clientId,
    date: hit.date,
    field: hit.field,
    snippet: hit.snippet,
    psychotherapy: hit.psychotherapy,
  };
  if (hit.sessionId !== undefined) result.sessionId = hit.sessionId;
  if (hit.template !== undefined) result.template = hit.template as TemplateId;
  if (hit.signed !== undefined) result.status = hit.signed ? 'signed' : 'draft';
  return result;
}

export function createVaultSearch(
  vault: Pick<Vault, 'state' | 'onStateChange' | 'onRecordWritten' | 'records'>,
  options: VaultSearchOptions = {},
): VaultSearch {
  const later = options.later ?? ((work: () => void) => void setImmediate(work));
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const now = options.now ?? (() => performance.now());
  const feed = vault.records;
  const live: Record<SearchCompartment, Live | null> = { progress: null, psychotherapy: null };

  const drop = (compartment: SearchCompartment): void => {
    live[compartment]?.index.close();
    live[compartment] = null;
  };

  const start = (compartment: SearchCompartment): void => {
    drop(compartment);
    const index = createSearchIndex(compartment);
    let finish: (build: SearchBuild | null) => void = () => undefined;
    const entry: Live = { index, building: true, finished: new Promise((resolve) => (finish = resolve)) };
    live[compartment] = entry;
    const started = now();
    const build: SearchBuild = { clients: 0, documents: 0, skippedClients: 0, ms: 0 };
    let clientIds: string[] | null = null;

    const slice = (): void => {
      if (index.closed) return finish(null);
      const until = now() + sliceMs;
      try {
        if (clientIds === null) {
          const clients = feed.clients();
          clientIds = clients.map((client) => client.id);
          if (compartment === 'progress') index.upsertMany(clients.map(clientDocument));
          return later(slice);
        }
        // At least one client a slice, however short the slice, so the build always moves on.
        for (let first = true; build.clients < clientIds.length && (first || now() < until); first = false) {
          const clientId = clientIds[build.clients]!;
          build.clients += 1;
          const documents = quietly(() =>
            compartment === 'progress' ? progressDocuments(feed, clientId) : psychotherapyDocuments(feed, clientId),
          );
          if (documents === null) build.skippedClients += 1;
          else {
            index.upsertMany(documents);
            build.documents += documents.length;
          }
        }
      } catch {
        // Locked or closed between slices is caught above; anything else leaves the index as far as it got.
        entry.building = false;
        return finish(null);
      }
      if (build.clients < clientIds.length) return later(slice);
      entry.building = false;
      build.documents += compartment === 'progress' ? clientIds.length : 0;
      build.ms = now() - started;
      finish(build);
    };
    later(slice);
  };

  const heard = (write: RecordWrite): void => {
    const progress = live.progress?.index;
    const psychotherapy = live.psychotherapy?.index;
    switch (write.kind) {
      case 'client':
        progress?.upsert(clientDocument(write.client));
        break;
      case 'session':
        progress?.upsert(sessionDocument(write.session));
        progress?.setSessionDate(write.session.id, write.session.date);
        psychotherapy?.setSessionDate(write.session.id, write.session.date);
        break;
      case 'sessionRemoved':
        progress?.remove('session', write.id);
        break;
      case 'progressNote':
        progress?.upsertMany(noteDocuments(write.note, feed.session(write.note.sessionId)));
        break;
      case 'psychotherapyNote':
        psychotherapy?.upsert(psychotherapyNoteDocument(write.note, feed.session(write.note.sessionId)));
        break;
      case 'psychotherapyNoteRemoved':
        psychotherapy?.remove('psychotherapyNote', write.id);
        break;
      case 'diagnosis':
        progress?.upsert(diagnosisDocument(write.diagnosis));
        break;
      case 'treatmentPlan':
        progress?.upsert(treatmentPlanDocument(write.plan));
        break;
      case 'treatmentPlanRemoved':
        progress?.remove('treatmentPlan', write.id);
        break;
      case 'measure':
        progress?.upsert(measureDocument(write.measure));
        break;
      case 'measureRemoved':
        progress?.remove('measure', write.id);
        break;
    }
  };

  const loadProgress: LoadText = (ref) =>
    quietly(() => {
      switch (ref.kind) {
        case 'client':
          return clientDocument(feed.client(ref.id)).fields;
        case 'session':
          return sessionDocument(feed.session(ref.id)).fields;
        case 'progressNote':
          return feed.progressNote(ref.id).fields;
        case 'addendum':
          return { text: feed.addendum(ref.id).text };
        case 'diagnosis':
          return diagnosisDocument(feed.diagnosis(ref.id)).fields;
        case 'treatmentPlan':
          return treatmentPlanDocument(feed.treatmentPlan(ref.id)).fields;
        case 'measure':
          return measureDocument(feed.measure(ref.id)).fields;
        default:
          return null;
      }
    });
  const loadPsychotherapy: LoadText = (ref) => quietly(() => ({ text: feed.psychotherapyNote(ref.id).text }));

  const stopState = vault.onStateChange((state, reason) => {
    if (state === 'locked') {
      drop('psychotherapy');
      drop('progress');
      return;
    }
    if (reason === 'unlocked') start('progress');
    if (state === 'open+psychotherapy' && reason === 'psychotherapy-opened') start('psychotherapy');
    if (state === 'open') drop('psychotherapy');
  });
  const stopWrites = vault.onRecordWritten(heard);
  if (vault.state() !== 'locked') start('progress');
  if (vault.state() === 'open+psychotherapy') start('psychotherapy');

  return {
    search(request) {
      const progress = live.progress;
      if (!progress) throw new VaultError('LOCKED', 'Search is closed while the vault is locked');
      const given = request.filters ?? {};
      const filters: SearchFilters = {};
      if (given.clientId !== undefined) filters.clientId = given.clientId;
      if (given.from !== undefined) filters.from = given.from;
      if (given.to !== undefined) filters.to = given.to;
      if (given.template !== undefined) filters.template = given.template;
      if (given.status !== undefined) filters.signed = given.status === 'signed';
      const query = { text: request.text, filters, limit: request.limit ?? DEFAULT_LIMIT };
      const hits = progress.index.query(query, loadProgress);
      const psychotherapy = given.includePsychotherapy === true ? live.psychotherapy : null;
      if (psychotherapy) hits.push(...psychotherapy.index.query(query, loadPsychotherapy));
      return {
        results: hits.map(resultOf),
        building: progress.building || (psychotherapy?.building ?? false),
        psychotherapyIncluded: psychotherapy !== null,
      };
    },
    built: (compartment) => live[compartment]?.finished ?? Promise.resolve(null),
    index: (compartment) => live[compartment]?.index ?? null,
    rebuild() {
      if (live.progress) start('progress');
      if (live.psychotherapy) start('psychotherapy');
    },
    stop() {
      stopState();
      stopWrites();
      drop('psychotherapy');
      drop('progress');
    },
  };
}
