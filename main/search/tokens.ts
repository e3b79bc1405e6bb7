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

// A word, matched where it starts only (sticky). Combining marks belong to the word they follow (a decomposed "é" is one word).
const WORD_AT = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/uy;

/**
 * Tokens of `text` with offsets into `text` itself. Notes are mostly ASCII:
 * a word of ASCII letters and digits is cut by character code, and only a
 * word with another character in it (or a character outside ASCII that may
 * start one) goes through the Unicode pattern, which gives the same tokens.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code < 128 && !isAsciiWordCode(code)) {
      at += 1;
      continue;
    }
    let end = at;
    while (end < text.length && isAsciiWordCode(text.charCodeAt(end))) end += 1;
    if (end > at && (end === text.length || text.charCodeAt(end) < 128)) {
      tokens.push({ folded: text.slice(at, end).toLowerCase(), start: at, end });
      at = end;
      continue;
    }
    WORD_AT.lastIndex = at;
    const word = WORD_AT.exec(text)?.[0];
    if (word === undefined) {
      at += 1;
      continue;
    }
    tokens.push({ folded: fold(word), start: at, end: at + word.length });
    at += word.length;
  }
  return tokens;
}
