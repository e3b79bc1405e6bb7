import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bandOf, maxScore, MEASURES, scoreMeasure } from '../../../shared/clinical/measures';
import { measureInputSchema } from '../../../shared/domain/measures';

/** Answers summing to `score`, filled from the first item, each at most 3. */
function answersFor(items: number, score: number): number[] {
  return Array.from({ length: items }, (_, index) => Math.max(0, Math.min(3, score - index * 3)));
}

describe('PHQ-9 scoring', () => {
  const bands: [number, string][] = [
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately severe'],
    [19, 'moderately severe'],
    [20, 'severe'],
    [27, 'severe'],
  ];
  it.each(bands)('puts a total of %i in the %s band', (score, band) => {
    const responses = answersFor(9, score);
    expect(responses.reduce((sum, value) => sum + value, 0)).toBe(score);
    expect(scoreMeasure('phq9', responses)).toMatchObject({ score, band });
  });

  it('runs from 0 to 27 over nine items', () => {
    expect(MEASURES.phq9.items).toHaveLength(9);
    expect(maxScore('phq9')).toBe(27);
  });

  it('flags risk when item 9 is above 0, whatever the total', () => {
    for (const answer of [1, 2, 3]) {
      expect(scoreMeasure('phq9', [0, 0, 0, 0, 0, 0, 0, 0, answer])).toEqual({ score: answer, band: 'minimal', risk: true });
    }
    expect(scoreMeasure('phq9', [3, 3, 3, 3, 3, 3, 3, 3, 0])).toEqual({ score: 24, band: 'severe', risk: false });
  });
});

describe('GAD-7 scoring', () => {
  const bands: [number, string][] = [
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ];
  it.each(bands)('puts a total of %i in the %s band', (score, band) => {
    expect(scoreMeasure('gad7', answersFor(7, score))).toMatchObject({ score, band });
  });

  it('runs from 0 to 21 over seven items and never flags risk', () => {
    expect(MEASURES.gad7.items).toHaveLength(7);
    expect(maxScore('gad7')).toBe(21);
    expect(scoreMeasure('gad7', [3, 3, 3, 3, 3, 3, 3]).risk).toBe(false);
  });

  it('has no "moderately severe" band', () => {
    expect(bandOf('gad7', 19)).toBe('severe');
  });
});

describe('scoring any valid answers', () => {
  it('gives the sum, a band that contains it, and the item 9 flag', () => {
    fc.assert(
      fc.property(fc.constantFrom('phq9' as const, 'gad7' as const), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }), (instrument, all) => {
        const responses = all.slice(0, MEASURES[instrument].items.length);
        const result = scoreMeasure(instrument, responses);
        expect(result.score).toBe(responses.reduce((sum, value) => sum + value, 0));
        const bands = MEASURES[instrument].bands;
        const index = bands.findIndex((entry) => entry.band === result.band);
        expect(result.score).toBeGreaterThanOrEqual(bands[index]!.from);
        if (index + 1 < bands.length) expect(result.score).toBeLessThan(bands[index + 1]!.from);
        expect(result.risk).toBe(instrument === 'phq9' && responses[8]! > 0);
      }),
    );
  });
});

describe('the measure input schema', () => {
  const ids = { clientId: 'a'.repeat(32), sessionId: 'b'.repeat(32) };
  it('takes one answer 0-3 per item of the instrument', () => {
    expect(measureInputSchema.safeParse({ ...ids, instrument: 'gad7', responses: [0, 1, 2, 3, 0, 1, 2] }).success).toBe(true);
  });

  it.each([
    ['too few answers', { instrument: 'phq9', responses: [0, 1, 2, 3, 0, 1, 2] }],
    ['too many answers', { instrument: 'gad7', responses: [0, 1, 2, 3, 0, 1, 2, 3, 0] }],
    ['an answer above 3', { instrument: 'gad7', responses: [0, 1, 2, 4, 0, 1, 2] }],
    ['a negative answer', { instrument: 'gad7', responses: [0, 1, 2, -1, 0, 1, 2] }],
    ['a fraction', { instrument: 'gad7', responses: [0, 1, 2, 1.5, 0, 1, 2] }],
    ['a text answer', { instrument: 'gad7', responses: [0, 1, 2, '3', 0, 1, 2] }],
    ['an unknown instrument', { instrument: 'bdi', responses: [0, 1, 2, 3, 0, 1, 2] }],
    ['a score sent along', { instrument: 'gad7', responses: [0, 0, 0, 0, 0, 0, 0], score: 21 }],
  ])('refuses %s', (_name, answers) => {
    expect(measureInputSchema.safeParse({ ...ids, ...answers }).success).toBe(false);
  });
});
