import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Token } from '../../../main/search/tokens';
import { fold, tokenize } from '../../../main/search/tokens';

/** The rules as one Unicode pattern, the way FTS5's unicode61 tokenizer reads them. */
function byPattern(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/gu)].map((match) => ({
    folded: fold(match[0]),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

const ODD = ['é', 'É', 'e\u0301', '\u0301', 'ß', 'İ', 'Ω', 'έ', '東', 'ا', '\u00a0', '—', '’', '🙂', '𝐀', '\ud800', '\udc00', '\ue000', '½', '٣'];

describe('tokens', () => {
  it('are those of the Unicode pattern, for ASCII text and for text mixing in other characters', () => {
    const ascii = fc.integer({ min: 0, max: 127 }).map((code) => String.fromCharCode(code));
    const mixed = fc.oneof({ arbitrary: ascii, weight: 4 }, { arbitrary: fc.constantFrom(...ODD), weight: 1 });
    fc.assert(
      fc.property(fc.string({ unit: ascii, maxLength: 80 }), (text) => {
        expect(tokenize(text)).toEqual(byPattern(text));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: mixed, maxLength: 80 }), (text) => {
        expect(tokenize(text)).toEqual(byPattern(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('are runs of letters and digits, lowercased and, for Latin letters, without accents', () => {
    expect(tokenize("Zoe's 2nd-visit_NOTE, A1")).toEqual([
      { folded: 'zoe', start: 0, end: 3 },
      { folded: 's', start: 4, end: 5 },
      { folded: '2nd', start: 6, end: 9 },
      { folded: 'visit', start: 10, end: 15 },
      { folded: 'note', start: 16, end: 20 },
      { folded: 'a1', start: 22, end: 24 },
    ]);
    expect(tokenize('Tomás—Rene\u0301e Ωμέγα')).toEqual([
      { folded: 'tomas', start: 0, end: 5 },
      { folded: 'renee', start: 6, end: 12 },
      { folded: 'ωμέγα', start: 13, end: 18 },
    ]);
  });
});
