import { describe, expect, it } from 'vitest';
import catalog from '../../../shared/clinical/icd10cm.json';
import { DEFAULT_ICD10_RESULT_LIMIT, findIcd10Code, foldForSearch, searchIcd10, type Icd10Code } from '../../../shared/clinical/icd10Search';

const codes: readonly Icd10Code[] = catalog.codes;
const codesOf = (results: Icd10Code[]) => results.map((entry) => entry.code);

describe('searchIcd10 by code', () => {
  it('puts the exact code first, then the codes it starts', () => {
    const results = codesOf(searchIcd10(codes, 'F32', 50));
    expect(results).toEqual(['F32.0', 'F32.1', 'F32.2', 'F32.3', 'F32.4', 'F32.5', 'F32.81', 'F32.89', 'F32.9', 'F32.A']);
  });

  it('accepts a code with or without its dot, in any case', () => {
    for (const query of ['F32.1', 'f32.1', 'F321', ' f321 ']) expect(codesOf(searchIcd10(codes, query))[0], query).toBe('F32.1');
  });

  it('ranks the exact code before longer codes that start with it', () => {
    expect(codesOf(searchIcd10(codes, 'F43.1'))).toEqual(['F43.10', 'F43.11', 'F43.12']);
    expect(codesOf(searchIcd10(codes, 'Z63.3'))).toEqual(['Z63.31', 'Z63.32']);
    expect(codesOf(searchIcd10(codes, 'F41.1'))[0]).toBe('F41.1');
  });

  it('offers no non-billable header', () => {
    const everyF = codesOf(searchIcd10(codes, 'F', codes.length)).filter((code) => code.startsWith('F'));
    expect(everyF).not.toContain('F32');
    expect(everyF).not.toContain('F43.1');
    expect(everyF).toHaveLength(871);
  });
});

describe('searchIcd10 by words', () => {
  it('matches every word, in any order, at the start of description words', () => {
    const forward = codesOf(searchIcd10(codes, 'major depressive single moderate'));
    const shuffled = codesOf(searchIcd10(codes, 'moder singl depress major'));
    expect(forward).toEqual(['F32.1']);
    expect(shuffled).toEqual(forward);
  });

  it('does not match a word in the middle of a description word', () => {
    expect(codesOf(searchIcd10(codes, 'pressive'))).toEqual([]);
  });

  it('ignores case and accents in the query', () => {
    const plain = codesOf(searchIcd10(codes, 'generalized anxiety'));
    expect(plain).toEqual(['F41.1']);
    expect(codesOf(searchIcd10(codes, 'GÉNÉRALIZED ÁNXIETY'))).toEqual(plain);
    expect(codesOf(searchIcd10(codes, 'Generalized Anxiety'))).toEqual(plain);
  });

  it('puts descriptions that begin with the first word first, then the shorter ones', () => {
    const results = codesOf(searchIcd10(codes, 'depression'));
    expect(results.slice(0, 2)).toEqual(['F32.A', 'F53.0']);
    expect(codesOf(searchIcd10(codes, 'insomnia')).slice(0, 2)).toEqual(['F51.05', 'F51.01']);
  });

  it('joins words across hyphens and apostrophes as the description writes them', () => {
    expect(codesOf(searchIcd10(codes, 'post-traumatic chronic'))).toEqual(['F43.12']);
    expect(codesOf(searchIcd10(codes, 'aspergers'))).toEqual(['F84.5']);
    expect(codesOf(searchIcd10(codes, 'tourette’s'))).toEqual(['F95.2']);
  });

  it('narrows a code prefix by words', () => {
    expect(codesOf(searchIcd10(codes, 'f43 anxiety'))).toEqual(['F43.22', 'F43.23']);
  });

  it('finds Z codes by their words', () => {
    expect(codesOf(searchIcd10(codes, 'spouse partner problems'))).toEqual(['Z63.0']);
  });
});

describe('searchIcd10 limits', () => {
  it('returns at most the limit, by default 20', () => {
    expect(searchIcd10(codes, 'disorder')).toHaveLength(DEFAULT_ICD10_RESULT_LIMIT);
    expect(searchIcd10(codes, 'disorder', 3)).toHaveLength(3);
    expect(searchIcd10(codes, 'F32', 2).map((entry) => entry.code)).toEqual(['F32.0', 'F32.1']);
  });

  it('returns nothing for a blank query, a limit of zero or words no description has', () => {
    expect(searchIcd10(codes, '')).toEqual([]);
    expect(searchIcd10(codes, '   ')).toEqual([]);
    expect(searchIcd10(codes, 'F32', 0)).toEqual([]);
    expect(searchIcd10(codes, 'zzyzx')).toEqual([]);
    expect(searchIcd10(codes, 'F32.7')).toEqual([]);
  });
});

describe('findIcd10Code', () => {
  it('finds a billable code written with or without its dot', () => {
    expect(findIcd10Code(codes, 'f4310')?.code).toBe('F43.10');
    expect(findIcd10Code(codes, 'F43.10')?.description).toBe('Post-traumatic stress disorder, unspecified');
    expect(findIcd10Code(codes, 'z630')?.code).toBe('Z63.0');
  });

  it('finds no header, no unknown code and nothing for an empty code', () => {
    expect(findIcd10Code(codes, 'F32')).toBeUndefined();
    expect(findIcd10Code(codes, 'F32.7')).toBeUndefined();
    expect(findIcd10Code(codes, '')).toBeUndefined();
  });
});

describe('foldForSearch', () => {
  it('lower-cases and strips combining marks after NFD decomposition', () => {
    expect(foldForSearch('Ångström Ça Va Ñandú')).toBe('angstrom ca va nandu');
  });
});
