/**
 * Writes shared/clinical/icd10cm.json, the ICD-10-CM diagnosis catalog, from the raw CMS excerpts in
 * scripts/icd10/raw/ (see the README there).
 *
 *   npx tsx scripts/generateIcd10.ts            regenerate the data file
 *   npx tsx scripts/generateIcd10.ts --check    exit 1 if the data file differs from a regeneration
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIcd10Catalog, serializeIcd10Catalog } from './icd10/icd10Data';

const REPO = resolve(import.meta.dirname, '..');
const RAW = join(REPO, 'scripts/icd10/raw');
export const ORDER_EXCERPT = join(RAW, 'icd10cm-order-April-2025.excerpt.txt');
export const CODE_LIST_EXCERPT = join(RAW, 'icd10cm-codes-April-1-2026.excerpt.txt');
const DEFAULT_OUT = join(REPO, 'shared/clinical/icd10cm.json');

const USAGE = `Usage: npx tsx scripts/generateIcd10.ts [--check] [--out <path>]

Regenerates the ICD-10-CM catalog from the raw CMS excerpts in scripts/icd10/raw/.

  --check        do not write; exit 1 if the data file differs from a regeneration
  --out <path>   the data file (default shared/clinical/icd10cm.json)
  --help         print this help and exit
`;

function readFileOrNothing(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const out = values.out ? resolve(values.out) : DEFAULT_OUT;
  const { catalog, dropped } = buildIcd10Catalog(readFileSync(ORDER_EXCERPT, 'utf8'), readFileSync(CODE_LIST_EXCERPT, 'utf8'));
  const text = serializeIcd10Catalog(catalog);
  const shown = relative(process.cwd(), out);

  if (values.check) {
    if (readFileOrNothing(out) !== text) {
      process.stderr.write(`${shown} differs from a regeneration from scripts/icd10/raw/; run npx tsx scripts/generateIcd10.ts\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${shown} matches the raw excerpts (${catalog.codes.length} codes)\n`);
    return;
  }

  writeFileSync(out, text);
  const count = (letter: string) => catalog.codes.filter((entry) => entry.code.startsWith(letter)).length;
  process.stdout.write(
    `Wrote ${shown}: ${catalog.codes.length} codes (F ${count('F')}, Z ${count('Z')}), ${Buffer.byteLength(text)} bytes\n`,
  );
  for (const { code, reason } of dropped) process.stdout.write(`  left out ${code}: ${reason}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nRun with --help for usage.\n`);
  process.exitCode = 1;
}
