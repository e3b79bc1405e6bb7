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
  treatmentPlanDraftSchema,
} from '../domain/schemas';
import type { Settings } from '../domain/schemas';
import type { BackupCreated, BackupRestored, BackupSettingsView, BackupVerified } from '../domain/backup';
import { backupPreferencesSchema } from '../domain/backup';
import type { AuthorizationView } from '../domain/authorizations';
import { authorizationInputSchema } from '../domain/authorizations';
import type { ExportOutcome } from '../domain/export';
import type { SearchReply } from '../domain/search';
import { searchRequestSchema } from '../domain/search';
import { exportRequestSchema } from '../domain/export';
import type { CustomTemplate } from '../domain/noteTemplates';
import { customTemplateInputSchema } from '../domain/noteTemplates';
import type { TodaySummary } from '../domain/today';
import { todayRequestSchema } from '../domain/today';

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
export type { ExportBasis, ExportOutcome, ExportRequest, ExportScope } from '../domain/export';
export type { AuthorizationInput, AuthorizationView } from '../domain/authorizations';
export type { SearchReply, SearchRequest, SearchResult } from '../domain/search';
export type { CustomTemplate, CustomTemplateInput } from '../domain/noteTemplates';

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
  'progressNotes.saveDraft': channel<ProgressNote>()(progressDraftSchema, 'open'),
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
  'treatmentPlans.saveDraft': channel<TreatmentPlan>()(treatmentPlanDraftSchema, 'open'),
  'treatmentPlans.discardDraft': channel<null>()(z.strictObject({ planId: rowIdSchema }), 'open'),
  /** Signed as the clinician in Settings, like a note; a signed plan is never changed. */
  'treatmentPlans.sign': channel<TreatmentPlan>()(z.strictObject({ planId: rowIdSchema }), 'open'),
  'treatmentPlans.dueForReview': channel<PlanReviewDue[]>()(z.strictObject({ asOf: isoDateSchema }), 'open'),

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
    z.strictObject({ id: rowIdSchema, text: longTextSchema }),
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
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.infer<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = Exclude<Contract[C]['response'], undefined>;

export const CHANNELS = Object.keys(contract) as Channel[];
