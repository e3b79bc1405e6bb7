import { describe, expect, it } from 'vitest';
import { planConflictParts } from '../../../../renderer/features/settings/planConflictParts';
import type { TreatmentPlanContent } from '../../../../shared/domain/schemas';

const base: TreatmentPlanContent = {
  problems: [{ statement: 'Worry after a move', diagnosisIds: ['a'.repeat(32)], goals: [{ statement: 'Settles in', objectives: [] }] }],
  interventions: [],
};

describe('a treatment plan conflict, field by field', () => {
  it('pairs fields by position: a problem added on one computer is shown against an empty one', () => {
    const other: TreatmentPlanContent = {
      ...base,
      problems: [...base.problems, { statement: 'Poor sleep', diagnosisIds: ['b'.repeat(32)], goals: [] }],
      reviewDate: '2026-07-01',
    };
    const parts = planConflictParts({ thisPlan: base, otherPlan: other, diagnoses: { ['a'.repeat(32)]: 'F43.22 Adjustment disorder with anxiety' } });
    expect(parts.map((part) => [part.label, part.thisText, part.otherText])).toEqual([
      ['Problem 1', 'Worry after a move', 'Worry after a move'],
      ['Problem 1, diagnoses', 'F43.22 Adjustment disorder with anxiety', 'F43.22 Adjustment disorder with anxiety'],
      ['Problem 1, goal 1', 'Settles in', 'Settles in'],
      ['Problem 2', '', 'Poor sleep'],
      ['Problem 2, diagnoses', '', 'a diagnosis not synced yet'],
      ['Review date', '', expect.stringContaining('2026')],
    ]);
  });

  it('shows the other version alone when the plan was deleted here', () => {
    const parts = planConflictParts({ thisPlan: null, otherPlan: base, diagnoses: {} });
    expect(parts.every((part) => part.thisText === '' && part.otherText !== '')).toBe(true);
    expect(parts.map((part) => part.label)).toEqual(['Problem 1', 'Problem 1, diagnoses', 'Problem 1, goal 1']);
  });
});
