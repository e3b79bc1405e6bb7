/*
 * The IPC contract: every channel the renderer may call, in one table.
 * A channel is added here first, then handled in main/ipc/, then called from
 * the renderer. `lock` is the state a call needs: main refuses it otherwise
 * with LOCKED or PSYCHOTHERAPY_LOCKED before the handler runs.
 *
 * Nothing here returns a key, a file path, or the whole vault at once: a
 * script running in the renderer gets no more than the visible UI shows.
 */
import { z } from 'zod';
import type {
  AgendaEntry,
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
} from '../domain/records';
import {
  clientInputSchema,
  clockTimeSchema,
  diagnosisChangeSchema,
  diagnosisInputSchema,
  isoDateSchema,
  longTextSchema,
  newPassphraseSchema,
  passphraseSchema,
  progressDraftSchema,
  psychotherapyNoteInputSchema,
  rowIdSchema,
  sealedNoteInputSchema,
  sessionInputSchema,
  settingsSchema,
  standingAppointmentInputSchema,
  storedVersionSchema,
  treatmentPlanDraftSchema,
} from '../domain/schemas';
import type { Settings } from '../domain/schemas';
import type { BackupCreated, BackupRestored, BackupSettingsView, BackupVerified } from '../domain/backup';
import { backupPreferencesSchema } from '../domain/backup';
import type { AuthorizationView } from '../domain/authorizations';
import { authorizationInputSchema } from '../domain/authorizations';
import type { ExportOutcome } from '../domain/export';
import type { CourtOrder, PsychotherapyReleaseOutcome } from '../domain/release';
import { courtOrderInputSchema, psychotherapyReleaseRequestSchema } from '../domain/release';
import type { SearchReply } from '../domain/search';
import { searchRequestSchema } from '../domain/search';
import { exportRequestSchema } from '../domain/export';
import type { OutcomeMeasure } from '../domain/measures';
import { measureDifficultySchema, measureInputSchema, measureResponsesSchema } from '../domain/measures';
import type { AccessRequestView } from '../domain/accessRequests';
import { accessDenialSchema, accessExtensionSchema, accessRequestInputSchema } from '../domain/accessRequests';
import type { AuditLogView } from '../domain/auditLog';
import { auditLogQuerySchema } from '../domain/auditLog';
import type { Accounting, DisclosureLogEntry } from '../domain/disclosureLog';
import { disclosureLogQuerySchema } from '../domain/disclosureLog';
import type { CustomTemplate } from '../domain/noteTemplates';
import { customTemplateInputSchema } from '../domain/noteTemplates';
import type { TodaySummary } from '../domain/today';
import { todayRequestSchema } from '../domain/today';
import type { JoinFolderView, SyncConflictDetail, SyncConflictView, SyncStatusView } from '../domain/sync';
import { deviceNameSchema, SYNC_CONFLICT_CHOICES, syncConflictIdSchema } from '../domain/sync';

export type LockRequirement = 'none' | 'open' | 'psychotherapy';

interface ChannelSpec<Req extends z.ZodType, Res> {
  request: Req;
  lock: LockRequirement;
  /** Phantom: the reply's type, for the preload and renderer. */
  response?: Res;
}

function channel<Res>() {
  return <Req extends z.ZodType>(request: Req, lock: LockRequirement): ChannelSpec<Req, Res> => ({ request, lock });
}

const empty = z.strictObject({});
const passphraseChangeSchema = z.strictObject({ currentPassphrase: passphraseSchema, newPassphrase: newPassphraseSchema });
const byId = z.strictObject({ id: rowIdSchema });

/** Types the renderer reads off the contract, declared with the domain they belong to. */
export type { AgendaEntry, ClientOverview, SessionOverlap, SessionSummary, StandingAppointment } from '../domain/records';
export type { TodaySummary } from '../domain/today';
export type { OutcomeMeasure } from '../domain/measures';
export type { ExportBasis, ExportOutcome, ExportRequest, ExportScope } from '../domain/export';
export type { AuthorizationInput, AuthorizationView } from '../domain/authorizations';
export type { AccessRequestInput, AccessRequestView } from '../domain/accessRequests';
export type { Accounting, DisclosureLogEntry, DisclosureLogQuery } from '../domain/disclosureLog';
export type { AuditLogQuery, AuditLogView } from '../domain/auditLog';

/** A records request fulfilled by an export: the file's outcome and the request as it stands after. */
export interface AccessFulfilOutcome {
  saved: boolean;
  noteCount: number;
  pageCount: number;
  request: AccessRequestView;
}
export type { SearchReply, SearchRequest, SearchResult } from '../domain/search';
export type {
  CourtOrder,
  CourtOrderInput,
  PsychotherapyBasis,
  PsychotherapyReleaseOutcome,
  PsychotherapyReleaseRequest,
} from '../domain/release';
export type { CustomTemplate, CustomTemplateInput } from '../domain/noteTemplates';
export type { JoinFolderView, SyncDeviceView, SyncProgress, SyncStatusView } from '../domain/sync';

export interface VaultStatus {
  created: boolean;
  state: LockState;
  /** Milliseconds until the idle lock and the psychotherapy relock, when running. */
  vaultIdleMs: number | null;
  psychotherapyIdleMs: number | null;
}

export const contract = {
  'vault.status': channel<VaultStatus>()(empty, 'none'),
  'vault.create': channel<{ recoveryKey: string }>()(
    z.strictObject({ passphrase: newPassphraseSchema, psychotherapyPassphrase: newPassphraseSchema.optional() }),
    'none',
  ),
  'vault.unlock': channel<VaultStatus>()(z.strictObject({ passphrase: passphraseSchema }), 'none'),
  'vault.lock': channel<VaultStatus>()(empty, 'none'),
  'vault.activity': channel<null>()(empty, 'open'),

  'psychotherapy.open': channel<VaultStatus>()(z.strictObject({ passphrase: passphraseSchema }), 'open'),
  'psychotherapy.close': channel<VaultStatus>()(empty, 'open'),

  'clients.list': channel<Client[]>()(z.strictObject({ includeArchived: z.boolean() }), 'open'),
  'clients.get': channel<Client>()(byId, 'open'),
  'clients.create': channel<Client>()(z.strictObject({ client: clientInputSchema }), 'open'),
  'clients.update': channel<Client>()(z.strictObject({ id: rowIdSchema, client: clientInputSchema }), 'open'),
  'clients.setArchived': channel<Client>()(z.strictObject({ id: rowIdSchema, archived: z.boolean() }), 'open'),
  /** The client list's rows in one call: last and next session and unsigned notes per client. */
  'clients.overview': channel<ClientOverview[]>()(z.strictObject({ includeArchived: z.boolean() }), 'open'),

  'sessions.listForClient': channel<SessionSummary[]>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  'sessions.get': channel<Session>()(byId, 'open'),
  'sessions.create': channel<Session>()(z.strictObject({ session: sessionInputSchema }), 'open'),
  /** Refused with NOTE_SIGNED once the session's progress note is signed. */
  'sessions.update': channel<Session>()(z.strictObject({ id: rowIdSchema, session: sessionInputSchema }), 'open'),
  /** Refused with SESSION_HAS_NOTES while it has a progress or psychotherapy note. */
  'sessions.remove': channel<null>()(byId, 'open'),
  'sessions.overlaps': channel<SessionOverlap[]>()(
    z.strictObject({
      date: isoDateSchema,
      startTime: clockTimeSchema,
      endTime: clockTimeSchema,
      excludeSessionId: rowIdSchema.optional(),
    }),
    'open',
  ),
  /** At most 42 days; sessions due from standing appointments are made first. */
  'agenda.range': channel<AgendaEntry[]>()(z.strictObject({ from: isoDateSchema, to: isoDateSchema }), 'open'),

  'standingAppointments.listForClient': channel<StandingAppointment[]>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  'standingAppointments.create': channel<StandingAppointment>()(
    z.strictObject({ appointment: standingAppointmentInputSchema }),
    'open',
  ),
  'standingAppointments.update': channel<StandingAppointment>()(
    z.strictObject({ id: rowIdSchema, appointment: standingAppointmentInputSchema }),
    'open',
  ),

  'progressNotes.getForSession': channel<ProgressNote | null>()(z.strictObject({ sessionId: rowIdSchema }), 'open'),
  'progressNotes.previous': channel<ProgressNote | null>()(z.strictObject({ sessionId: rowIdSchema }), 'open'),
  /** `basedOn` is required here: a save over an import the editor never showed keeps that import as a conflict. */
  'progressNotes.saveDraft': channel<ProgressNote>()(progressDraftSchema.extend({ basedOn: storedVersionSchema.nullable() }), 'open'),
  /** The signer's name comes from settings in main, not from the renderer. */
  'progressNotes.sign': channel<ProgressNote>()(z.strictObject({ noteId: rowIdSchema }), 'open'),
  'progressNotes.addAddendum': channel<ProgressNote>()(
    z.strictObject({ noteId: rowIdSchema, text: z.string().trim().min(1).max(100_000) }),
    'open',
  ),

  /** A diagnosis names its code only; main takes the description from the shipped ICD-10-CM catalog. */
  'diagnoses.listForClient': channel<Diagnosis[]>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  'diagnoses.add': channel<Diagnosis>()(z.strictObject({ diagnosis: diagnosisInputSchema }), 'open'),
  'diagnoses.change': channel<Diagnosis>()(z.strictObject({ id: rowIdSchema, change: diagnosisChangeSchema }), 'open'),

  'treatmentPlans.get': channel<TreatmentPlanRecord>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  'treatmentPlans.saveDraft': channel<TreatmentPlan>()(treatmentPlanDraftSchema.extend({ basedOn: storedVersionSchema.nullable() }), 'open'),
  'treatmentPlans.discardDraft': channel<null>()(z.strictObject({ planId: rowIdSchema }), 'open'),
  /** Signed as the clinician in Settings, like a note; a signed plan is never changed. */
  'treatmentPlans.sign': channel<TreatmentPlan>()(z.strictObject({ planId: rowIdSchema }), 'open'),
  'treatmentPlans.dueForReview': channel<PlanReviewDue[]>()(z.strictObject({ asOf: isoDateSchema }), 'open'),

  /** Answers only: main scores them, and refuses a session of another client or one whose note is signed. */
  'measures.listForClient': channel<OutcomeMeasure[]>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  'measures.record': channel<OutcomeMeasure>()(z.strictObject({ measure: measureInputSchema }), 'open'),
  /** The whole set of answers again: a difficulty left out is no longer answered. */
  'measures.update': channel<OutcomeMeasure>()(
    z.strictObject({ id: rowIdSchema, responses: measureResponsesSchema, difficulty: measureDifficultySchema }),
    'open',
  ),
  'measures.remove': channel<null>()(byId, 'open'),
  /** Custom note templates; editing or removing one never changes a note written with it. */
  'noteTemplates.list': channel<CustomTemplate[]>()(empty, 'open'),
  'noteTemplates.create': channel<CustomTemplate>()(z.strictObject({ template: customTemplateInputSchema }), 'open'),
  'noteTemplates.update': channel<CustomTemplate>()(z.strictObject({ id: rowIdSchema, template: customTemplateInputSchema }), 'open'),
  'noteTemplates.remove': channel<null>()(byId, 'open'),

  'psychotherapyNotes.listForSession': channel<PsychotherapyNote[]>()(
    z.strictObject({ sessionId: rowIdSchema }),
    'psychotherapy',
  ),
  'psychotherapyNotes.create': channel<PsychotherapyNote>()(psychotherapyNoteInputSchema, 'psychotherapy'),
  'psychotherapyNotes.update': channel<PsychotherapyNote>()(
    z.strictObject({ id: rowIdSchema, text: longTextSchema, basedOn: storedVersionSchema.nullable() }),
    'psychotherapy',
  ),
  'psychotherapyNotes.remove': channel<null>()(byId, 'psychotherapy'),
  'psychotherapyNotes.listForClient': channel<ClientPsychotherapyNote[]>()(
    z.strictObject({ clientId: rowIdSchema }),
    'psychotherapy',
  ),
  /**
   * Quick capture while the compartment is closed: the note is sealed in main
   * and only its id and the session's sealed count come back. No channel
   * returns a sealed note's text; it is read once the compartment opens.
   */
  'psychotherapyCapture.seal': channel<SealedCapture>()(sealedNoteInputSchema, 'open'),
  'psychotherapyCapture.count': channel<{ sealedCount: number }>()(z.strictObject({ sessionId: rowIdSchema }), 'open'),

  /** The Today screen in one call; the date and time are the renderer's local ones. */
  'today.summary': channel<TodaySummary>()(todayRequestSchema, 'open'),
  /** Each with its status on the vault clock's local day, computed in main. */
  'authorizations.listForClient': channel<AuthorizationView[]>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  'authorizations.create': channel<AuthorizationView>()(z.strictObject({ authorization: authorizationInputSchema }), 'open'),
  'authorizations.revoke': channel<AuthorizationView>()(z.strictObject({ id: rowIdSchema, revokedOn: isoDateSchema }), 'open'),
  'authorizations.recordExpiryEvent': channel<AuthorizationView>()(
    z.strictObject({ id: rowIdSchema, occurredOn: isoDateSchema }),
    'open',
  ),

  /** Requests for access (164.524), each with its due date on the vault clock's local day. */
  'accessRequests.listForClient': channel<AccessRequestView[]>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  'accessRequests.create': channel<AccessRequestView>()(z.strictObject({ request: accessRequestInputSchema }), 'open'),
  /** Once per request, within its first 30 days. */
  'accessRequests.extend': channel<AccessRequestView>()(z.strictObject({ id: rowIdSchema, extension: accessExtensionSchema }), 'open'),
  'accessRequests.deny': channel<AccessRequestView>()(z.strictObject({ id: rowIdSchema, denial: accessDenialSchema }), 'open'),
  /**
   * Exports the designated record set (signed progress notes, diagnoses, the
   * treatment plan; never psychotherapy notes) on the client-request basis,
   * saved where the therapist chooses in main, and closes the request.
   */
  'accessRequests.fulfil': channel<AccessFulfilOutcome>()(
    z.strictObject({ id: rowIdSchema, pdfPassword: z.string().min(1).max(256).optional() }),
    'open',
  ),

  /** Disclosures newest first, one client's or everyone's; no note text. */
  'disclosures.log': channel<DisclosureLogEntry[]>()(disclosureLogQuerySchema, 'open'),
  /** The accounting of disclosures (164.528) as of today. */
  'accounting.forClient': channel<Accounting>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  /** The accounting as a PDF, saved where the therapist chooses in main. */
  'accounting.exportPdf': channel<{ saved: boolean; pageCount: number }>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  /** The audit log, its chain verified whole on every call; entries hold codes and counts only. */
  'audit.log': channel<AuditLogView>()(auditLogQuerySchema, 'open'),
  /** Only an order signed by a judge that names psychotherapy notes is recorded; a subpoena is refused. */
  'courtOrders.listForClient': channel<CourtOrder[]>()(z.strictObject({ clientId: rowIdSchema }), 'open'),
  'courtOrders.record': channel<CourtOrder>()(z.strictObject({ order: courtOrderInputSchema }), 'open'),

  /**
   * Chosen psychotherapy notes, in a PDF of their own, against a
   * psychotherapy-note authorization or a recorded court order. The
   * compartment must be open and its passphrase is typed again; main checks
   * the basis and that every note is this client's, and chooses the path.
   */
  'release.psychotherapyNotes': channel<PsychotherapyReleaseOutcome>()(psychotherapyReleaseRequestSchema, 'psychotherapy'),

  'settings.get': channel<Settings>()(empty, 'open'),
  'settings.update': channel<Settings>()(z.strictObject({ settings: settingsSchema }), 'open'),

  /** Ids and highlighted snippets only; psychotherapy notes join the results only while that compartment is open. */
  'search.query': channel<SearchReply>()(searchRequestSchema, 'open'),

  /** The save location is chosen in main with a dialog; the renderer never names a path. */
  'export.progressNotes': channel<ExportOutcome>()(exportRequestSchema, 'open'),
  'export.cancel': channel<null>()(z.strictObject({ exportId: rowIdSchema }), 'open'),

  /** Forgotten passphrase: the recovery key and the new passphrase(s) in one step; the vault opens. */
  'vault.unlockWithRecoveryKey': channel<VaultStatus>()(
    z.strictObject({
      recoveryKey: z.string().min(1).max(200),
      newPassphrase: newPassphraseSchema,
      newPsychotherapyPassphrase: newPassphraseSchema.optional(),
    }),
    'none',
  ),
  'vault.changePassphrase': channel<null>()(passphraseChangeSchema, 'open'),
  'psychotherapy.changePassphrase': channel<null>()(passphraseChangeSchema, 'open'),
  /**
   * A new data key for one compartment, every row re-encrypted, and a new
   * recovery key shown once. Needs both compartments open; progress comes
   * as `keys.rotationProgress` pushes.
   */
  'keys.rotate': channel<{ recoveryKey: string }>()(
    z.strictObject({ compartment: z.enum(['progress', 'psychotherapy']), passphrase: passphraseSchema }),
    'psychotherapy',
  ),
  /** A new recovery key, shown once; the old one stops working. Needs both compartments open. */
  'keys.newRecoveryKey': channel<{ recoveryKey: string }>()(empty, 'psychotherapy'),

  /** Backup files and folders are chosen in main with a dialog; replies name a file, never a path. */
  'backup.settings': channel<BackupSettingsView>()(empty, 'open'),
  'backup.updateSettings': channel<BackupSettingsView>()(backupPreferencesSchema, 'open'),
  'backup.chooseFolder': channel<BackupSettingsView>()(empty, 'open'),
  'backup.create': channel<BackupCreated>()(empty, 'open'),
  /** 'none': usable before a vault exists (a new computer); refused with LOCKED while a vault is locked. */
  'backup.verify': channel<BackupVerified>()(
    z.strictObject({ passphrase: passphraseSchema.optional(), psychotherapyPassphrase: passphraseSchema.optional() }),
    'none',
  ),
  'backup.restore': channel<BackupRestored>()(
    z.strictObject({ passphrase: passphraseSchema, psychotherapyPassphrase: passphraseSchema.optional() }),
    'none',
  ),

  /**
   * Sync through a folder a file-sync tool already syncs (docs/SYNC.md). The
   * folder is chosen in main with a dialog and replies name only the folder's
   * own name. A folder without this vault gets it written there; one holding
   * another vault is refused with SYNC_OTHER_VAULT.
   */
  'sync.status': channel<SyncStatusView>()(empty, 'open'),
  'sync.chooseFolder': channel<SyncStatusView>()(z.strictObject({ deviceName: deviceNameSchema }), 'open'),
  'sync.renameDevice': channel<SyncStatusView>()(z.strictObject({ name: deviceNameSchema }), 'open'),
  /** Resolves once the exchange is over; a failure is in the reply's lastError. */
  'sync.runNow': channel<SyncStatusView>()(empty, 'open'),
  /** Stops syncing and forgets the folder; the folder and this vault keep what they hold. */
  'sync.turnOff': channel<SyncStatusView>()(empty, 'open'),
  /**
   * Removes another computer (a lost laptop): both data keys rotate under new
   * passphrases, which the other computers then need (sync.acceptRotatedKeys).
   * Replies with the new recovery key, shown once.
   */
  'sync.removeDevice': channel<{ recoveryKey: string; status: SyncStatusView }>()(
    z.strictObject({
      deviceId: z.string().regex(/^[0-9a-f]{32}$/, 'not a device id'),
      passphrase: passphraseSchema,
      psychotherapyPassphrase: passphraseSchema,
      newPassphrase: newPassphraseSchema,
      newPsychotherapyPassphrase: newPassphraseSchema,
    }),
    'psychotherapy',
  ),
  /** After SYNC_KEYS_ROTATED: takes the new keys from the folder with the new passphrases. */
  'sync.acceptRotatedKeys': channel<SyncStatusView>()(
    z.strictObject({ passphrase: passphraseSchema, psychotherapyPassphrase: passphraseSchema.optional() }),
    'open',
  ),
  /** The open conflicts, named as the other lists name their records; never a word of either text. */
  'sync.conflicts': channel<SyncConflictView[]>()(empty, 'open'),
  /**
   * One conflict with both texts. A psychotherapy note's needs that
   * compartment open (PSYCHOTHERAPY_LOCKED otherwise).
   */
  'sync.openConflict': channel<SyncConflictDetail>()(z.strictObject({ id: syncConflictIdSchema }), 'open'),
  /**
   * Resolves one conflict with a new save that has seen both versions, and
   * dismisses the copy on every computer; both travel in the next batch.
   * Replies with the conflicts still open.
   */
  'sync.resolveConflict': channel<SyncConflictView[]>()(
    z.strictObject({ id: syncConflictIdSchema, choice: z.enum(SYNC_CONFLICT_CHOICES) }),
    'open',
  ),
  /**
   * A computer without a vault joins one from a sync folder, chosen in main;
   * both are refused with VAULT_EXISTS once a vault is here. The join
   * assembles the vault beside its place and swaps it in only when complete,
   * then opens it; progress comes as `sync.progress` pushes.
   */
  'vault.chooseJoinFolder': channel<JoinFolderView>()(empty, 'none'),
  'vault.join': channel<VaultStatus>()(z.strictObject({ passphrase: passphraseSchema, deviceName: deviceNameSchema }), 'none'),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.infer<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = Exclude<Contract[C]['response'], undefined>;

export const CHANNELS = Object.keys(contract) as Channel[];
