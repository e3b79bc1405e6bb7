/*
 * Court orders recorded as the basis for releasing a client's psychotherapy
 * notes (45 CFR 164.508(a)(2)(ii), 164.512(a) and (e)(1)(i)), encrypted in
 * the progress compartment. A court order is a signed paper: once recorded
 * it is not edited. Only an order signed by a judge that names psychotherapy
 * notes is recorded; a subpoena is refused here, before it can be chosen.
 */
import type { CourtOrder, CourtOrderInput } from '../../shared/domain/release';
import { courtOrderInputSchema, courtOrderRefusal } from '../../shared/domain/release';
import { VaultError } from '../../shared/errors';
import { rowIdSchema } from '../../shared/domain/schemas';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { isoNow, localToday } from './context';
import { newId } from './ids';
import { insertRow, readRows, requireRow } from './rows';
import { parseInput } from './validate';

export function recordCourtOrder(ctx: VaultContext, input: CourtOrderInput): CourtOrder {
  const fields = parseInput(courtOrderInputSchema, input);
  const refusal = courtOrderRefusal(fields);
  if (refusal) throw new VaultError('INVALID_INPUT', `${refusal}; nothing was recorded`);
  getClient(ctx, fields.clientId);
  if (fields.signedOn > localToday(ctx)) throw new VaultError('INVALID_INPUT', 'The date the order was signed is after today');
  const order: CourtOrder = { ...fields, id: newId(ctx.sodium), createdAt: isoNow(ctx) };
  insertRow(ctx, 'court_orders', order.id, order.clientId, order);
  return order;
}

export function getCourtOrder(ctx: VaultContext, id: string): CourtOrder {
  parseInput(rowIdSchema, id);
  return requireRow<CourtOrder>(ctx, 'court_orders', id, 'Court order');
}

/** Newest signature first. */
export function listCourtOrdersForClient(ctx: VaultContext, clientId: string): CourtOrder[] {
  getClient(ctx, clientId);
  return readRows<CourtOrder>(ctx, 'court_orders', clientId).sort(
    (a, b) => b.signedOn.localeCompare(a.signedOn) || b.createdAt.localeCompare(a.createdAt),
  );
}
