import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../main/search/searchTypes';
import type { IndexedRecords } from './searchFixture';
import { indexedRecords, note } from './searchFixture';

let s: IndexedRecords;

beforeAll(() => {
  s = indexedRecords();
  s.add(
    note({ subjective: 'Tomás said "NEAR the end" (quoted) with OR and AND and NOT in it.', plan: 'f0: column text' }),
    note({ subjective: 'Ωμέγα 東京 مرحبا emoji 🙂 text, ß and İstanbul.' }),
    note({ subjective: 'Plain note about sleep and work.' }),
  );
});
afterAll(() => s.index.close());

/** Every result is a well-formed hit: the query may find nothing, but it never fails. */
function answers(text: string): SearchHit[] {
  const hits = s.search(text);
  for (const hit of hits) {
    expect(typeof hit.id).toBe('string');
    for (const part of hit.snippet) expect(typeof part.text).toBe('string');
  }
  return hits;
}

const HOSTILE = [
  '"',
  '""',
  '"""',
  '"unbalanced',
  'a"b"c',
  '(',
  ')',
  '(sleep',
  'sleep)',
  '((((((((((sleep))))))))))',
  'NEAR',
  'NEAR(sleep work)',
  'NEAR(sleep work, 2)',
  'sleep NEAR/2 work',
  'AND',
  'OR',
  'NOT',
  'sleep NOT work',
  'sleep OR',
  'AND sleep',
  '*',
  '**',
  'sleep*',
  '*sleep',
  's*l*e*e*p',
  '^sleep',
  '+sleep',
  '-sleep',
  'f0:sleep',
  '{f0}:sleep',
  '{f0 f1} : sleep',
  'entries:sleep',
  'rank:1',
  'rowid:1',
  ':',
  "'",
  "sleep'; DROP TABLE docs; --",
  '\\',
  '\u0000',
  'sleep\u0000work',
  '\uD800',
  '\uDFFF sleep \uD800',
  '🙂',
  '東京',
  'ΩΜΈΓΑ',
  'istanbul',
  'ß',
  '\u200B\u200D\uFEFF',
  'a'.repeat(100_000),
  'sleep '.repeat(10_000),
  '"'.repeat(5_000),
  '('.repeat(5_000),
  'NEAR('.repeat(2_000),
];

describe('hostile queries', () => {
  it.each(HOSTILE.map((query) => [query.length > 40 ? `${query.slice(0, 20)}… (${query.length} chars)` : JSON.stringify(query), query]))(
    'answer %s without failing',
    (_label, query) => {
      expect(() => answers(query)).not.toThrow();
    },
  );

  it('search operators as words instead of obeying them', () => {
    expect(answers('NEAR the end')).toHaveLength(1);
    expect(answers('sleep OR unicorn')).toEqual([]);
    expect(answers('sleep NOT work')).toEqual([]);
    expect(answers('f0:column')).toHaveLength(1);
    expect(answers('"NEAR the end" (quoted)')).toHaveLength(1);
  });

  it('find words in other scripts', () => {
    expect(answers('東京')).toHaveLength(1);
    expect(answers('ωμέγα')).toHaveLength(1);
    expect(answers('istanbul')).toHaveLength(1);
    expect(answers('tomas')).toHaveLength(1);
  });

  it('never fail on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (query) => {
        answers(query);
      }),
      { numRuns: 1500 },
    );
  });

  it('never fail on strings made of FTS5 syntax', () => {
    const piece = fc.constantFrom('"', '(', ')', '*', ':', '^', '+', '-', ' ', 'NEAR', 'AND', 'OR', 'NOT', ',', '{', '}', 'f0', 'sleep', 'wo', '3');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        answers(pieces.join(''));
      }),
      { numRuns: 1500 },
    );
  });
});
