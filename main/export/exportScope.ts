import { VaultError } from '../../shared/errors';
import type { Client, Diagnosis, TreatmentPlan } from '../../shared/domain/records';
import type { OutcomeMeasure } from '../../shared/domain/measures';
import type { Settings } from '../../shared/domain/schemas';
import type { ExportScope } from '../../shared/domain/export';
import { clientFileTag, localDay } from './exportFormat';
import type { ExportEntry, ProgressSource } from './progressSource';

/** What one export prints: the practice, one client, their diagnoses, the plan if asked for, and their notes oldest first. */
export interface ExportPlan {
  scope: ExportScope;
  client: Client;
  diagnoses: Diagnosis[];
  /** The signed plan in force, when the export asked for it. */
  treatmentPlan: TreatmentPlan | null;
  entries: ExportEntry[];
  /** Readings from the exported notes' sessions, oldest first. */
  measures: OutcomeMeasure[];
  practice: Settings;
}

function entriesFor(source: ProgressSource, scope: ExportScope, includeDrafts: boolean): ExportEntry[] {
  switch (scope.kind) {
    case 'note': {
      const note = source.getNote(scope.noteId);
      if (note.status === 'draft' && !includeDrafts) {
        throw new VaultError('INVALID_INPUT', 'This note is an unsigned draft; include drafts to export it');
      }
      return [{ session: source.getSession(note.sessionId), note }];
    }
    case 'range': {
      if (scope.from > scope.to) throw new VaultError('INVALID_INPUT', 'The date range ends before it starts');
      const entries = source.listForClient(scope.clientId, { from: scope.from, to: scope.to, includeDrafts });
      if (entries.length === 0) throw new VaultError('NOT_FOUND', 'No progress notes in that date range');
      return entries;
    }
    case 'record': {
      const entries = source.listForClient(scope.clientId, { includeDrafts });
      if (entries.length === 0) {
        const drafts = includeDrafts ? '' : ' (unsigned drafts are left out unless included)';
        throw new VaultError('NOT_FOUND', `This record has no progress notes to export${drafts}; nothing was exported`);
      }
      return entries;
    }
  }
}

/** A measure travels with its session's note: never one from a session the export leaves out. */
function measuresOf(source: ProgressSource, clientId: string, entries: readonly ExportEntry[]): OutcomeMeasure[] {
  const sessions = new Set(entries.map((entry) => entry.session.id));
  return source.listMeasures(clientId).filter((measure) => sessions.has(measure.sessionId));
}

/**
 * Resolves a scope to the notes it covers. A scope with no notes is refused
 * before anything is written or logged: it would disclose identifiers and
 * nothing else.
 */
export function resolveExport(
  source: ProgressSource,
  scope: ExportScope,
  includeDrafts: boolean,
  includeTreatmentPlan = false,
): ExportPlan {
  const entries = entriesFor(source, scope, includeDrafts);
  const clientId = scope.kind === 'note' ? entries[0]!.session.clientId : scope.clientId;
  return {
    scope,
    client: source.getClient(clientId),
    diagnoses: source.listDiagnoses(clientId),
    treatmentPlan: includeTreatmentPlan ? source.currentTreatmentPlan(clientId) : null,
    entries,
    measures: measuresOf(source, clientId, entries),
    practice: source.settings(),
  };
}

/**
 * The name the save dialog suggests. File names show in the system's recent
 * files, so it carries the chart number (or, without one, a fragment of the
 * random client id) and the scope, never the client's name.
 */
export function defaultExportFileName(plan: ExportPlan, now: Date): string {
  const who = clientFileTag(plan.client);
  const { scope } = plan;
  switch (scope.kind) {
    case 'note':
      return `${who}-progress-note-${plan.entries[0]!.session.date}.pdf`;
    case 'range':
      return `${who}-progress-notes-${scope.from}-to-${scope.to}.pdf`;
    case 'record':
      return `${who}-clinical-record-${localDay(now)}.pdf`;
  }
}
