import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIcd10Catalog, formatCode, parseOrderFile, parseOrderLine, serializeIcd10Catalog } from '../../scripts/icd10/icd10Data';
import type { Icd10Catalog } from '../../shared/clinical/icd10Search';

const repo = resolve(import.meta.dirname, '../..');
const tsx = join(repo, 'node_modules/tsx/dist/cli.mjs');
const script = join(repo, 'scripts/generateIcd10.ts');
const dataPath = join(repo, 'shared/clinical/icd10cm.json');
const orderText = readFileSync(join(repo, 'scripts/icd10/raw/icd10cm-order-April-2025.excerpt.txt'), 'utf8');
const codeListText = readFileSync(join(repo, 'scripts/icd10/raw/icd10cm-codes-April-1-2026.excerpt.txt'), 'utf8');
const committedText = readFileSync(dataPath, 'utf8');
const committed = JSON.parse(committedText) as Icd10Catalog;
const byCode = new Map(committed.codes.map((entry) => [entry.code, entry.description]));

function runScript(...args: string[]) {
  return spawnSync(process.execPath, [tsx, script, ...args], { cwd: repo, encoding: 'utf8' });
}

describe('the order file parser', () => {
  it('reads the fixed-width columns, even when the short description fills its 60 characters', () => {
    const line =
      '05124 F0150   1 Vascular dementia, unsp severity, without beh/psych/mood/anx Vascular dementia, unspecified severity, without behavioral disturbance, psychotic disturbance, mood disturbance, and anxiety';
    expect(parseOrderLine(line)).toEqual({
      order: '05124',
      code: 'F0150',
      billable: true,
      shortDescription: 'Vascular dementia, unsp severity, without beh/psych/mood/anx',
      longDescription:
        'Vascular dementia, unspecified severity, without behavioral disturbance, psychotic disturbance, mood disturbance, and anxiety',
    });
  });

  it('refuses a line whose columns are shifted', () => {
    const shifted = '05903 F321   1 Major depressive disorder, single episode, moderate         Major depressive disorder, single episode, moderate';
    expect(() => parseOrderLine(shifted)).toThrow(/Not an ICD-10-CM order file line/);
  });

  it('finds every raw order line well formed and numbered without gaps within each excerpt block', () => {
    const entries = parseOrderFile(orderText);
    const breaks = entries.slice(1).filter((entry, index) => Number(entry.order) !== Number(entries[index]!.order) + 1);
    expect(breaks.map((entry) => entry.code)).toEqual(['Z55', 'Z69']);
  });

  it('inserts the dot after the third character only', () => {
    expect([formatCode('F321'), formatCode('F4310'), formatCode('F32A'), formatCode('F99')]).toEqual(['F32.1', 'F43.10', 'F32.A', 'F99']);
  });
});

describe('shared/clinical/icd10cm.json', () => {
  it('matches a regeneration from the raw excerpts byte for byte', () => {
    expect(serializeIcd10Catalog(buildIcd10Catalog(orderText, codeListText).catalog)).toBe(committedText);
  });

  it('states its source and release', () => {
    expect(committed.source).toContain('CMS/NCHS');
    expect(committed.source).toContain('icd10cm-order-April-2025.txt');
    expect(committed.release).toContain('April 1, 2025');
    expect(committed.release).toContain('April 1, 2026');
  });

  it('holds only well-formed, unique codes of chapter F and the therapy Z ranges', () => {
    const codes = committed.codes.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/);
      const category = Number(code.slice(1, 3));
      const inScope = code.startsWith('F')
        ? category >= 1 && category <= 99
        : code.startsWith('Z') && ((category >= 55 && category <= 65) || (category >= 69 && category <= 76));
      expect(inScope, code).toBe(true);
    }
  });

  it('holds only codes the 2025 order file marks billable, with their long description', () => {
    const billable = new Map(
      parseOrderFile(orderText)
        .filter((entry) => entry.billable)
        .map((entry) => [formatCode(entry.code), entry.longDescription]),
    );
    for (const { code, description } of committed.codes) expect(billable.get(code), code).toBe(description);
  });

  it('has the official text of codes therapists use', () => {
    expect(byCode.get('F32.1')).toBe('Major depressive disorder, single episode, moderate');
    expect(byCode.get('F43.10')).toBe('Post-traumatic stress disorder, unspecified');
    expect(byCode.get('F41.1')).toBe('Generalized anxiety disorder');
    expect(byCode.get('F32.A')).toBe('Depression, unspecified');
    expect(byCode.get('F90.2')).toBe('Attention-deficit hyperactivity disorder, combined type');
    expect(byCode.get('Z63.0')).toBe('Problems in relationship with spouse or partner');
    expect(byCode.get('Z69.11')).toBe('Encounter for mental health services for victim of spousal or partner abuse');
  });

  it('leaves out non-billable headers', () => {
    for (const header of ['F32', 'F43', 'F43.1', 'F10.1', 'Z63', 'Z69', 'Z69.0']) expect(byCode.has(header), header).toBe(false);
  });

  it('leaves out Z59.86, billable in 2025 but split into subcodes in 2026', () => {
    expect(byCode.has('Z59.86')).toBe(false);
    expect(buildIcd10Catalog(orderText, codeListText).dropped).toEqual([
      { code: 'Z59.86', reason: 'a header with subcodes in the 2026 list' },
    ]);
  });

  it('leaves out a 2025 code that the 2026 list no longer has', () => {
    const without = codeListText.replace(/^F411\n/m, '');
    const { catalog, dropped } = buildIcd10Catalog(orderText, without);
    expect(catalog.codes.some((entry) => entry.code === 'F41.1')).toBe(false);
    expect(dropped).toContainEqual({ code: 'F41.1', reason: 'absent from the 2026 list' });
  });

  it('counts 871 F codes and 199 Z codes', () => {
    expect(committed.codes.filter((entry) => entry.code.startsWith('F'))).toHaveLength(871);
    expect(committed.codes.filter((entry) => entry.code.startsWith('Z'))).toHaveLength(199);
  });
});

describe('npx tsx scripts/generateIcd10.ts --check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'icd10-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on the committed data file', () => {
    const run = runScript('--check');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('fails on a data file whose description was edited, and writes nothing', () => {
    const tampered = join(dir, 'tampered.json');
    const text = committedText.replace('single episode, moderate"', 'single episode, moderate (edited)"');
    writeFileSync(tampered, text);
    const run = runScript('--check', '--out', tampered);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('differs from a regeneration');
    expect(readFileSync(tampered, 'utf8')).toBe(text);
  });

  it('fails when the data file is missing', () => {
    const run = runScript('--check', '--out', join(dir, 'absent.json'));
    expect(run.status).toBe(1);
  });
});
