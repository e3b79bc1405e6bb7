/*
 * What an index kept beside the vault (search) reads and hears: every record
 * of a client in one call, and every write after it commits. Its reads check
 * the lock state like any repository call but do not count as activity:
 * building an index in the background must not keep an idle vault open.
 */
import type { Addendum, Client, ProgressNote, PsychotherapyNote, Session } from '../../shared/domain/records';
import type { VaultContext } from './context';
import type { KeyRing } from './keyRing';
import { requireOpen } from './lockState';
import { getClient, listClients } from './clients';
import { getProgressNote, getProgressNoteForSession } from './progressNotes';
import { getPsychotherapyNote } from './psychotherapyNotes';
import { readRows } from './rows';
import { getSession } from './sessions';
import type { VaultStorage } from './storage';

/** A record as it stands after a write has committed; a removed psychotherapy note by its id. */
export type RecordWrite =
  | { kind: 'client'; client: Client }
  | { kind: 'session'; session: Session }
  | { kind: 'sessionRemoved'; id: string }
  | { kind: 'progressNote'; note: ProgressNote }
  | { kind: 'psychotherapyNote'; note: PsychotherapyNote }
  | { kind: 'psychotherapyNoteRemoved'; id: string; sessionId: string };

export type RecordWriteListener = (write: RecordWrite) => void;

/** A client's sessions and progress notes (addenda included), in no particular order. */
export interface ClientRecords {
  sessions: Session[];
  notes: ProgressNote[];
}

/**
 * What an index kept beside the vault reads and hears.
 * Reads need the vault open (the psychotherapy ones, that compartment too)
 * and do not count as activity.
 */
export interface RecordFeed {
  /** Every client, archived ones too. */
  clients(): Client[];
  clientRecords(clientId: string): ClientRecords;
  /** The client's sessions and the psychotherapy notes among them. */
  psychotherapyNotesForClient(clientId: string): { sessions: Session[]; notes: PsychotherapyNote[] };
  client(id: string): Client;
  session(id: string): Session;
  progressNote(id: string): ProgressNote;
  progressNoteForSession(sessionId: string): ProgressNote | null;
  psychotherapyNote(id: string): PsychotherapyNote;
}

type NotePayload = Omit<ProgressNote, 'addenda'>;

function byCreation<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

function clientRecords(ctx: VaultContext, clientId: string): ClientRecords {
  const sessions = readRows<Session>(ctx, 'sessions', clientId);
  const notes: ProgressNote[] = [];
  for (const session of sessions) {
    for (const note of readRows<NotePayload>(ctx, 'progress_notes', session.id)) {
      notes.push({ ...note, addenda: readRows<Addendum>(ctx, 'addenda', note.id).sort(byCreation) });
    }
  }
  return { sessions, notes };
}

function psychotherapyNotesOf(ctx: VaultContext, clientId: string): { sessions: Session[]; notes: PsychotherapyNote[] } {
  ctx.keys.get('psychotherapy');
  const sessions = readRows<Session>(ctx, 'sessions', clientId);
  return { sessions, notes: sessions.flatMap((session) => readRows<PsychotherapyNote>(ctx, 'psychotherapy_notes', session.id)) };
}

export interface RecordWrites {
  feed: RecordFeed;
  onWritten(listener: RecordWriteListener): () => void;
  /** Tells the listeners, or holds the write until the enclosing vault transaction commits. */
  written(write: RecordWrite): void;
  /** Runs a transaction; writes inside it are heard only once it has committed, and never if it rolled back. */
  transaction<T>(run: () => T): T;
}

export function createRecordWrites(storage: VaultStorage, keys: KeyRing): RecordWrites {
  const listeners = new Set<RecordWriteListener>();
  let held: RecordWrite[] | null = null;
  const tell = (write: RecordWrite): void => {
    for (const listener of listeners) {
      try {
        listener(write);
      } catch {
        // The write has committed; a listener that fails must not make it look failed.
      }
    }
  };
  const read =
    <A extends unknown[], R>(fn: (ctx: VaultContext, ...args: A) => R, compartment: 'progress' | 'psychotherapy' = 'progress') =>
    (...args: A): R => {
      const ctx = storage.context();
      requireOpen(keys, compartment);
      return fn(ctx, ...args);
    };

  return {
    onWritten(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    feed: {
      clients: read((ctx) => listClients(ctx, { includeArchived: true })),
      clientRecords: read(clientRecords),
      psychotherapyNotesForClient: read(psychotherapyNotesOf, 'psychotherapy'),
      client: read(getClient),
      session: read(getSession),
      progressNote: read(getProgressNote),
      progressNoteForSession: read(getProgressNoteForSession),
      psychotherapyNote: read(getPsychotherapyNote, 'psychotherapy'),
    },
    written(write) {
      if (held) held.push(write);
      else tell(write);
    },
    transaction(run) {
      if (held) return run();
      held = [];
      let writes: RecordWrite[] = [];
      try {
        const result = run();
        writes = held;
        return result;
      } finally {
        held = null;
        for (const write of writes) tell(write);
      }
    },
  };
}
