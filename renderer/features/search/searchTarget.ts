import type { SearchResult } from '../../../shared/domain/search';
import type { Route } from '../../stores/navigationStore';

/** Where opening a result lands: the client, or the session with the matched field, addendum or note to focus. */
export function routeOf(result: SearchResult): Route {
  if (result.kind === 'diagnosis') return { screen: 'client', clientId: result.clientId, section: 'diagnoses' };
  if (result.kind === 'treatmentPlan') return { screen: 'client', clientId: result.clientId, section: 'treatmentPlan' };
  if (result.kind === 'client' || result.sessionId === undefined) return { screen: 'client', clientId: result.clientId };
  const base = { screen: 'session', clientId: result.clientId, sessionId: result.sessionId } as const;
  switch (result.kind) {
    case 'progressNote':
      return { ...base, focus: { kind: 'progressNote', field: result.field } };
    case 'addendum':
      return { ...base, focus: { kind: 'addendum', id: result.id } };
    case 'psychotherapyNote':
      return { ...base, focus: { kind: 'psychotherapyNote', id: result.id } };
    case 'measure':
      return { ...base, focus: { kind: 'measure', id: result.id } };
    case 'session':
      return base;
  }
}

export const RESULT_KIND_LABELS: Record<SearchResult['kind'], string> = {
  client: 'Client',
  session: 'Session',
  progressNote: 'Progress note',
  addendum: 'Addendum',
  diagnosis: 'Diagnosis',
  treatmentPlan: 'Treatment plan',
  measure: 'Measure',
  psychotherapyNote: 'Psychotherapy note',
};
