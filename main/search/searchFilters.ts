/**
 * Query filters as SQL conditions on the documents table, with named
 * parameters only. The condition list names the statement's shape, so one
 * prepared statement serves every query with the same filters.
 */
import type { SearchFilters } from './searchTypes';

export interface FilterSql {
  /** ` AND ...` conditions on `docs`, empty without filters. */
  conditions: string;
  params: Record<string, string | number>;
}

export function filterSql(filters: SearchFilters = {}): FilterSql {
  const conditions: string[] = [];
  const params: Record<string, string | number> = {};
  if (filters.clientId !== undefined) {
    conditions.push('docs.client_id = @clientId');
    params.clientId = filters.clientId;
  }
  if (filters.from !== undefined) {
    conditions.push('docs.date >= @from');
    params.from = filters.from;
  }
  if (filters.to !== undefined) {
    // Comparing only as many characters as the bound has makes "2024-03-05" cover that whole day.
    conditions.push('substr(docs.date, 1, length(@to)) <= @to');
    params.to = filters.to;
  }
  if (filters.template !== undefined) {
    conditions.push('docs.template = @template');
    params.template = filters.template;
  }
  if (filters.signed !== undefined) {
    conditions.push('docs.signed = @signed');
    params.signed = filters.signed ? 1 : 0;
  }
  if (filters.kinds !== undefined) {
    conditions.push('docs.kind IN (SELECT value FROM json_each(@kinds))');
    params.kinds = JSON.stringify(filters.kinds);
  }
  return { conditions: conditions.map((condition) => ` AND ${condition}`).join(''), params };
}
