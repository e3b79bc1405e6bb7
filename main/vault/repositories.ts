/*
 * The repository facade of the vault API, declared and built: each
 * repository function bound to the current file and key ring. A bound call needs the vault open (and the
 * compartment it reads, for psychotherapy notes) and counts as activity.
 */
import type { AuthorizationInput, AuthorizationView } from '../../shared/domain/authorizations';
import type { AccessDenial, AccessExtension, AccessRequestInput, AccessRequestView } from '../../shared/domain/accessRequests';
import type { AuditLogQuery, AuditLogView } from '../../shared/domain/auditLog';
import type { DisclosureLogEntry, DisclosureLogQuery } from '../../shared/domain/disclosureLog';
import type { CourtOrder, CourtOrderInput } from '../../shared/domain/release';
import type {
  AgendaEntry,
  AuditEntry,
  AuditEvent,
  Client,
  ClientOverview,
  ClientPsychotherapyNote,
  Diagnosis,
  PlanReviewDue,
  ProgressNote,
  PsychotherapyNote,
  SealedCapture,
  Session,
  SessionOverlap,
  SessionSummary,
  StandingAppointment,
  TreatmentPlan,
  TreatmentPlanRecord,
} from '../../shared/domain/records';
import type {
  AddendumInput,
  ClientInput,
  DiagnosisChange,
  DiagnosisInput,
  ProgressDraftInput,
  PsychotherapyNoteInput,
  SealedNoteInput,
  SessionInput,
  Settings,
  StandingAppointmentInput,
  TreatmentPlanDraftInput,
} from '../../shared/domain/schemas';
import type { MeasureInput, OutcomeMeasure } from '../../shared/domain/measures';
import type { Difficulty } from '../../shared/clinical/measures';
import type { CustomTemplate, CustomTemplateInput } from '../../shared/domain/noteTemplates';
import type { TodayRequest, TodaySummary } from '../../shared/domain/today';
import { asDiskFull } from '../../shared/errors';
import * as agenda from './agenda';
import type { OverlapQuery } from './agenda';
import type { AuditQueue } from './auditQueue';
import { appendAudit, listAudit } from './audit';
import { listClientOverview } from './clientOverview';
import { isManifestMacValid, manifestMac } from './manifestMac';
import * as accessRequests from './accessRequests';
import { readAuditLog } from './auditLog';
import * as authorizations from './authorizations';
import * as clients from './clients';
import * as courtOrders from './courtOrders';
import type { Compartment } from './compartments';
import type { VaultContext } from './context';
import * as diagnoses from './diagnoses';
import * as measures from './outcomeMeasures';
import * as disclosures from './disclosures';
import type { Disclosure, DisclosureInput } from './disclosures';
import type { KeyRing } from './keyRing';
import type { LockController } from './lockController';
import { requireOpen } from './lockState';
import * as noteTemplates from './noteTemplates';
import * as progressNotes from './progressNotes';
import type { ClientNote, ClientNotesQuery } from './progressNotes';
import * as psychotherapyNotes from './psychotherapyNotes';
import * as sealedNotes from './sealedNotes';
import * as sessions from './sessions';
import * as treatmentPlans from './treatmentPlans';
import * as standing from './standingAppointments';
import { getSettings } from './settings';
import { todaySummary } from './today';
import type { BackupFolderFacts } from './today';
import type { SettingsEffects } from './settingsEffects';
import type { RecordFeed, RecordWrite, RecordWrites } from './recordFeed';
import type { VaultStorage } from './storage';

type Bound<F> = F extends (ctx: VaultContext, ...args: infer A) => infer R ? (...args: A) => R : never;

export interface ClientRepository {
  create(input: ClientInput): Client;
  update(id: string, input: ClientInput): Client;
  setArchived(id: string, archived: boolean): Client;
  get(id: string): Client;
  /** By family name. */
  list(options?: { includeArchived?: boolean }): Client[];
  /** The client list's rows: by family name, each with last and next session and unsigned notes. */
  overview(options?: { includeArchived?: boolean }): ClientOverview[];
}

export interface SessionRepository {
  create(input: SessionInput): Session;
  /** NOTE_SIGNED once the session's progress note is signed; each change is audited. */
  update(id: string, input: SessionInput): Session;
  /** SESSION_HAS_NOTES while a progress or psychotherapy note exists; audited. */
  remove(id: string): void;
  get(id: string): Session;
  /** Newest first. */
  listForClient(clientId: string): Session[];
  /** Newest first, each with its note's template and status: the client page's timeline. */
  listSummariesForClient(clientId: string): SessionSummary[];
  /** Sessions of any client sharing time with this one (cancelled ones free their time). */
  findOverlaps(query: OverlapQuery): SessionOverlap[];
}

export interface StandingAppointmentRepository {
  create(input: StandingAppointmentInput): StandingAppointment;
  /** Untouched sessions it made for today on are made again under the new rule. */
  update(id: string, input: StandingAppointmentInput): StandingAppointment;
  get(id: string): StandingAppointment;
  listForClient(clientId: string): StandingAppointment[];
  /** Makes the sessions these days should have and do not; returns how many. */
  materializeDays(dates: readonly string[]): number;
}

export interface AgendaRepository {
  /** Every client's sessions from `from` to `to`, made from standing appointments where missing, in time order. */
  range(from: string, to: string): AgendaEntry[];
}

export interface ProgressNoteRepository {
  saveDraft(input: ProgressDraftInput): ProgressNote;
  get(id: string): ProgressNote;
  getForSession(sessionId: string): ProgressNote | null;
  sign(id: string, signedBy: string): ProgressNote;
  /** Signs as the clinician named in Settings; SIGNER_NAME_MISSING before a name is there. */
  signAsClinician(id: string): ProgressNote;
  addAddendum(input: AddendumInput): ProgressNote;
  /** An addendum by the clinician named in Settings; SIGNER_NAME_MISSING before a name is there. */
  addAddendumAsClinician(noteId: string, text: string): ProgressNote;
  /** A client's notes with their sessions, oldest first. */
  listForClient(clientId: string, query?: ClientNotesQuery): ClientNote[];
  previous(sessionId: string): ProgressNote | null;
}

export interface DiagnosisRepository {
  /** The code must be billable in the shipped ICD-10-CM catalog; its description comes from there. */
  add(input: DiagnosisInput): Diagnosis;
  /** Writes the diagnosis's next version; earlier versions stay. */
  change(diagnosisId: string, change: DiagnosisChange): Diagnosis;
  get(diagnosisId: string): Diagnosis;
  /** As they stand now, each with its history: active first, primary first. */
  listForClient(clientId: string): Diagnosis[];
}

export interface TreatmentPlanRepository {
  /** The plan in force, the draft, and every signed revision. */
  getRecord(clientId: string): TreatmentPlanRecord;
  get(id: string): TreatmentPlan;
  /** Creates or updates the client's draft; with a signed plan in force, the draft is its revision. */
  saveDraft(input: TreatmentPlanDraftInput): TreatmentPlan;
  discardDraft(id: string): void;
  sign(id: string, signedBy: string): TreatmentPlan;
  /** Signs as the clinician named in Settings; SIGNER_NAME_MISSING before a name is there. */
  signAsClinician(id: string): TreatmentPlan;
  /** Plans in force whose review date is on or before the day (YYYY-MM-DD), soonest first. */
  dueForReview(asOf: string): PlanReviewDue[];
}

export interface MeasureRepository {
  /** Scored in main; INVALID_INPUT when the session is not the client's, NOTE_SIGNED once its note is signed. */
  record(input: MeasureInput): OutcomeMeasure;
  /** New answers for the same instrument (PHQ-9's difficulty answer among them), until the session's note is signed. */
  update(id: string, responses: number[], difficulty?: Difficulty): OutcomeMeasure;
  /** Until the session's note is signed; returns what was removed. */
  remove(id: string): OutcomeMeasure;
  get(id: string): OutcomeMeasure;
  /** Oldest first, each dated by its session. */
  listForClient(clientId: string): OutcomeMeasure[];
}

/** Custom note templates; a note keeps its own copy, so none of these calls changes a note. */
export interface NoteTemplateRepository {
  create(input: CustomTemplateInput): CustomTemplate;
  /** Writes the template's next version. */
  update(id: string, input: CustomTemplateInput): CustomTemplate;
  remove(id: string): void;
  get(id: string): CustomTemplate;
  /** By name. */
  list(): CustomTemplate[];
}

export interface PsychotherapyNoteRepository {
  create(input: PsychotherapyNoteInput): PsychotherapyNote;
  update(id: string, text: string, basedOn?: string | null): PsychotherapyNote;
  get(id: string): PsychotherapyNote;
  remove(id: string): void;
  listForSession(sessionId: string): PsychotherapyNote[];
  /** Newest session first. */
  listForClient(clientId: string): ClientPsychotherapyNote[];
}

/**
 * Quick capture while the psychotherapy compartment is closed (sealedNotes.ts).
 * Needs only the vault open; nothing here reads a sealed note back.
 */
export interface SealedCaptureRepository {
  /** CAPTURE_UNAVAILABLE until an upgraded vault's compartment has been opened once. */
  capture(input: SealedNoteInput): SealedCapture;
  countForSession(sessionId: string): number;
}

export interface TodayRepository {
  /** The day's sessions, notes to write, drafts to sign and the backup standing, in one read. */
  summary(request: TodayRequest, backup: BackupFolderFacts): TodaySummary;
}

export interface AuthorizationRepository {
  create(input: AuthorizationInput): AuthorizationView;
  /** With its status on the vault clock's local day. */
  get(id: string): AuthorizationView;
  /** Newest signature first. */
  listForClient(clientId: string): AuthorizationView[];
  revoke(id: string, revokedOn: string): AuthorizationView;
  recordExpiryEvent(id: string, occurredOn: string): AuthorizationView;
}

export interface AccessRequestRepository {
  create(input: AccessRequestInput): AccessRequestView;
  get(id: string): AccessRequestView;
  /** Newest receipt first, each with its due date on the vault clock's local day. */
  listForClient(clientId: string): AccessRequestView[];
  /** Every client's open requests, soonest due first. */
  listOpen(): AccessRequestView[];
  /** Once, within the first 30 days, with the written reason. */
  extend(id: string, extension: AccessExtension): AccessRequestView;
  deny(id: string, denial: AccessDenial): AccessRequestView;
  /** Closes the request as fulfilled today by the export recorded as `disclosureId`. */
  recordFulfilment(id: string, disclosureId: string, noteCount: number): AccessRequestView;
}

export interface CourtOrderRepository {
  /** Refuses a subpoena and an order that does not name psychotherapy notes. */
  record(input: CourtOrderInput): CourtOrder;
  get(id: string): CourtOrder;
  /** Newest signature first. */
  listForClient(clientId: string): CourtOrder[];
}

export interface DisclosureRepository {
  record(input: DisclosureInput): Disclosure;
  listForClient(clientId: string): Disclosure[];
  /** The disclosure log: newest first, one client's or everyone's, filtered by local day and basis. */
  log(query: DisclosureLogQuery): DisclosureLogEntry[];
}

export interface SettingsRepository {
  get(): Settings;
  /** Stores the settings and applies them at once (see settingsEffects.ts). */
  save(input: Settings): Settings;
}

export interface AuditRepository {
  list(): AuditEntry[];
  /** Verified whole when read, then filtered; a break is reported, not thrown. */
  log(query: AuditLogQuery): AuditLogView;
  record(event: AuditEvent, detail?: AuditEntry['detail']): void;
}

export interface BackupManifestAuthority {
  /** A MAC (hex) over a manifest's canonical message; needs the vault open. */
  mac(message: string): string;
  isAuthentic(message: string, macHex: string): boolean;
}


/**
 * The vault's record surface (the Vault interface extends it). A new
 * repository is declared and bound here, in one file.
 */
export interface Repositories {
  clients: ClientRepository;
  sessions: SessionRepository;
  standingAppointments: StandingAppointmentRepository;
  agenda: AgendaRepository;
  progressNotes: ProgressNoteRepository;
  psychotherapyNotes: PsychotherapyNoteRepository;
  authorizations: AuthorizationRepository;
  accessRequests: AccessRequestRepository;
  courtOrders: CourtOrderRepository;
  sealedCapture: SealedCaptureRepository;
  diagnoses: DiagnosisRepository;
  treatmentPlans: TreatmentPlanRepository;
  measures: MeasureRepository;
  noteTemplates: NoteTemplateRepository;
  disclosures: DisclosureRepository;
  today: TodayRepository;
  settings: SettingsRepository;
  audit: AuditRepository;
  /** Authenticates backup manifests under a key derived from the progress key (see manifestMac.ts). */
  backupManifests: BackupManifestAuthority;
  records: RecordFeed;
  /** Runs several writes as one transaction (one fsync): everything inside commits or nothing does. */
  transaction<T>(work: () => T): T;
}

export interface RepositoryParts {
  storage: VaultStorage;
  keys: KeyRing;
  lock: Pick<LockController, 'touch'>;
  settings: SettingsEffects;
  /** Entries that waited for space are written ahead of the next call's own writes. */
  auditQueue: Pick<AuditQueue, 'tryFlush' | 'waiting'>;
  writes: RecordWrites;
}

export function createRepositories({ storage, keys, lock, settings, auditQueue, writes }: RepositoryParts): Repositories {
  const bind = <F extends (ctx: VaultContext, ...args: never[]) => unknown>(
    fn: F,
    compartment: Compartment = 'progress',
  ): Bound<F> =>
    ((...args: never[]) => {
      const ctx = storage.context();
      requireOpen(keys, compartment);
      lock.touch(compartment);
      try {
        if (auditQueue.waiting() > 0) auditQueue.tryFlush(ctx);
        return fn(ctx, ...args);
      } catch (error) {
        throw asDiskFull(error);
      }
    }) as Bound<F>;
  /** A bound write whose result is told to the record feed's listeners. */
  const told =
    <A extends unknown[], R>(write: (...args: A) => R, heard: (result: R, args: A) => RecordWrite) =>
    (...args: A): R => {
      const result = write(...args);
      writes.written(heard(result, args));
      return result;
    };
  const client = (result: Client): RecordWrite => ({ kind: 'client', client: result });
  const session = (result: Session): RecordWrite => ({ kind: 'session', session: result });
  const progressNote = (result: ProgressNote): RecordWrite => ({ kind: 'progressNote', note: result });
  const psychotherapyNote = (result: PsychotherapyNote): RecordWrite => ({ kind: 'psychotherapyNote', note: result });
  const diagnosis = (result: Diagnosis): RecordWrite => ({ kind: 'diagnosis', diagnosis: result });
  const plan = (result: TreatmentPlan): RecordWrite => ({ kind: 'treatmentPlan', plan: result });
  const measure = (result: OutcomeMeasure): RecordWrite => ({ kind: 'measure', measure: result });

  const getPsychotherapy = bind(psychotherapyNotes.getPsychotherapyNote, 'psychotherapy');
  const removePsychotherapy = bind(psychotherapyNotes.deletePsychotherapyNote, 'psychotherapy');

  return {
    clients: {
      create: told(bind(clients.createClient), client),
      update: told(bind(clients.updateClient), client),
      setArchived: told(bind(clients.setClientArchived), client),
      get: bind(clients.getClient),
      list: bind(clients.listClients),
      overview: bind(listClientOverview),
    },
    sessions: {
      create: told(bind(sessions.createSession), session),
      update: told(bind(sessions.updateSession), session),
      remove: told(bind(sessions.deleteSession), (_result, [id]) => ({ kind: 'sessionRemoved', id })),
      get: bind(sessions.getSession),
      listForClient: bind(sessions.listSessionsForClient),
      listSummariesForClient: bind(progressNotes.listSessionSummariesForClient),
      findOverlaps: bind(agenda.findOverlaps),
    },
    standingAppointments: {
      create: bind(standing.createStandingAppointment),
      update: bind(standing.updateStandingAppointment),
      get: bind(standing.getStandingAppointment),
      listForClient: bind(standing.listStandingAppointmentsForClient),
      materializeDays: bind(standing.materializeDays),
    },
    agenda: {
      range: bind(agenda.listAgenda),
    },
    progressNotes: {
      saveDraft: told(bind(progressNotes.saveProgressDraft), progressNote),
      get: bind(progressNotes.showProgressNote),
      getForSession: bind(progressNotes.getProgressNoteForSession),
      sign: told(bind(progressNotes.signProgressNote), progressNote),
      signAsClinician: told(bind(progressNotes.signProgressNoteAsClinician), progressNote),
      addAddendum: told(bind(progressNotes.addAddendum), progressNote),
      addAddendumAsClinician: told(bind(progressNotes.addAddendumAsClinician), progressNote),
      listForClient: bind(progressNotes.listProgressNotesForClient),
      previous: bind(progressNotes.previousProgressNote),
    },
    psychotherapyNotes: {
      create: told(bind(psychotherapyNotes.createPsychotherapyNote, 'psychotherapy'), psychotherapyNote),
      update: told(bind(psychotherapyNotes.updatePsychotherapyNote, 'psychotherapy'), psychotherapyNote),
      get: bind(psychotherapyNotes.showPsychotherapyNote, 'psychotherapy'),
      remove: (id: string) => {
        const { sessionId } = getPsychotherapy(id);
        removePsychotherapy(id);
        writes.written({ kind: 'psychotherapyNoteRemoved', id, sessionId });
      },
      listForSession: bind(psychotherapyNotes.listPsychotherapyNotesForSession, 'psychotherapy'),
      listForClient: bind(psychotherapyNotes.listPsychotherapyNotesForClient, 'psychotherapy'),
    },
    sealedCapture: {
      capture: bind(sealedNotes.captureSealedNote),
      countForSession: bind(sealedNotes.countSealedNotes),
    },
    authorizations: {
      create: bind(authorizations.createAuthorization),
      get: bind(authorizations.getAuthorization),
      listForClient: bind(authorizations.listAuthorizationsForClient),
      revoke: bind(authorizations.revokeAuthorization),
      recordExpiryEvent: bind(authorizations.recordAuthorizationExpiryEvent),
    },
    accessRequests: {
      create: bind(accessRequests.createAccessRequest),
      get: bind(accessRequests.getAccessRequest),
      listForClient: bind(accessRequests.listAccessRequestsForClient),
      listOpen: bind(accessRequests.listOpenAccessRequests),
      extend: bind(accessRequests.extendAccessRequest),
      deny: bind(accessRequests.denyAccessRequest),
      recordFulfilment: bind(accessRequests.recordAccessFulfilment),
    },
    diagnoses: {
      add: told(bind(diagnoses.addDiagnosis), diagnosis),
      change: told(bind(diagnoses.changeDiagnosis), diagnosis),
      get: bind(diagnoses.getDiagnosis),
      listForClient: bind(diagnoses.listDiagnosesForClient),
    },
    treatmentPlans: {
      getRecord: bind(treatmentPlans.showTreatmentPlanRecord),
      get: bind(treatmentPlans.getTreatmentPlan),
      saveDraft: told(bind(treatmentPlans.saveTreatmentPlanDraft), plan),
      discardDraft: told(bind(treatmentPlans.discardTreatmentPlanDraft), (_result, [id]) => ({ kind: 'treatmentPlanRemoved', id })),
      sign: told(bind(treatmentPlans.signTreatmentPlan), plan),
      signAsClinician: told(bind(treatmentPlans.signTreatmentPlanAsClinician), plan),
      dueForReview: bind(treatmentPlans.listPlansDueForReview),
    },
    measures: {
      record: told(bind(measures.recordMeasure), measure),
      update: told(bind(measures.updateMeasure), measure),
      remove: told(bind(measures.removeMeasure), (result) => ({ kind: 'measureRemoved', id: result.id })),
      get: bind(measures.getMeasure),
      listForClient: bind(measures.listMeasuresForClient),
    },
    courtOrders: {
      record: bind(courtOrders.recordCourtOrder),
      get: bind(courtOrders.getCourtOrder),
      listForClient: bind(courtOrders.listCourtOrdersForClient),
    },
    noteTemplates: {
      create: bind(noteTemplates.createNoteTemplate),
      update: bind(noteTemplates.updateNoteTemplate),
      remove: bind(noteTemplates.deleteNoteTemplate),
      get: bind(noteTemplates.getNoteTemplate),
      list: bind(noteTemplates.listNoteTemplates),
    },
    disclosures: {
      record: bind(disclosures.recordDisclosure),
      listForClient: bind(disclosures.listDisclosuresForClient),
      log: bind(disclosures.listDisclosureLog),
    },
    today: {
      summary: bind(todaySummary),
    },
    settings: {
      get: bind(getSettings),
      save: bind(settings.save),
    },
    audit: {
      list: bind(listAudit) as () => AuditEntry[],
      log: bind(readAuditLog),
      record: bind(appendAudit),
    },
    backupManifests: {
      mac: bind(manifestMac),
      isAuthentic: bind(isManifestMacValid),
    },
    records: writes.feed,
    transaction(work) {
      requireOpen(keys);
      const db = storage.db();
      try {
        return writes.transaction(() => db.transaction(work).immediate());
      } catch (error) {
        throw asDiskFull(error);
      }
    },
  };
}
