import { describe, expect, it } from 'vitest';
import { carriedFieldIds, TEMPLATE_IDS } from '../../shared/templates';

describe('carry-forward sections', () => {
  it('are the plan and the goals, never what was said or seen', () => {
    for (const id of TEMPLATE_IDS) {
      const carried = carriedFieldIds(id);
      for (const fresh of ['subjective', 'objective', 'data', 'behavior', 'response', 'intervention', 'assessment', 'narrative']) {
        expect(carried).not.toContain(fresh);
      }
    }
    expect(carriedFieldIds('SOAP')).toEqual(['plan']);
    expect(carriedFieldIds('GIRP')).toEqual(['goals', 'plan']);
    expect(carriedFieldIds('NARRATIVE')).toEqual([]);
  });
});
