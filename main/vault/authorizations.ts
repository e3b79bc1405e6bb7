/*
 * A client's authorizations to disclose (45 CFR 164.508), encrypted in the
 * progress compartment. An authorization is a signed paper: once recorded it
 * is not edited, only revoked or, for an event-bound expiry, marked expired
 * by the event; a correction is a new authorization.
 */
import type { Authorization, AuthorizationInput, AuthorizationView } from '../../shared/domain/authorizations';
import { authorizationInputSchema, authorizationStatus } from '../../shared/domain/authorizations';
import { VaultError } from '../../shared/errors';
import { isoDateSchema, rowIdSchema } from '../../shared/domain/schemas';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { isoNow, localToday } from './context';
import { newId } from './ids';
import { insertRow, readRows, replaceRow, requireRow } from './rows';
import { parseInput } from './validate';

function view(ctx: VaultContext, authorization: Authorization): AuthorizationView {
  return { ...authorization, status: authorizationStatus(authorization, localToday(ctx)) };
}

/** Refuses a date after today: a signature or revocation is recorded once it has happened. */
function notAfterToday(ctx: VaultContext, date: string, what: string): void {
  if (date > localToday(ctx)) throw new VaultError('INVALID_INPUT', `The ${what} is after today`);
}

export function createAuthorization(ctx: VaultContext, input: AuthorizationInput): AuthorizationView {
  const fields = parseInput(authorizationInputSchema, input);
  getClient(ctx, fields.clientId);
  notAfterToday(ctx, fields.signedOn, 'date signed');
  const now = isoNow(ctx);
  const authorization: Authorization = { ...fields, id: newId(ctx.sodium), createdAt: now, updatedAt: now };
  insertRow(ctx, 'authorizations', authorization.id, authorization.clientId, authorization);
  return view(ctx, authorization);
}

function readAuthorization(ctx: VaultContext, id: string): Authorization {
  parseInput(rowIdSchema, id);
  return requireRow<Authorization>(ctx, 'authorizations', id, 'Authorization');
}

export function getAuthorization(ctx: VaultContext, id: string): AuthorizationView {
  return view(ctx, readAuthorization(ctx, id));
}

/** Newest signature first. */
export function listAuthorizationsForClient(ctx: VaultContext, clientId: string): AuthorizationView[] {
  getClient(ctx, clientId);
  return readRows<Authorization>(ctx, 'authorizations', clientId)
    .sort((a, b) => b.signedOn.localeCompare(a.signedOn) || b.createdAt.localeCompare(a.createdAt))
    .map((authorization) => view(ctx, authorization));
}

/** The day the written revocation was received; a revocation stands once recorded. */
export function revokeAuthorization(ctx: VaultContext, id: string, revokedOn: string): AuthorizationView {
  parseInput(isoDateSchema, revokedOn);
  const current = readAuthorization(ctx, id);
  if (current.revokedOn !== undefined) throw new VaultError('INVALID_INPUT', 'This authorization is already revoked');
  if (revokedOn < current.signedOn) throw new VaultError('INVALID_INPUT', 'The revocation is dated before the authorization was signed');
  notAfterToday(ctx, revokedOn, 'revocation date');
  const next: Authorization = { ...current, revokedOn, updatedAt: isoNow(ctx) };
  replaceRow(ctx, 'authorizations', id, next);
  return view(ctx, next);
}

/** Records the day the expiry event named in the authorization happened. */
export function recordAuthorizationExpiryEvent(ctx: VaultContext, id: string, occurredOn: string): AuthorizationView {
  parseInput(isoDateSchema, occurredOn);
  const current = readAuthorization(ctx, id);
  if (current.expiry.kind !== 'event') throw new VaultError('INVALID_INPUT', 'This authorization expires on a date, not an event');
  if (current.expiry.occurredOn !== undefined) throw new VaultError('INVALID_INPUT', 'The expiry event is already recorded');
  if (occurredOn < current.signedOn) throw new VaultError('INVALID_INPUT', 'The expiry event is dated before the authorization was signed');
  notAfterToday(ctx, occurredOn, 'expiry event date');
  const next: Authorization = { ...current, expiry: { ...current.expiry, occurredOn }, updatedAt: isoNow(ctx) };
  replaceRow(ctx, 'authorizations', id, next);
  return view(ctx, next);
}
