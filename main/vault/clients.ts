import { compareByFamilyName } from '../../shared/domain/clientSort';
import type { Client } from '../../shared/domain/records';
import type { ClientInput } from '../../shared/domain/schemas';
import { clientInputSchema, rowIdSchema } from '../../shared/domain/schemas';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import { insertRow, readRowsSorted, replaceRow, requireRow } from './rows';
import { parseInput } from './validate';

export function createClient(ctx: VaultContext, input: ClientInput): Client {
  const fields = parseInput(clientInputSchema, input);
  const now = isoNow(ctx);
  const client: Client = { ...fields, id: newId(ctx.sodium), archived: false, createdAt: now, updatedAt: now };
  insertRow(ctx, 'clients', client.id, null, client);
  return client;
}

export function getClient(ctx: VaultContext, id: string): Client {
  parseInput(rowIdSchema, id);
  return requireRow<Client>(ctx, 'clients', id, 'Client');
}

export function updateClient(ctx: VaultContext, id: string, input: ClientInput): Client {
  const fields = parseInput(clientInputSchema, input);
  const current = getClient(ctx, id);
  const next: Client = {
    ...fields,
    id,
    archived: current.archived,
    createdAt: current.createdAt,
    updatedAt: isoNow(ctx),
  };
  replaceRow(ctx, 'clients', id, next);
  return next;
}

export function setClientArchived(ctx: VaultContext, id: string, archived: boolean): Client {
  const next: Client = { ...getClient(ctx, id), archived, updatedAt: isoNow(ctx) };
  replaceRow(ctx, 'clients', id, next);
  return next;
}

export function listClients(ctx: VaultContext, options: { includeArchived?: boolean } = {}): Client[] {
  return readRowsSorted<Client>(ctx, 'clients', undefined, compareByFamilyName).filter(
    (client) => options.includeArchived || !client.archived,
  );
}
