import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, MAX_TERMS, matchExpression, parseQuery } from '../../../main/search/queryText';

const expression = (text: string) => matchExpression(parseQuery(text));

describe('query parsing', () => {
  it('quotes every term and ANDs them, the last bare word a prefix', () => {
    expect(expression('panic attacks')).toBe('"panic" AND "attacks"*');
    expect(expression('  Tomás  ')).toBe('"Tomás"*');
  });

  it('keeps a quoted phrase whole and exact unless it ends in a star', () => {
    expect(expression('"deep breathing" plan')).toBe('"deep breathing" AND "plan"*');
    expect(expression('plan "deep breathing"')).toBe('"plan" AND "deep breathing"');
    expect(expression('"deep breath"*')).toBe('"deep breath"*');
    expect(expression('"unfinished phrase')).toBe('"unfinished phrase"');
  });

  it('makes a word with a trailing star a prefix anywhere', () => {
    expect(expression('anx* panic')).toBe('"anx"* AND "panic"*');
  });

  it('turns FTS5 syntax into plain words', () => {
    expect(expression('anxiety OR panic')).toBe('"anxiety" AND "OR" AND "panic"*');
    expect(expression('NEAR(a b, 3)')).toBe('"NEAR a" AND "b" AND "3"*');
    expect(expression('subjective:grief')).toBe('"subjective grief"*');
    expect(expression('{f0 f1}: x')).toBe('"f0" AND "f1" AND "x"*');
    expect(expression('^start +plus -minus')).toBe('"start" AND "plus" AND "minus"*');
    expect(expression("o'brien")).toBe('"o brien"*');
  });

  it('drops terms without letters or digits and repeated terms', () => {
    expect(parseQuery('* ( ) "" - : ^')).toEqual([]);
    expect(expression('grief grief GRIEF')).toBe('"grief"*');
    expect(expression('grief * grief')).toBe('"grief"*');
  });

  it('folds words for highlighting but keeps them as typed for the index', () => {
    expect(parseQuery('Ærøskøbing ÉCOLE')).toEqual([
      { words: ['Ærøskøbing'], folded: ['ærøskøbing'], prefix: false },
      { words: ['ÉCOLE'], folded: ['ecole'], prefix: true },
    ]);
  });

  it('bounds the input length and the number of terms', () => {
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    expect(parseQuery(many)).toHaveLength(MAX_TERMS);
    const long = 'a'.repeat(MAX_QUERY_CHARS * 4);
    expect(parseQuery(long)[0]?.words[0]).toHaveLength(MAX_QUERY_CHARS);
  });
});
