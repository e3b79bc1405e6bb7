/**
 * Picking an ICD-10-CM diagnosis by code or by words from the shipped catalog (icd10cm.json, billable
 * codes only). Matching ignores case, accents and the dot in codes, so "f321", "F32.1" and
 * "depressive moderate" all find F32.1. Results are ranked: the exact code, then codes starting with
 * the query, then descriptions in which every query word starts a word. Among description matches,
 * those that begin with the first query word come first, then shorter before longer, since both are
 * the closer fit to what was typed ("depression" puts "Depression, unspecified" before
 * "Postpartum depression" and the longer descriptions that mention it).
 */

export interface Icd10Code {
  /** With its dot after the third character: F32.1, F43.10, Z63.0. */
  code: string;
  /** The official ICD-10-CM long description. */
  description: string;
}

export interface Icd10Catalog {
  source: string;
  release: string;
  codes: Icd10Code[];
}

export const DEFAULT_ICD10_RESULT_LIMIT = 20;

/** Lower case without accents: NFD splits "é" into "e" and a combining mark, which is dropped. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function codeKey(text: string): string {
  return foldForSearch(text).replace(/[.\s]/g, '');
}

/** Words of folded text; apostrophes join ("asperger's" is one word, "aspergers"). */
function words(text: string): string[] {
  return foldForSearch(text)
    .replace(/['\u2019]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

const CODE_START = /^[a-z]\d/;

/** A query word matches a description word it starts, or the code it starts ("f43 adjustment"). */
function wordMatches(queryWord: string, descriptionWords: readonly string[], key: string): boolean {
  if (CODE_START.test(queryWord) && key.startsWith(queryWord.replace(/\./g, ''))) return true;
  return descriptionWords.some((word) => word.startsWith(queryWord));
}

/** The catalog entry for a code written with or without its dot, in any case. */
export function findIcd10Code(codes: readonly Icd10Code[], code: string): Icd10Code | undefined {
  const key = codeKey(code);
  if (key === '') return undefined;
  return codes.find((entry) => codeKey(entry.code) === key);
}

export function searchIcd10(
  codes: readonly Icd10Code[],
  query: string,
  limit: number = DEFAULT_ICD10_RESULT_LIMIT,
): Icd10Code[] {
  const queryKey = codeKey(query);
  const queryWords = words(query.replace(/\./g, ''));
  if (limit <= 0 || queryKey === '') return [];

  const exact: Icd10Code[] = [];
  const prefix: Icd10Code[] = [];
  const described: Icd10Code[] = [];
  for (const entry of codes) {
    const key = codeKey(entry.code);
    if (key === queryKey) exact.push(entry);
    else if (key.startsWith(queryKey)) prefix.push(entry);
    else if (queryWords.length > 0) {
      const descriptionWords = words(entry.description);
      if (queryWords.every((word) => wordMatches(word, descriptionWords, key))) described.push(entry);
    }
  }
  const firstWord = queryWords[0] ?? '';
  const byFit = described
    .map((entry, index) => ({
      entry,
      index,
      leads: words(entry.description)[0]?.startsWith(firstWord) ? 0 : 1,
    }))
    .sort((a, b) => a.leads - b.leads || a.entry.description.length - b.entry.description.length || a.index - b.index)
    .map(({ entry }) => entry);
  return [...exact, ...prefix, ...byFit].slice(0, limit);
}
