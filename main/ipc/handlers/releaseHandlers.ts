import type { PsychotherapyReleaseOutcome, PsychotherapyReleaseRequest } from '../../../shared/domain/release';
import { VaultError } from '../../../shared/errors';
import { saveExportFile } from '../../export/exportFile';
import type { RenderedRelease } from '../../release/releasePdf';
import { renderPsychotherapyRelease } from '../../release/releasePdf';
import { defaultReleaseFileName } from '../../release/releaseFileName';
import type { ReleasePlan } from '../../release/releasePlan';
import { resolveRelease } from '../../release/releasePlan';
import type { ReleaseSource } from '../../release/releaseSource';
import type { DisclosureInput } from '../../vault/disclosures';
import type { Vault } from '../../vault/vaultApi';
import type { Handlers } from '../handlerTypes';

/**
 * The release's window on the vault: psychotherapy notes one by one, by id,
 * never a client's progress notes. Each read needs the compartment open.
 */
export function releaseSourceOf(vault: Vault): ReleaseSource {
  return {
    getClient: (id) => vault.clients.get(id),
    getSession: (id) => vault.sessions.get(id),
    getPsychotherapyNote: (id) => vault.psychotherapyNotes.get(id),
    getAuthorization: (id) => vault.authorizations.get(id),
    getCourtOrder: (id) => vault.courtOrders.get(id),
    settings: () => vault.settings.get(),
  };
}

function disclosureOf(plan: ReleasePlan, request: PsychotherapyReleaseRequest, rendered: RenderedRelease): DisclosureInput {
  return {
    clientId: plan.client.id,
    recipient: request.recipient,
    purpose: request.purpose,
    basis: plan.basis,
    scope: { kind: 'psychotherapy-notes' },
    noteIds: plan.notes.map((entry) => entry.note.id),
    draftCount: 0,
    pageCount: rendered.pageCount,
    passwordProtected: request.pdfPassword !== undefined,
  };
}

export const releaseHandlers: Handlers<'courtOrders.listForClient' | 'courtOrders.record' | 'release.psychotherapyNotes'> = {
  'courtOrders.listForClient': ({ vault }, { clientId }) => vault.courtOrders.listForClient(clientId),
  'courtOrders.record': ({ vault }, { order }) =>
    vault.transaction(() => {
      const recorded = vault.courtOrders.record(order);
      vault.audit.record('courtOrder.recorded', { courtOrderId: recorded.id });
      return recorded;
    }),

  /**
   * Checks the basis and the notes first, then the passphrase with the real
   * KDF, and only then asks where to save. The file, the disclosure record
   * and the audit entry land together or not at all (see exportFile.ts).
   */
  'release.psychotherapyNotes': async ({ vault, dialogs, exports }, request): Promise<PsychotherapyReleaseOutcome> => {
    const plan = resolveRelease(releaseSourceOf(vault), request);
    await vault.confirmPsychotherapyPassphrase(request.passphrase);
    const noteCount = plan.notes.length;
    const path = await dialogs.chooseSavePath(defaultReleaseFileName(plan, exports.now()));
    if (path === null) return { saved: false, noteCount, pageCount: 0 };
    const rendered = await renderPsychotherapyRelease(plan, {
      fonts: exports.fonts(),
      release: { recipient: request.recipient, purpose: request.purpose, preparedAt: exports.now() },
      ...(request.pdfPassword !== undefined ? { password: request.pdfPassword } : {}),
    });
    // The compartment may have shut while the dialog was open: a release needs it open to the end.
    if (vault.state() !== 'open+psychotherapy') {
      throw new VaultError('PSYCHOTHERAPY_LOCKED', 'The psychotherapy notes closed before the release was saved; nothing was released');
    }
    const disclosure = disclosureOf(plan, request, rendered);
    saveExportFile(path, rendered.bytes, (putInPlace) =>
      vault.transaction(() => {
        vault.disclosures.record(disclosure);
        vault.audit.record('psychotherapy.released', {
          basis: plan.basis.kind,
          noteCount,
          pageCount: rendered.pageCount,
        });
        putInPlace();
      }),
    );
    return { saved: true, noteCount, pageCount: rendered.pageCount };
  },
};
