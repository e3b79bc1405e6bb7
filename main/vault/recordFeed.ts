/*
 * What an index kept beside the vault (search) reads and hears: every record
 * of a client in one call, and every write after it commits. Its reads check
 * the lock state like any repository call but do not count as activity:
 * building an index in the background must not keep an idle vault open.
 */
import type { OutcomeMeasure } from '../../shared/domain/measures';
import type { Addendum, Client, Diagnosis, ProgressNote, PsychotherapyNote, Session, TreatmentPlan } from '../../shared/domain/records';
import type { VaultContext } from './context';
import type { KeyRing } from './keyRing';
import { requireOpen } from './lockState';
import { getClient, listClients } from './clients';
import { getDiagnosis, listDiagnosesForClient } from './diagnoses';
import { getMeasure, measuresOfClient } from './outcomeMeasures';
import { getTreatmentPlan } from './treatmentPlans';
import { getAddendum, getProgressNotePayload } from './progressNotes';
import { getPsychotherapyNote } from './psychotherapyNotes';
import { readRows, readRowsUnder } from './rows';
import { getSession } from './sessions';
import type { VaultStorage } from './storage';

/** A record as it stands after a write has committed; a removed psychotherapy note by its id. */
export type RecordWrite =
  | { kind: 'client'; client: Client }
  | { kind: 'session'; session: Session }
  | { kind: 'sessionRemoved'; id: string }
  | { kind: 'progressNote'; note: ProgressNote }
  | { kind: 'psychotherapyNote'; note: PsychotherapyNote }
  | { kind: 'psychotherapyNoteRemoved'; id: string; sessionId: string }
  | { kind: 'diagnosis'; diagnosis: Diagnosis }
  | { kind: 'treatmentPlan'; plan: TreatmentPlan }
  | { kind: 'treatmentPlanRemoved'; id: string }
  | { kind: 'measure'; measure: OutcomeMeasure }
  | { kind: 'measureRemoved'; id: string };

type NotePayload = Omit<ProgressNote, 'addenda'>;

export type RecordWriteListener = (write: RecordWrite) => void;

/** A client's sessions, progress notes (addenda included) and clinical record, in no particular order. */
export interface ClientRecords {
  sessions: Session[];
  notes: ProgressNote[];
  diagnoses: Diagnosis[];
  /** Every revision, drafts and superseded ones too. */
  treatmentPlans: TreatmentPlan[];
  measures: OutcomeMeasure[];
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
  /** The note without its addenda: each addendum is a record of its own here. */
  progressNote(id: string): NotePayload;
  addendum(id: string): Addendum;
  psychotherapyNote(id: string): PsychotherapyNote;
  diagnosis(id: string): Diagnosis;
  treatmentPlan(id: string): TreatmentPlan;
  measure(id: string): OutcomeMeasure;
}

function byCreation<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** Three reads for all of a client's notes, addenda and measures, instead of three per session. */
function clientRecords(ctx: VaultContext, clientId: string): ClientRecords {
  const sessions = readRows<Session>(ctx, 'sessions', clientId);
  const addenda = new Map<string, Addendum[]>();
  for (const addendum of readRowsUnder<Addendum>(ctx, 'addenda', ['progress_notes', 'sessions'], clientId)) {
    const ofNote = addenda.get(addendum.noteId);
    if (ofNote) ofNote.push(addendum);
    else addenda.set(addendum.noteId, [addendum]);
  }
  const notes = readRowsUnder<NotePayload>(ctx, 'progress_notes', ['sessions'], clientId).map(
    (note): ProgressNote => ({ ...note, addenda: (addenda.get(note.id) ?? []).sort(byCreation) }),
  );
  return {
    sessions,
    notes,
    diagnoses: listDiagnosesForClient(ctx, clientId),
    treatmentPlans: readRows<Omit<TreatmentPlan, 'id'>>(ctx, 'treatment_plans', clientId),
    measures: measuresOfClient(ctx, clientId, sessions),
  };
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
      progressNote: read(getProgressNotePayload),
      addendum: read(getAddendum),
      psychotherapyNote: read(getPsychotherapyNote, 'psychotherapy'),
      diagnosis: read(getDiagnosis),
      treatmentPlan: read(getTreatmentPlan),
      measure: read(getMeasure),
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
