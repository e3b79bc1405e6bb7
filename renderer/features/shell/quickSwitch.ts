import type { Client } from '../../../shared/domain/records';
import { foldForSearch } from './shortcuts';

/**
 * Clients whose name, preferred name or chart number contains the query,
 * ignoring case and accents; those whose name or preferred name starts with
 * it come first. An empty query lists everyone.
 */
export function matchClients(clients: readonly Client[], query: string, limit = 20): Client[] {
  const needle = foldForSearch(query.trim());
  if (!needle) return clients.slice(0, limit);
  const scored = clients.flatMap((client) => {
    const names = [client.name, client.preferredName ?? ''].map(foldForSearch);
    const words = names.flatMap((name) => name.split(/[\s-]+/));
    const fields = [...names, foldForSearch(client.chartNumber ?? '')];
    if (!fields.some((field) => field.includes(needle))) return [];
    const rank = words.some((word) => word.startsWith(needle)) ? 0 : 1;
    return [{ client, rank }];
  });
  return scored
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map(({ client }) => client);
}
