import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../../shared/domain/search';
import { RESULT_KIND_LABELS, routeOf } from '../../../../renderer/features/search/searchTarget';

const CLIENT = 'c'.repeat(32);
const SESSION = 's'.repeat(32);

function result(change: Partial<SearchResult>): SearchResult {
  return { kind: 'client', id: 'i'.repeat(32), clientId: CLIENT, date: '2026-03-02', field: 'x', snippet: [], psychotherapy: false, ...change };
}

describe('opening a clinical-record search result', () => {
  it('lands a diagnosis on the diagnoses of the client page', () => {
    expect(routeOf(result({ kind: 'diagnosis', field: 'description' }))).toEqual({ screen: 'client', clientId: CLIENT, section: 'diagnoses' });
  });

  it('lands a treatment plan on the plan of the client page', () => {
    expect(routeOf(result({ kind: 'treatmentPlan', field: 'goals' }))).toEqual({ screen: 'client', clientId: CLIENT, section: 'treatmentPlan' });
  });

  it('lands a measure on its session, focused on the measure', () => {
    const measure = result({ kind: 'measure', sessionId: SESSION, field: 'result' });
    expect(routeOf(measure)).toEqual({ screen: 'session', clientId: CLIENT, sessionId: SESSION, focus: { kind: 'measure', id: measure.id } });
  });

  it('names each kind', () => {
    expect([RESULT_KIND_LABELS.diagnosis, RESULT_KIND_LABELS.treatmentPlan, RESULT_KIND_LABELS.measure]).toEqual([
      'Diagnosis',
      'Treatment plan',
      'Measure',
    ]);
  });
});
