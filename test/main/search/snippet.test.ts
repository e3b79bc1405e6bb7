import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../main/search/queryText';
import { matchingFields, SNIPPET_CHARS, snippetOf, windowAround } from '../../../main/search/snippet';
import type { SnippetPart } from '../../../main/search/searchTypes';
import { tokenize } from '../../../main/search/tokens';

function snippetFor(query: string, text: string): SnippetPart[] {
  const [best] = matchingFields({ body: text }, parseQuery(query));
  return snippetOf(best?.text ?? text, best?.matches ?? []);
}

/** The snippet with highlights in brackets, for readable expectations. */
function marked(parts: readonly SnippetPart[]): string {
  return parts.map((part) => (part.highlight ? `[${part.text}]` : part.text)).join('');
}

describe('snippets', () => {
  it('mark whole words, prefixes and phrases, keeping the note\'s own spelling', () => {
    expect(marked(snippetFor('zoe', 'Zoë and zoe and ZOË.'))).toBe('[Zoë] and [zoe] and [ZOË].');
    expect(marked(snippetFor('anx', 'Anxiety, anxious; not panic.'))).toBe('[Anxiety], [anxious]; not panic.');
    expect(marked(snippetFor('"deep breathing"', 'Deep  breathing, not deep sleep or breathing deep.'))).toBe(
      '[Deep breathing], not deep sleep or breathing deep.',
    );
    expect(marked(snippetFor('rene', 'Rene\u0301e called.'))).toBe('[Renée] called.');
    expect(marked(snippetFor('ωμέγα', 'Ωμέγα, ΩΜΈΓΑ.'))).toBe('[Ωμέγα], [ΩΜΈΓΑ].');
    // As in the index, only Latin letters lose their accents.
    expect(marked(snippetFor('ωμεγα', 'Ωμέγα, ΩΜΈΓΑ.'))).toBe('Ωμέγα, ΩΜΈΓΑ.');
  });

  it('do not mark a word that only contains the term', () => {
    expect(marked(snippetFor('"art"', 'Heart, art, artist.'))).toBe('Heart, [art], artist.');
  });

  it('cut a window around the densest run of matches, on word boundaries, with ellipses', () => {
    const filler = 'calm routine week '.repeat(30);
    const text = `Panic early. ${filler}Later panic with insomnia together. ${filler}`;
    const parts = snippetFor('panic insomnia', text);
    const shown = marked(parts);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown).toContain('Later [panic] with [insomnia] together.');
    expect(shown).not.toContain('Panic early');
    const plain = parts.map((part) => part.text).join('').replaceAll('…', '');
    expect(plain.length).toBeLessThanOrEqual(SNIPPET_CHARS);
    expect(text).toContain(plain.trim());
  });

  it('show the start of the text, unmarked, when nothing matches, and nothing for empty text', () => {
    const text = `${'Session notes continue here. '.repeat(20)}`;
    const parts = snippetOf(text, []);
    expect(parts.every((part) => !part.highlight)).toBe(true);
    expect(parts[0]?.text.startsWith('Session notes')).toBe(true);
    expect(marked(parts).endsWith('…')).toBe(true);
    expect(snippetOf('   \n ', [])).toEqual([]);
  });

  it('alternate plain and highlighted parts and collapse line breaks', () => {
    const parts = snippetFor('sleep', 'Slept badly.\n\nSleep   hygiene:\tsleep diary.');
    expect(marked(parts)).toBe('Slept badly. [Sleep] hygiene: [sleep] diary.');
    parts.slice(1).forEach((part, i) => expect(part.highlight).not.toBe(parts[i]!.highlight));
  });
});

describe('matches in plain ASCII text', () => {
  // A no-break space is not ASCII and makes no word, so the same text with one at its end is matched by comparing tokens.
  const byTokens = (text: string) => `${text}\u00a0`;
  const word = fc.constantFrom('sleep', 'Sleep', 'SLEEPING', 'slept', 'sleeps', 'deep', 'breathing', 'breath', 'a', 'art', 'heart', 'x2', '2x', '10');
  const gap = fc.constantFrom(' ', '  ', ', ', '-', '\n', "'", '.', '_', '(');
  const text = fc.array(fc.tuple(word, gap), { maxLength: 30 }).map((pairs) => pairs.map(([w, g]) => w + g).join(''));
  const query = fc
    .array(fc.tuple(fc.array(word, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 3 })
    .map((terms) => terms.map(([words, quoted, star]) => `${quoted ? `"${words.join(' ')}"` : words.join(' ')}${star ? '*' : ''}`).join(' '));

  it('are the matches the tokens give, at the same offsets and in the same order', () => {
    fc.assert(
      fc.property(text, query, (body, typed) => {
        const terms = parseQuery(typed);
        const fast = matchingFields({ body }, terms);
        const slow = matchingFields({ body: byTokens(body) }, terms);
        expect(fast.map((found) => found.matches)).toEqual(slow.map((found) => found.matches));
      }),
      { numRuns: 500 },
    );
  });
});

describe('snippet windows', () => {
  /** The window as found from every token of the text, before windows tokenized only the stretch they need. */
  function wholeTextWindow(text: string, anchor: { start: number; end: number } | undefined): { start: number; end: number } {
    const tokens = tokenize(text);
    const rawStart = anchor ? anchor.start - 40 : 0;
    const rawEnd = Math.max(rawStart + SNIPPET_CHARS, anchor?.end ?? 0);
    const start = rawStart <= 0 ? 0 : (tokens.find((token) => token.start >= rawStart)?.start ?? rawStart);
    if (rawEnd >= text.length) return { start, end: text.length };
    const lastWhole = tokens.filter((token) => token.end <= rawEnd).pop();
    return { start, end: lastWhole && lastWhole.end > start ? lastWhole.end : rawEnd };
  }

  const word = fc.constantFrom('sleep', 'Panic', 'x2', 'a', 'Renée', 'Rene\u0301e', 'Ωμέγα', '東京都', 'naïve', 'co\u0301te', '🙂', '\ue000', 'longwordwithoutanybreakatall');
  // Empty gaps and gaps without ASCII run words together into long stretches with nowhere to cut.
  const gap = fc.constantFrom(' ', '', '', '\u00a0', '—', ', ', '\n\n', '...', '-', '  ', '\u2003', '.'.repeat(60));
  const text = fc.array(fc.tuple(word, gap), { maxLength: 150 }).map((pairs) => pairs.map(([w, g]) => w + g).join(''));
  const windowCase = fc
    .tuple(text, fc.option(fc.tuple(fc.nat(), fc.nat(300))))
    .map(([body, at]) => {
      if (at === null || body.length === 0) return { body, anchor: undefined };
      const start = at[0] % body.length;
      return { body, anchor: { term: 0, start, end: Math.min(body.length, start + 1 + at[1]) } };
    });

  it('are the windows the whole text\'s tokens give, wherever the anchor and however the words run together', () => {
    fc.assert(
      fc.property(windowCase, ({ body, anchor }) => {
        expect(windowAround(body, anchor)).toEqual(wholeTextWindow(body, anchor));
      }),
      { numRuns: 2000 },
    );
  });
});
