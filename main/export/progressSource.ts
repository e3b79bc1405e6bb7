import type { AuthorizationView } from '../../shared/domain/authorizations';
import type { Client, Diagnosis, ProgressNote, Session, TreatmentPlan } from '../../shared/domain/records';
import type { OutcomeMeasure } from '../../shared/domain/measures';
import type { Settings } from '../../shared/domain/schemas';

/** A progress note with the session it documents. */
export interface ExportEntry {
  session: Session;
  note: ProgressNote;
}

export interface EntryQuery {
  from?: string;
  to?: string;
  includeDrafts?: boolean;
}

/**
 * Everything the exporter may read: the progress compartment and the practice
 * settings, nothing else. The IPC handler fills it from the vault; the
 * psychotherapy-note repository has no place here, so no export can reach it.
 */
export interface ProgressSource {
  getClient(id: string): Client;
  getSession(id: string): Session;
  getNote(id: string): ProgressNote;
  /** A client's notes with their sessions, oldest first. */
  listForClient(clientId: string, query: EntryQuery): ExportEntry[];
  /** An authorization with its status today, to check the basis an export names. */
  getAuthorization(id: string): AuthorizationView;
  settings(): Settings;
  /** The client's diagnoses as they stand now. */
  listDiagnoses(clientId: string): Diagnosis[];
  /** The signed treatment plan in force, if any; never a draft. */
  currentTreatmentPlan(clientId: string): TreatmentPlan | null;
  /** The client's PHQ-9 and GAD-7 readings, oldest first. */
  listMeasures(clientId: string): OutcomeMeasure[];
}
