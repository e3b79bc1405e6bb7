import type { SearchResult } from '../../../shared/domain/search';
import type { Route } from '../../stores/navigationStore';

/** Where opening a result lands: the client, or the session with the matched field, addendum or note to focus. */
export function routeOf(result: SearchResult): Route {
  if (result.kind === 'client' || result.sessionId === undefined) return { screen: 'client', clientId: result.clientId };
  const base = { screen: 'session', clientId: result.clientId, sessionId: result.sessionId } as const;
  switch (result.kind) {
    case 'progressNote':
      return { ...base, focus: { kind: 'progressNote', field: result.field } };
    case 'addendum':
      return { ...base, focus: { kind: 'addendum', id: result.id } };
    case 'psychotherapyNote':
      return { ...base, focus: { kind: 'psychotherapyNote', id: result.id } };
    case 'session':
      return base;
  }
}

export const RESULT_KIND_LABELS: Record<SearchResult['kind'], string> = {
  client: 'Client',
  session: 'Session',
  progressNote: 'Progress note',
  addendum: 'Addendum',
  psychotherapyNote: 'Psychotherapy note',
};
