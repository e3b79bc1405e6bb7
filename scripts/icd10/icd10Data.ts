/**
 * Turns the raw ICD-10-CM excerpts in scripts/icd10/raw/ into the diagnosis catalog shipped in
 * shared/clinical/icd10cm.json: billable codes of the 2025 order file, in the scope therapists use,
 * that are still billable in the 2026 code list, with their official long descriptions.
 */
import type { Icd10Catalog, Icd10Code } from '../../shared/clinical/icd10Search';

export interface OrderEntry {
  order: string;
  /** The code as the order file writes it, without its dot (F321). */
  code: string;
  billable: boolean;
  shortDescription: string;
  longDescription: string;
}

export interface DroppedCode {
  code: string;
  reason: 'absent from the 2026 list' | 'a header with subcodes in the 2026 list';
}

export interface Icd10Build {
  catalog: Icd10Catalog;
  dropped: DroppedCode[];
}

export const SOURCE =
  'ICD-10-CM (CMS/NCHS, public domain): long descriptions from icd10cm-order-April-2025.txt, ' +
  'codes checked against icd10cm-codes-April-1-2026.txt';
export const RELEASE = 'ICD-10-CM April 1, 2025 update; still billable in the April 1, 2026 update';

/** Z categories for psychosocial circumstances, counseling and care that therapists code. */
const Z_CATEGORY_RANGES: ReadonlyArray<readonly [number, number]> = [
  [55, 65],
  [69, 76],
];

const LIST_CODE = /^[A-Z][0-9][0-9A-Z]{1,5}$/;

/** Reads one fixed-width line: order 5, code 7, billable 1, short 60, long to the end, one space between. */
export function parseOrderLine(line: string): OrderEntry {
  const order = line.slice(0, 5);
  const code = line.slice(6, 13).trimEnd();
  const flag = line.slice(14, 15);
  const longDescription = line.slice(77);
  const wellFormed =
    /^\d{5}$/.test(order) &&
    /^[A-Z][0-9A-Z]{2,6}$/.test(code) &&
    /^[01]$/.test(flag) &&
    [5, 13, 15, 76].every((column) => line[column] === ' ') &&
    /^\S/.test(longDescription);
  if (!wellFormed) throw new Error(`Not an ICD-10-CM order file line: ${JSON.stringify(line)}`);
  return {
    order,
    code,
    billable: flag === '1',
    shortDescription: line.slice(16, 76).trimEnd(),
    longDescription,
  };
}

export function parseOrderFile(text: string): OrderEntry[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(parseOrderLine);
}

/** The codes of a code list file; chapter numbers and block ranges (F01-F09) are not codes. */
export function parseCodeList(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => LIST_CODE.test(line)),
  );
}

/** F32A becomes F32.A; three-character codes have no dot. */
export function formatCode(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

export function isInScope(code: string): boolean {
  const match = /^([FZ])(\d{2})/.exec(code);
  if (!match) return false;
  const category = Number(match[2]);
  if (match[1] === 'F') return category >= 1;
  return Z_CATEGORY_RANGES.some(([first, last]) => category >= first && category <= last);
}

function hasSubcodes(code: string, codes2026: ReadonlySet<string>): boolean {
  for (const other of codes2026) if (other.length > code.length && other.startsWith(code)) return true;
  return false;
}

export function buildIcd10Catalog(orderText: string, codeListText: string): Icd10Build {
  const codes2026 = parseCodeList(codeListText);
  const codes: Icd10Code[] = [];
  const dropped: DroppedCode[] = [];
  for (const entry of parseOrderFile(orderText)) {
    if (!entry.billable || !isInScope(entry.code)) continue;
    if (!codes2026.has(entry.code)) {
      dropped.push({ code: formatCode(entry.code), reason: 'absent from the 2026 list' });
    } else if (hasSubcodes(entry.code, codes2026)) {
      dropped.push({ code: formatCode(entry.code), reason: 'a header with subcodes in the 2026 list' });
    } else {
      codes.push({ code: formatCode(entry.code), description: entry.longDescription });
    }
  }
  return { catalog: { source: SOURCE, release: RELEASE, codes }, dropped };
}

/** One code a line, so that a change in the data shows as a readable diff. */
export function serializeIcd10Catalog(catalog: Icd10Catalog): string {
  const lines = catalog.codes.map(
    (entry, index) => `    ${JSON.stringify(entry)}${index < catalog.codes.length - 1 ? ',' : ''}`,
  );
  return [
    '{',
    `  "source": ${JSON.stringify(catalog.source)},`,
    `  "release": ${JSON.stringify(catalog.release)},`,
    '  "codes": [',
    ...lines,
    '  ]',
    '}',
    '',
  ].join('\n');
}
