/*
 * The queries both search benchmarks time: drawn from the notes so most of
 * them find something, in the four shapes a user types.
 */
import type { SearchDocument } from '../../main/search/searchTypes';
import type { Random } from '../../test/fixtures/synthetic/random';

export const QUERY_KINDS = ['one word', 'two words', 'prefix', 'phrase'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface Query {
  kind: QueryKind;
  text: string;
}

function wordsOf(text: string): string[] {
  return text.match(/\p{L}{4,}/gu) ?? [];
}

/** `perKind` queries of each kind, taken from the progress notes among `documents`. */
export function queryMix(documents: readonly SearchDocument[], perKind: number, random: Random): Query[] {
  const notes = documents.filter((document) => document.kind === 'progressNote');
  const mix: Query[] = [];
  for (let i = 0; i < perKind; i += 1) {
    for (const kind of QUERY_KINDS) {
      const fields = Object.values(random.pick(notes).fields).filter((text) => wordsOf(text).length > 2);
      const words = wordsOf(random.pick(fields));
      const at = random.int(0, words.length - 2);
      const word = words[at]!;
      const text = {
        'one word': word,
        'two words': `${word} ${random.pick(words)}`,
        prefix: `${word.slice(0, random.int(3, 4))}*`,
        phrase: `"${word} ${words[at + 1]}"`,
      }[kind];
      mix.push({ kind, text });
    }
  }
  return mix;
}
