/*
 * The vault's surface, declared: everything main/app, main/ipc, main/backup
 * and the tests may call on an open vault file. vault.ts builds it from the
 * modules that hold each part (storage, lock controller, key lifecycle,
 * repositories, settings effects).
 *
 * Repository calls check the lock state, count as activity and run against the
 * current file; the key operations run one at a time.
 */
import type {
  AgendaEntry,
  AuditEntry,
  AuditEvent,
  Client,
  ClientOverview,
  ClientPsychotherapyNote,
  Diagnosis,
  LockState,
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
import type { OverlapQuery } from './agenda';
import type { AuthorizationInput, AuthorizationView } from '../../shared/domain/authorizations';
import type { Disclosure, DisclosureInput } from './disclosures';
import type { Compartment } from './compartments';
import type { RotationProgress } from './keyRotation';
import type { LockReason } from './lockState';
import type { PassphraseChange } from './passphraseChange';
import type { ClientNote, ClientNotesQuery } from './progressNotes';
import type { RecoveryInput } from './recovery';
import type { BackupFolderFacts } from './today';
import type { TodayRequest, TodaySummary } from '../../shared/domain/today';

export type StateListener = (state: LockState, reason: LockReason | 'unlocked' | 'psychotherapy-opened') => void;
export type BeforeLockHook = () => Promise<void> | void;
/** Work the vault runs after each lock, once the keys are wiped (see LockedVaultAccess). */
export type LockedHook = (vault: LockedVaultAccess) => Promise<void> | void;
export type SettingsListener = (settings: Settings) => void;
export type PsychotherapyCloseReason = Extract<LockReason, 'psychotherapy-closed' | 'psychotherapy-idle'>;

export interface CreateVaultInput {
  passphrase: string;
  /** Defaults to the vault passphrase; a separate one keeps the compartment shut even to someone who saw that. */
  psychotherapyPassphrase?: string;
}

export interface RotateKeysInput {
  compartment: Compartment;
  /** That compartment's passphrase: the new slot is sealed under it. */
  passphrase: string;
}

export interface IdleTimeouts {
  vaultMs?: number;
  psychotherapyMs?: number;
}

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

export interface PsychotherapyNoteRepository {
  create(input: PsychotherapyNoteInput): PsychotherapyNote;
  update(id: string, text: string): PsychotherapyNote;
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

export interface DisclosureRepository {
  record(input: DisclosureInput): Disclosure;
  listForClient(clientId: string): Disclosure[];
}

export interface SettingsRepository {
  get(): Settings;
  /** Stores the settings and applies them at once (see settingsEffects.ts). */
  save(input: Settings): Settings;
}

export interface AuditRepository {
  list(): AuditEntry[];
  record(event: AuditEvent, detail?: AuditEntry['detail']): void;
}

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
 * What an index kept beside the vault reads and hears (see recordFeed.ts).
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

export interface BackupManifestAuthority {
  /** A MAC (hex) over a manifest's canonical message; needs the vault open. */
  mac(message: string): string;
  isAuthentic(message: string, macHex: string): boolean;
}

/**
 * What work after a lock may use: the file as stored (ciphertext, no key
 * needed), a manifest key derived from the progress key before the wipe and
 * wiped when the work ends, and an audit log that holds entries until the
 * next unlock can seal them.
 */
export interface LockedVaultAccess {
  readonly path: string;
  id(): string | null;
  /** Copies the file, still encrypted, through SQLite's online backup API. */
  backupTo(destination: string, onProgress?: (donePages: number, totalPages: number) => void): Promise<void>;
  backupManifests: BackupManifestAuthority;
  /** Queued, and written into the chain at the next unlock. */
  audit: Pick<AuditRepository, 'record'>;
}

export interface Vault {
  readonly path: string;
  isCreated(): boolean;
  /** The vault's random id; null before creation. */
  id(): string | null;
  state(): LockState;
  /** When the idle lock and the psychotherapy relock will fire (ms since epoch), for countdowns. */
  deadlines(): { vault: number | null; psychotherapy: number | null };
  /** Milliseconds left on each idle timer, by the vault's own clock; null when not running. */
  remaining(): { vaultMs: number | null; psychotherapyMs: number | null };

  onStateChange(listener: StateListener): () => void;
  /** Registers work that must finish before keys are wiped, e.g. flushing an unsaved draft. */
  onBeforeLock(hook: BeforeLockHook): () => void;
  /**
   * Registers work that runs after every lock, once the keys are wiped (the
   * automatic backup): calls meanwhile answer LOCKED. The lock waits for it,
   * within AFTER_LOCK_TIMEOUT_MS.
   */
  onLocked(hook: LockedHook): () => void;
  /** Hears every committed write of clients, sessions, progress notes, addenda and psychotherapy notes. */
  onRecordWritten(listener: RecordWriteListener): () => void;
  /** Hears every settings save, after the vault has applied its own part (the lock timings). */
  onSettingsSaved(listener: SettingsListener): () => void;

  create(input: CreateVaultInput): Promise<{ recoveryKey: string }>;
  unlock(passphrase: string): Promise<void>;
  openPsychotherapy(passphrase: string): Promise<void>;
  closePsychotherapy(reason?: PsychotherapyCloseReason): void;
  /** Flushes pending writes, then wipes every key. Hooks get a bounded time: a hung flush must not keep the vault open. */
  lock(reason?: LockReason): Promise<void>;
  /** Input seen in the window: postpones the idle lock. */
  recordActivity(): void;
  setIdleTimeouts(timeouts: IdleTimeouts): void;
  /** Forgotten passphrase: the recovery key opens the vault and a new passphrase replaces the old one in the same step. */
  unlockWithRecoveryKey(input: RecoveryInput): Promise<{ rotated: Compartment[] }>;
  /** Re-wraps one compartment's passphrase slot; needs the vault open. */
  changePassphrase(change: PassphraseChange): Promise<void>;
  /**
   * A new data key for one compartment (key_version + 1) with its passphrase
   * slot under `passphrase`, and a new recovery key (shown once) replacing
   * every recovery slot. Resolves once those slots are written; from then on
   * writes are sealed under the new key, and the rows still under the old one
   * are re-encrypted in the background (onRotationProgress, rotationSettled),
   * resumed at the next unlock if a lock or a crash cuts it short. Needs both
   * compartments open: the new recovery key must open both. A recovery-key
   * unlock rotates on its own, keeping the recovery key.
   */
  rotateKeys(input: RotateKeysInput): Promise<{ recoveryKey: string }>;
  /** Progress of the background re-encryption, after every batch. */
  onRotationProgress(listener: (progress: RotationProgress) => void): () => void;
  /** Resolves once no re-encryption runs (finished, stopped by a lock, or failed). */
  rotationSettled(): Promise<void>;
  /** A new recovery key, shown once; every old recovery slot removed. Needs both compartments open. */
  newRecoveryKey(): Promise<{ recoveryKey: string }>;

  clients: ClientRepository;
  sessions: SessionRepository;
  standingAppointments: StandingAppointmentRepository;
  agenda: AgendaRepository;
  progressNotes: ProgressNoteRepository;
  psychotherapyNotes: PsychotherapyNoteRepository;
  authorizations: AuthorizationRepository;
  sealedCapture: SealedCaptureRepository;
  diagnoses: DiagnosisRepository;
  treatmentPlans: TreatmentPlanRepository;
  disclosures: DisclosureRepository;
  today: TodayRepository;
  settings: SettingsRepository;
  audit: AuditRepository;
  /** Authenticates backup manifests under a key derived from the progress key (see manifestMac.ts). */
  backupManifests: BackupManifestAuthority;
  records: RecordFeed;
  /** Runs several writes as one transaction (one fsync): everything inside commits or nothing does. */
  transaction<T>(work: () => T): T;

  /** Copies the file, still encrypted, through SQLite's online backup API. */
  backupTo(destination: string, onProgress?: (donePages: number, totalPages: number) => void): Promise<void>;
  /**
   * Puts another file under this vault (restoring a backup): locks, closes the
   * file, runs `swap` while nothing holds it, then opens whatever is at `path`,
   * locked. Listeners and hooks stay attached.
   */
  replaceFile<T>(swap: () => T | Promise<T>): Promise<T>;
  /** Locks (flushing first) and closes the file: the last call on quit. */
  close(): Promise<void>;
}
