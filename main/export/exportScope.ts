import { VaultError } from '../../shared/errors';
import type { Client, Diagnosis, TreatmentPlan } from '../../shared/domain/records';
import type { Settings } from '../../shared/domain/schemas';
import type { ExportScope } from '../../shared/domain/export';
import { localDay } from './exportFormat';
import type { ExportEntry, ProgressSource } from './progressSource';

/** What one export prints: the practice, one client, their diagnoses, the plan if asked for, and their notes oldest first. */
export interface ExportPlan {
  scope: ExportScope;
  client: Client;
  diagnoses: Diagnosis[];
  /** The signed plan in force, when the export asked for it. */
  treatmentPlan: TreatmentPlan | null;
  entries: ExportEntry[];
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
    case 'record':
      return source.listForClient(scope.clientId, { includeDrafts });
  }
}

/**
 * Resolves a scope to the notes it covers. A whole record may hold no notes
 * (the client details are still the record); an empty range is refused, as it
 * would disclose identifiers and nothing else.
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
    practice: source.settings(),
  };
}

/** The name the save dialog suggests: the export date and kind, never client data. */
export function defaultExportFileName(scope: ExportScope, now: Date): string {
  const day = localDay(now);
  return scope.kind === 'record' ? `clinical-record-${day}.pdf` : `progress-notes-${day}.pdf`;
}
