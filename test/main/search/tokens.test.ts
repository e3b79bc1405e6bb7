import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../main/search/tokens';

describe('tokens of plain ASCII text', () => {
  it('are the tokens the Unicode rules give', () => {
    // A no-break space at the end makes the text non-ASCII without adding a word, so it takes the Unicode rules.
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((code) => String.fromCharCode(code)), maxLength: 80 });
    fc.assert(
      fc.property(ascii, (text) => {
        expect(tokenize(text)).toEqual(tokenize(`${text}\u00a0`));
      }),
      { numRuns: 1000 },
    );
  });

  it('are runs of letters and digits, lowercased', () => {
    expect(tokenize("Zoe's 2nd-visit_NOTE, A1")).toEqual([
      { folded: 'zoe', start: 0, end: 3 },
      { folded: 's', start: 4, end: 5 },
      { folded: '2nd', start: 6, end: 9 },
      { folded: 'visit', start: 10, end: 15 },
      { folded: 'note', start: 16, end: 20 },
      { folded: 'a1', start: 22, end: 24 },
    ]);
  });
});
