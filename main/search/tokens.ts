/**
 * Words as the index sees them: the FTS5 unicode61 tokenizer with
 * remove_diacritics 2 splits on anything that is not a letter, digit or
 * private-use character and compares case- and accent-folded forms. Snippets
 * find their highlights with the same rules, so what matched is what is marked.
 */

export interface Token {
  /** Case- and accent-folded form. */
  folded: string;
  start: number;
  end: number;
}

// Combining marks belong to the word they follow (a decomposed "é" is one word).
const WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/gu;
// remove_diacritics folds Latin letters only: "é" matches "e", but Greek "έ" does not match "ε".
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;

const NON_ASCII = /[^\u0000-\u007f]/;

export function fold(word: string): string {
  if (!NON_ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC').toLowerCase();
}

/** In ASCII the rules come down to this: letters and digits make words, and folding is lowercasing. */
export function isAsciiWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** Most notes are plain ASCII; scanning them by character code is much cheaper than the Unicode pattern. */
function tokenizeAscii(text: string): Token[] {
  const folded = text.toLowerCase();
  const tokens: Token[] = [];
  let start = -1;
  for (let at = 0; at <= text.length; at += 1) {
    if (at < text.length && isAsciiWordCode(text.charCodeAt(at))) {
      if (start < 0) start = at;
    } else if (start >= 0) {
      tokens.push({ folded: folded.slice(start, at), start, end: at });
      start = -1;
    }
  }
  return tokens;
}

/** Tokens of `text` with offsets into `text` itself. */
export function tokenize(text: string): Token[] {
  if (isAscii(text)) return tokenizeAscii(text);
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    tokens.push({ folded: fold(match[0]), start, end: start + match[0].length });
  }
  return tokens;
}
