import { randomBytes } from 'node:crypto';
import { VaultError } from '../../../shared/errors';
import type { ExportOutcome, ReleaseBasis } from '../../../shared/domain/export';
import { resolveBasis } from '../../export/exportBasis';
import { saveExportFile } from '../../export/exportFile';
import type { ExportPlan } from '../../export/exportScope';
import { defaultExportFileName, resolveExport } from '../../export/exportScope';
import type { RenderedPdf } from '../../export/progressPdf';
import { renderProgressPdf } from '../../export/progressPdf';
import type { ProgressSource } from '../../export/progressSource';
import type { Disclosure, DisclosureInput } from '../../vault/disclosures';
import type { Vault } from '../../vault/vaultApi';
import type { Handlers } from '../handlerTypes';
import type { IpcServices } from '../services';

/**
 * The exporter's only window on the vault: progress-compartment reads and the
 * settings. The psychotherapy repository is not handed over, so no export can
 * carry psychotherapy notes whatever the compartment's state.
 */
export function progressSourceOf(vault: Vault): ProgressSource {
  return {
    getClient: (id) => vault.clients.get(id),
    getSession: (id) => vault.sessions.get(id),
    getNote: (id) => vault.progressNotes.get(id),
    listForClient: (clientId, query) => vault.progressNotes.listForClient(clientId, query),
    getAuthorization: (id) => vault.authorizations.get(id),
    settings: () => vault.settings.get(),
    listDiagnoses: (clientId) => vault.diagnoses.listForClient(clientId),
    currentTreatmentPlan: (clientId) => vault.treatmentPlans.getRecord(clientId).current,
    listMeasures: (clientId) => vault.measures.listForClient(clientId),
  };
}

/** One export of a resolved plan under a checked basis, from the save dialog to the disclosure record. */
export interface ExportJob {
  plan: ExportPlan;
  basis: ReleaseBasis;
  recipient: string;
  purpose: string;
  pdfPassword?: string;
  /** More to record with the disclosure, in its transaction (a records request closed by this export). */
  alsoRecord?: (disclosure: Disclosure) => void;
}

function disclosureOf(job: ExportJob, rendered: RenderedPdf): DisclosureInput {
  const { plan } = job;
  const { scope } = plan;
  return {
    clientId: plan.client.id,
    recipient: job.recipient,
    purpose: job.purpose,
    basis: job.basis,
    scope: scope.kind === 'range' ? { kind: 'range', from: scope.from, to: scope.to } : { kind: scope.kind },
    noteIds: plan.entries.map((entry) => entry.note.id),
    draftCount: plan.entries.filter((entry) => entry.note.status === 'draft').length,
    pageCount: rendered.pageCount,
    passwordProtected: job.pdfPassword !== undefined,
  };
}

/** Logs the disclosure and the audit entry in the transaction that puts the file in place (see exportFile.ts). */
function saveAndRecord(vault: Vault, path: string, rendered: RenderedPdf, job: ExportJob): void {
  const disclosure = disclosureOf(job, rendered);
  saveExportFile(path, rendered.bytes, (putInPlace) =>
    vault.transaction(() => {
      const recorded = vault.disclosures.record(disclosure);
      vault.audit.record('export.created', {
        clientId: disclosure.clientId,
        disclosureId: recorded.id,
        scope: disclosure.scope.kind,
        basis: disclosure.basis.kind,
        noteCount: disclosure.noteIds.length,
        draftCount: disclosure.draftCount,
        pageCount: disclosure.pageCount,
      });
      job.alsoRecord?.(recorded);
      putInPlace();
    }),
  );
}

/** Asks where to save, renders (cancellable, stopped by a lock), then saves and records. */
export async function runExport({ vault, dialogs, exports, push }: IpcServices, job: ExportJob): Promise<ExportOutcome> {
  const { plan } = job;
  const exportId = randomBytes(16).toString('hex');
  const total = plan.entries.length;
  const notSaved: ExportOutcome = { saved: false, exportId, noteCount: total, pageCount: 0 };
  const path = await dialogs.chooseSavePath(defaultExportFileName(plan, exports.now()));
  if (path === null) return notSaved;
  if (vault.state() === 'locked') throw new VaultError('LOCKED', 'The vault locked before the export was saved');

  const controller = new AbortController();
  let lockedDuringExport = false;
  const stopWatching = vault.onStateChange((state) => {
    if (state !== 'locked') return;
    lockedDuringExport = true;
    controller.abort();
  });
  const untrack = exports.track(exportId, controller);
  try {
    push('export.progress', { exportId, done: 0, total });
    const rendered = await renderProgressPdf(plan, {
      fonts: exports.fonts(),
      release: { recipient: job.recipient, purpose: job.purpose, basis: job.basis, preparedAt: exports.now() },
      ...(job.pdfPassword !== undefined ? { password: job.pdfPassword } : {}),
      signal: controller.signal,
      onProgress: (done) => push('export.progress', { exportId, done, total }),
    });
    if (lockedDuringExport) throw new VaultError('LOCKED', 'The vault locked during the export; nothing was saved');
    if (!rendered) return notSaved;
    saveAndRecord(vault, path, rendered, job);
    return { saved: true, exportId, noteCount: total, pageCount: rendered.pageCount };
  } finally {
    untrack();
    stopWatching();
  }
}

export const exportHandlers: Handlers<'export.progressNotes' | 'export.cancel'> = {
  'export.progressNotes': (services, request): Promise<ExportOutcome> => {
    const source = progressSourceOf(services.vault);
    const plan = resolveExport(source, request.scope, request.includeDrafts, request.includeTreatmentPlan);
    const basis = resolveBasis(request.basis, plan.client.id, source.getAuthorization);
    return runExport(services, {
      plan,
      basis,
      recipient: request.recipient,
      purpose: request.purpose,
      ...(request.pdfPassword !== undefined ? { pdfPassword: request.pdfPassword } : {}),
    });
  },

  'export.cancel': ({ exports }, { exportId }) => {
    exports.cancel(exportId);
    return null;
  },
};
