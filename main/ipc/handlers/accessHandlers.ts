import { VaultError } from '../../../shared/errors';
import type { AccessFulfilOutcome } from '../../../shared/ipc/contract';
import type { AccessRequestView } from '../../../shared/domain/accessRequests';
import { resolveExport } from '../../export/exportScope';
import type { Handlers } from '../handlerTypes';
import { progressSourceOf, runExport } from './exportHandlers';

/**
 * Requests for access to the record (45 CFR 164.524). Each change is audited
 * in the transaction that makes it, by row id and kind, never by content.
 */
export const accessHandlers: Handlers<
  'accessRequests.listForClient' | 'accessRequests.create' | 'accessRequests.extend' | 'accessRequests.deny' | 'accessRequests.fulfil'
> = {
  'accessRequests.listForClient': ({ vault }, { clientId }) => vault.accessRequests.listForClient(clientId),
  'accessRequests.create': ({ vault }, { request }) =>
    vault.transaction(() => {
      const created = vault.accessRequests.create(request);
      vault.audit.record('accessRequest.recorded', { accessRequestId: created.id, clientId: created.clientId, form: created.form });
      return created;
    }),
  'accessRequests.extend': ({ vault }, { id, extension }) =>
    vault.transaction(() => {
      const extended = vault.accessRequests.extend(id, extension);
      vault.audit.record('accessRequest.extended', { accessRequestId: id, clientId: extended.clientId });
      return extended;
    }),
  'accessRequests.deny': ({ vault }, { id, denial }) =>
    vault.transaction(() => {
      const denied = vault.accessRequests.deny(id, denial);
      vault.audit.record('accessRequest.denied', { accessRequestId: id, clientId: denied.clientId });
      return denied;
    }),
  /**
   * The designated record set as the exporter holds it: signed progress notes
   * with their addenda, the diagnoses and the treatment plan in force. The
   * exporter cannot reach psychotherapy notes, which 164.524(a)(1)(i) leaves
   * out of the right of access anyway; drafts are not part of the record.
   */
  'accessRequests.fulfil': async (services, { id, pdfPassword }): Promise<AccessFulfilOutcome> => {
    const { vault } = services;
    const request = vault.accessRequests.get(id);
    if (request.status !== 'open') throw new VaultError('INVALID_INPUT', `This request is already ${request.status}`);
    const plan = resolveExport(progressSourceOf(vault), { kind: 'record', clientId: request.clientId }, false, true);
    let closed: AccessRequestView | null = null;
    const outcome = await runExport(services, {
      plan,
      basis: { kind: 'client-request' },
      recipient: request.requestedBy,
      purpose: `The client's request for access of ${request.receivedOn} (45 CFR 164.524)`,
      ...(pdfPassword !== undefined ? { pdfPassword } : {}),
      alsoRecord: (disclosure) => {
        closed = vault.accessRequests.recordFulfilment(id, disclosure.id, plan.entries.length);
        vault.audit.record('accessRequest.fulfilled', { accessRequestId: id, clientId: request.clientId, disclosureId: disclosure.id });
      },
    });
    return { saved: outcome.saved, noteCount: outcome.noteCount, pageCount: outcome.pageCount, request: closed ?? vault.accessRequests.get(id) };
  },
};
