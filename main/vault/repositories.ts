/*
 * The repository facade of the vault API: each repository function bound to
 * the current file and key ring. A bound call needs the vault open (and the
 * compartment it reads, for psychotherapy notes) and counts as activity.
 */
import type { AuditEntry, Client, ProgressNote, PsychotherapyNote, Session } from '../../shared/domain/records';
import { asDiskFull } from '../../shared/errors';
import * as agenda from './agenda';
import type { AuditQueue } from './auditQueue';
import { appendAudit, listAudit } from './audit';
import { listClientOverview } from './clientOverview';
import { isManifestMacValid, manifestMac } from './manifestMac';
import * as authorizations from './authorizations';
import * as clients from './clients';
import type { Compartment } from './compartments';
import type { VaultContext } from './context';
import * as diagnoses from './diagnoses';
import * as disclosures from './disclosures';
import type { KeyRing } from './keyRing';
import type { LockController } from './lockController';
import { requireOpen } from './lockState';
import * as noteTemplates from './noteTemplates';
import * as progressNotes from './progressNotes';
import * as psychotherapyNotes from './psychotherapyNotes';
import * as sealedNotes from './sealedNotes';
import * as sessions from './sessions';
import * as treatmentPlans from './treatmentPlans';
import * as standing from './standingAppointments';
import { getSettings } from './settings';
import { todaySummary } from './today';
import type { SettingsEffects } from './settingsEffects';
import type { RecordWrites } from './recordFeed';
import type { VaultStorage } from './storage';
import type { RecordWrite, Vault } from './vaultApi';

type Bound<F> = F extends (ctx: VaultContext, ...args: infer A) => infer R ? (...args: A) => R : never;

export type Repositories = Pick<
  Vault,
  | 'clients'
  | 'sessions'
  | 'standingAppointments'
  | 'agenda'
  | 'progressNotes'
  | 'psychotherapyNotes'
  | 'sealedCapture'
  | 'authorizations'
  | 'disclosures'
  | 'today'
  | 'diagnoses'
  | 'treatmentPlans'
  | 'noteTemplates'
  | 'disclosures'
  | 'settings'
  | 'audit'
  | 'backupManifests'
  | 'transaction'
  | 'records'
>;

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
      get: bind(progressNotes.getProgressNote),
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
      get: bind(psychotherapyNotes.getPsychotherapyNote, 'psychotherapy'),
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
    diagnoses: {
      add: bind(diagnoses.addDiagnosis),
      change: bind(diagnoses.changeDiagnosis),
      get: bind(diagnoses.getDiagnosis),
      listForClient: bind(diagnoses.listDiagnosesForClient),
    },
    treatmentPlans: {
      getRecord: bind(treatmentPlans.getTreatmentPlanRecord),
      get: bind(treatmentPlans.getTreatmentPlan),
      saveDraft: bind(treatmentPlans.saveTreatmentPlanDraft),
      discardDraft: bind(treatmentPlans.discardTreatmentPlanDraft),
      sign: bind(treatmentPlans.signTreatmentPlan),
      signAsClinician: bind(treatmentPlans.signTreatmentPlanAsClinician),
      dueForReview: bind(treatmentPlans.listPlansDueForReview),
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
