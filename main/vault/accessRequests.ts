/*
 * A client's requests for access to their record (45 CFR 164.524), encrypted
 * in the progress compartment. A request is recorded once; afterwards only
 * its one extension and its ending (fulfilment or denial) are added to it.
 */
import type { AccessDenial, AccessExtension, AccessRequest, AccessRequestInput, AccessRequestView } from '../../shared/domain/accessRequests';
import {
  accessDenialSchema,
  accessExtensionSchema,
  accessFirstDeadline,
  accessRequestInputSchema,
  accessRequestView,
} from '../../shared/domain/accessRequests';
import { rowIdSchema } from '../../shared/domain/schemas';
import { VaultError } from '../../shared/errors';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { isoNow, localToday } from './context';
import { newId } from './ids';
import { insertRow, readRows, replaceRow, requireRow } from './rows';
import { parseInput } from './validate';

function view(ctx: VaultContext, request: AccessRequest): AccessRequestView {
  return accessRequestView(request, localToday(ctx));
}

function notAfterToday(ctx: VaultContext, date: string, what: string): void {
  if (date > localToday(ctx)) throw new VaultError('INVALID_INPUT', `The ${what} is after today`);
}

function readRequest(ctx: VaultContext, id: string): AccessRequest {
  parseInput(rowIdSchema, id);
  return requireRow<AccessRequest>(ctx, 'access_requests', id, 'Access request');
}

/** A request that is fulfilled or denied is closed: nothing more is added to it. */
function readOpenRequest(ctx: VaultContext, id: string): AccessRequest {
  const request = readRequest(ctx, id);
  if (request.fulfilment) throw new VaultError('INVALID_INPUT', 'This request is already fulfilled');
  if (request.denial) throw new VaultError('INVALID_INPUT', 'This request is already denied');
  return request;
}

function save(ctx: VaultContext, next: AccessRequest): AccessRequestView {
  replaceRow(ctx, 'access_requests', next.id, next);
  return view(ctx, next);
}

export function createAccessRequest(ctx: VaultContext, input: AccessRequestInput): AccessRequestView {
  const fields = parseInput(accessRequestInputSchema, input);
  getClient(ctx, fields.clientId);
  notAfterToday(ctx, fields.receivedOn, 'date received');
  const now = isoNow(ctx);
  const request: AccessRequest = { ...fields, id: newId(ctx.sodium), createdAt: now, updatedAt: now };
  insertRow(ctx, 'access_requests', request.id, request.clientId, request);
  return view(ctx, request);
}

export function getAccessRequest(ctx: VaultContext, id: string): AccessRequestView {
  return view(ctx, readRequest(ctx, id));
}

/** Newest receipt first. */
export function listAccessRequestsForClient(ctx: VaultContext, clientId: string): AccessRequestView[] {
  getClient(ctx, clientId);
  return readRows<AccessRequest>(ctx, 'access_requests', clientId)
    .sort((a, b) => b.receivedOn.localeCompare(a.receivedOn) || b.createdAt.localeCompare(a.createdAt))
    .map((request) => view(ctx, request));
}

/** Every client's open requests, the soonest due first: what Today shows. */
export function listOpenAccessRequests(ctx: VaultContext): AccessRequestView[] {
  return readRows<AccessRequest>(ctx, 'access_requests')
    .map((request) => view(ctx, request))
    .filter((request) => request.status === 'open')
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.createdAt.localeCompare(b.createdAt));
}

/**
 * The one extension 164.524(b)(2)(ii) allows: given within the first 30 days,
 * with the written reason, recorded once.
 */
export function extendAccessRequest(ctx: VaultContext, id: string, extension: AccessExtension): AccessRequestView {
  const fields = parseInput(accessExtensionSchema, extension);
  const current = readOpenRequest(ctx, id);
  if (current.extension) throw new VaultError('INVALID_INPUT', 'This request was already extended once; the rule allows one extension');
  if (fields.extendedOn < current.receivedOn) throw new VaultError('INVALID_INPUT', 'The extension is dated before the request was received');
  if (fields.extendedOn > accessFirstDeadline(current.receivedOn)) {
    throw new VaultError('INVALID_INPUT', 'An extension must be given within the first 30 days; that deadline has passed');
  }
  notAfterToday(ctx, fields.extendedOn, 'extension date');
  return save(ctx, { ...current, extension: fields, updatedAt: isoNow(ctx) });
}

/** A written denial with its reason (164.524(d)); the request is closed. */
export function denyAccessRequest(ctx: VaultContext, id: string, denial: AccessDenial): AccessRequestView {
  const fields = parseInput(accessDenialSchema, denial);
  const current = readOpenRequest(ctx, id);
  if (fields.deniedOn < current.receivedOn) throw new VaultError('INVALID_INPUT', 'The denial is dated before the request was received');
  notAfterToday(ctx, fields.deniedOn, 'denial date');
  return save(ctx, { ...current, denial: fields, updatedAt: isoNow(ctx) });
}

/** Closes the request as fulfilled today by the export whose disclosure record is `disclosureId`. */
export function recordAccessFulfilment(ctx: VaultContext, id: string, disclosureId: string, noteCount: number): AccessRequestView {
  parseInput(rowIdSchema, disclosureId);
  const current = readOpenRequest(ctx, id);
  const fulfilment = { fulfilledOn: localToday(ctx), disclosureId, noteCount };
  return save(ctx, { ...current, fulfilment, updatedAt: isoNow(ctx) });
}
