import { VaultError } from '../../shared/errors';
import type { Session } from '../../shared/domain/records';
import type { SessionInput } from '../../shared/domain/schemas';
import { rowIdSchema, sessionInputSchema } from '../../shared/domain/schemas';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import { insertRow, readRows, replaceRow, requireRow } from './rows';
import { parseInput } from './validate';

export function createSession(ctx: VaultContext, input: SessionInput): Session {
  const fields = parseInput(sessionInputSchema, input);
  getClient(ctx, fields.clientId);
  const session: Session = { ...fields, id: newId(ctx.sodium), createdAt: isoNow(ctx) };
  insertRow(ctx, 'sessions', session.id, session.clientId, session);
  return session;
}

export function getSession(ctx: VaultContext, id: string): Session {
  parseInput(rowIdSchema, id);
  return requireRow<Session>(ctx, 'sessions', id, 'Session');
}

export function updateSession(ctx: VaultContext, id: string, input: SessionInput): Session {
  const fields = parseInput(sessionInputSchema, input);
  const current = getSession(ctx, id);
  if (fields.clientId !== current.clientId) {
    throw new VaultError('INVALID_INPUT', 'A session cannot move to another client');
  }
  const next: Session = { ...fields, id, createdAt: current.createdAt };
  replaceRow(ctx, 'sessions', id, next);
  return next;
}

/** A client's sessions, newest first. */
export function listSessionsForClient(ctx: VaultContext, clientId: string): Session[] {
  getClient(ctx, clientId);
  return readRows<Session>(ctx, 'sessions', clientId).sort(
    (a, b) => b.date.localeCompare(a.date) || b.startTime.localeCompare(a.startTime),
  );
}
