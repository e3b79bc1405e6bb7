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
  LockState,
  ProgressNote,
  PsychotherapyNote,
  Session,
  SessionOverlap,
  SessionSummary,
  StandingAppointment,
} from '../../shared/domain/records';
import type {
  AddendumInput,
  ClientInput,
  ProgressDraftInput,
  PsychotherapyNoteInput,
  SessionInput,
  Settings,
  StandingAppointmentInput,
} from '../../shared/domain/schemas';
import type { OverlapQuery } from './agenda';
import type { Disclosure, DisclosureInput } from './disclosures';
import type { LockReason } from './lockState';
import type { PassphraseChange } from './passphraseChange';
import type { ClientNote, ClientNotesQuery } from './progressNotes';
import type { RecoveryInput } from './recovery';

export type StateListener = (state: LockState, reason: LockReason | 'unlocked' | 'psychotherapy-opened') => void;
export type BeforeLockHook = () => Promise<void> | void;
export type SettingsListener = (settings: Settings) => void;
export type PsychotherapyCloseReason = Extract<LockReason, 'psychotherapy-closed' | 'psychotherapy-idle'>;

export interface CreateVaultInput {
  passphrase: string;
  /** Defaults to the vault passphrase; a separate one keeps the compartment shut even to someone who saw that. */
  psychotherapyPassphrase?: string;
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

export interface PsychotherapyNoteRepository {
  create(input: PsychotherapyNoteInput): PsychotherapyNote;
  update(id: string, text: string): PsychotherapyNote;
  get(id: string): PsychotherapyNote;
  remove(id: string): void;
  listForSession(sessionId: string): PsychotherapyNote[];
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
  unlockWithRecoveryKey(input: RecoveryInput): Promise<void>;
  /** Re-wraps one compartment's passphrase slot; needs the vault open. */
  changePassphrase(change: PassphraseChange): Promise<void>;

  clients: ClientRepository;
  sessions: SessionRepository;
  standingAppointments: StandingAppointmentRepository;
  agenda: AgendaRepository;
  progressNotes: ProgressNoteRepository;
  psychotherapyNotes: PsychotherapyNoteRepository;
  disclosures: DisclosureRepository;
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
