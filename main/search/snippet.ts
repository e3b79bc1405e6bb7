/**
 * Snippets for the hits being shown. The index keeps no text, so the caller
 * decrypts each shown record and the terms are found again here, with the
 * index's own folding rules; the result is plain text parts flagged for
 * highlighting, never markup.
 */
import type { QueryTerm } from './queryText';
import type { SnippetPart } from './searchTypes';
import type { Token } from './tokens';
import { fold, isAscii, isAsciiWordCode, tokenize } from './tokens';

interface Match {
  term: number;
  start: number;
  end: number;
}

export interface FieldMatches {
  field: string;
  /** The field's text in NFC, which the offsets refer to. */
  text: string;
  matches: Match[];
}

/** Characters of context shown around the best match, and how many of them come before it. */
export const SNIPPET_CHARS = 180;
const LEAD_CHARS = 40;
const HAS_WORD = /[\p{L}\p{N}\p{Co}]/u;

function termAt(tokens: readonly Token[], index: number, term: QueryTerm): boolean {
  const last = term.folded.length - 1;
  return term.folded.every((word, offset) => {
    const token = tokens[index + offset];
    if (!token) return false;
    return offset === last && term.prefix ? token.folded.startsWith(word) : token.folded === word;
  });
}

function findMatches(tokens: readonly Token[], terms: readonly QueryTerm[]): Match[] {
  const matches: Match[] = [];
  tokens.forEach((token, index) => {
    terms.forEach((term, termIndex) => {
      if (!termAt(tokens, index, term)) return;
      matches.push({ term: termIndex, start: token.start, end: tokens[index + term.folded.length - 1]!.end });
    });
  });
  return matches;
}

/** A cheap first look: a field that does not even contain a term's first word as text cannot match. */
function mayMatch(text: string, terms: readonly QueryTerm[]): boolean {
  const folded = fold(text);
  return terms.some((term) => folded.includes(term.folded[0]!));
}

/** Where `word` ends if it is at `at` in lowercased ASCII `lower` as a whole word (as a word's start for a prefix), or -1. */
function wordEnd(lower: string, at: number, word: string, prefix: boolean): number {
  if (!lower.startsWith(word, at)) return -1;
  let end = at + word.length;
  const longer = end < lower.length && isAsciiWordCode(lower.charCodeAt(end));
  if (longer && !prefix) return -1;
  while (end < lower.length && isAsciiWordCode(lower.charCodeAt(end))) end += 1;
  return end;
}

/**
 * The same matches as tokenizing the text and comparing tokens, found by
 * searching the lowercased text for each term's first word: in ASCII, offsets
 * in the lowercased text are offsets in the text. Most fields of a hit hold a
 * common term a few times among hundreds of words, so this skips making those
 * hundreds of tokens.
 */
function findAsciiMatches(text: string, terms: readonly QueryTerm[]): Match[] {
  const lower = text.toLowerCase();
  const matches: Match[] = [];
  terms.forEach((term, termIndex) => {
    const last = term.folded.length - 1;
    const first = term.folded[0]!;
    for (let start = lower.indexOf(first); start >= 0; start = lower.indexOf(first, start + 1)) {
      if (start > 0 && isAsciiWordCode(lower.charCodeAt(start - 1))) continue;
      let end = start;
      for (let offset = 0; offset <= last && end >= 0; offset += 1) {
        if (offset > 0) while (end < lower.length && !isAsciiWordCode(lower.charCodeAt(end))) end += 1;
        end = wordEnd(lower, end, term.folded[offset]!, offset === last && term.prefix);
      }
      if (end >= 0) matches.push({ term: termIndex, start, end });
    }
  });
  return matches.sort((a, b) => a.start - b.start || a.term - b.term);
}

function distinctTerms(matches: readonly Match[]): number {
  return new Set(matches.map((match) => match.term)).size;
}

/** Fields holding at least one term: most distinct terms first, then most matches, then field order. */
export function matchingFields(fields: Record<string, string>, terms: readonly QueryTerm[]): FieldMatches[] {
  const found: FieldMatches[] = [];
  for (const [field, value] of Object.entries(fields)) {
    let matches: Match[];
    let text = value;
    if (isAscii(value)) matches = findAsciiMatches(value, terms);
    else {
      text = value.normalize('NFC');
      matches = mayMatch(text, terms) ? findMatches(tokenize(text), terms) : [];
    }
    if (matches.length > 0) found.push({ field, text, matches });
  }
  return found.sort((a, b) => distinctTerms(b.matches) - distinctTerms(a.matches) || b.matches.length - a.matches.length);
}

/** The match that opens the window holding the most distinct terms (the earliest of equals); matches are in text order. */
function bestAnchor(matches: readonly Match[]): Match | undefined {
  let best: Match | undefined;
  let bestCount = 0;
  const counts = new Map<number, number>();
  let end = 0;
  matches.forEach((anchor, index) => {
    const windowEnd = anchor.start - LEAD_CHARS + SNIPPET_CHARS;
    for (; end < matches.length && matches[end]!.end <= windowEnd; end += 1) {
      const term = matches[end]!.term;
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    if (counts.size > bestCount) {
      best = anchor;
      bestCount = counts.size;
    }
    const left = (counts.get(anchor.term) ?? 1) - 1;
    if (left === 0) counts.delete(anchor.term);
    else counts.set(anchor.term, left);
  });
  return best;
}

/** Whether tokenizing may start just after this character or stop just before it: no word holds an ASCII character that is not a letter or digit. */
function isSeparator(code: number): boolean {
  return code < 128 && !isAsciiWordCode(code);
}

/**
 * The text's tokens from `from` to `to`, found by tokenizing only the
 * stretch between the nearest separators outside that range: the whole
 * text's tokens there are the same, and a field may run to thousands of
 * words when the window needs the edges of a few.
 */
function tokensAround(text: string, from: number, to: number): Token[] {
  let start = from;
  while (start > 0 && !isSeparator(text.charCodeAt(start - 1))) start -= 1;
  let end = to;
  while (end < text.length && !isSeparator(text.charCodeAt(end))) end += 1;
  return tokenize(text.slice(start, end)).map((token) => ({ ...token, start: token.start + start, end: token.end + start }));
}

/** The window, moved inward to whole words. */
export function windowAround(text: string, anchor: Match | undefined): { start: number; end: number } {
  const rawStart = anchor ? anchor.start - LEAD_CHARS : 0;
  const rawEnd = Math.max(rawStart + SNIPPET_CHARS, anchor?.end ?? 0);
  if (rawStart <= 0 && rawEnd >= text.length) return { start: 0, end: text.length };
  const tokens = tokensAround(text, Math.max(rawStart, 0), Math.min(rawEnd, text.length));
  const wordStartingIn = (within: readonly Token[]) => within.find((token) => token.start >= rawStart)?.start;
  // A window of punctuation alone starts at the next word, however far on.
  const start = rawStart <= 0 ? 0 : (wordStartingIn(tokens) ?? wordStartingIn(tokensAround(text, rawStart, text.length)) ?? rawStart);
  if (rawEnd >= text.length) return { start, end: text.length };
  const lastWhole = tokens.filter((token) => token.end <= rawEnd).pop();
  return { start, end: lastWhole && lastWhole.end > start ? lastWhole.end : rawEnd };
}

function mergedRanges(matches: readonly Match[], start: number, end: number): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  const inside = matches
    .map((match) => ({ start: Math.max(match.start, start), end: Math.min(match.end, end) }))
    .filter((range) => range.start < range.end)
    .sort((a, b) => a.start - b.start);
  for (const range of inside) {
    const previous = ranges[ranges.length - 1];
    if (previous && range.start <= previous.end) previous.end = Math.max(previous.end, range.end);
    else ranges.push({ ...range });
  }
  return ranges;
}

/** A window of `text` around its densest run of matches (its start when there is none), matches highlighted. */
export function snippetOf(text: string, matches: readonly Match[]): SnippetPart[] {
  if (text.trim() === '') return [];
  const window = windowAround(text, bestAnchor(matches));
  const inner = text.slice(window.start, window.end);
  const start = window.start + inner.length - inner.trimStart().length;
  const end = window.start + inner.trimEnd().length;
  const parts: SnippetPart[] = [];
  const push = (from: number, to: number, highlight: boolean) => {
    const piece = text.slice(from, to).replace(/\s+/g, ' ');
    if (piece !== '') parts.push({ text: piece, highlight });
  };
  if (HAS_WORD.test(text.slice(0, start))) parts.push({ text: '…', highlight: false });
  let cursor = start;
  for (const range of mergedRanges(matches, start, end)) {
    push(cursor, range.start, false);
    push(range.start, range.end, true);
    cursor = range.end;
  }
  push(cursor, end, false);
  if (HAS_WORD.test(text.slice(end))) parts.push({ text: '…', highlight: false });
  return mergeEllipses(parts);
}

/** Joins the ellipses onto their neighbouring plain text so parts alternate. */
function mergeEllipses(parts: SnippetPart[]): SnippetPart[] {
  const merged: SnippetPart[] = [];
  for (const part of parts) {
    const previous = merged[merged.length - 1];
    if (previous && !previous.highlight && !part.highlight) previous.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}
