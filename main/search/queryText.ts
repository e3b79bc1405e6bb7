/**
 * What the user typed, turned into an FTS5 MATCH expression that can only
 * mean "all of these words". Every term is rebuilt from its words alone and
 * quoted, so FTS5 operators (AND, OR, NOT, NEAR, parentheses, column filters,
 * ^, +, *) in the input are searched for as text or dropped, never obeyed.
 *
 * `"exact phrase"` keeps its words together; a trailing `*` makes a term a
 * prefix, and so does being the last bare word (the user may still be typing).
 */
import { tokenize } from './tokens';

export interface QueryTerm {
  /** The term's words as typed (NFC), for the MATCH expression. */
  words: string[];
  /** The same words case- and accent-folded, for highlighting. */
  folded: string[];
  /** The last word matches any word it begins. */
  prefix: boolean;
}

/** Longer input is cut: nobody types more, and the expression stays small. */
export const MAX_QUERY_CHARS = 500;
export const MAX_TERMS = 16;

const TERM = /"([^"]*)"?(\*?)|([^\s"]+)/gu;

export function parseQuery(input: string): QueryTerm[] {
  const text = input.slice(0, MAX_QUERY_CHARS).normalize('NFC');
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  let lastIsBare = false;
  for (const match of text.matchAll(TERM)) {
    const phrase = match[1];
    const raw = phrase ?? match[3] ?? '';
    const tokens = tokenize(raw);
    if (tokens.length === 0) continue;
    const term: QueryTerm = {
      words: tokens.map((token) => raw.slice(token.start, token.end)),
      folded: tokens.map((token) => token.folded),
      prefix: phrase === undefined ? raw.endsWith('*') : match[2] === '*',
    };
    const key = `${term.folded.join(' ')}${term.prefix ? '*' : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
    lastIsBare = phrase === undefined;
    if (terms.length === MAX_TERMS) break;
  }
  const last = terms[terms.length - 1];
  if (last && lastIsBare) last.prefix = true;
  return terms;
}

/** An FTS5 expression that ANDs the terms; empty when there is nothing to search for. */
export function matchExpression(terms: readonly QueryTerm[]): string {
  // Words hold only letters, digits and marks, so they cannot contain a quote; doubling is belt and braces.
  return terms
    .map((term) => `"${term.words.join(' ').replaceAll('"', '""')}"${term.prefix ? '*' : ''}`)
    .join(' AND ');
}
