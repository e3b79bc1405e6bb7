/*
 * The ICD-10-CM catalog shipped with the app (billable codes only). A stored
 * diagnosis must name a code in it, and takes its description from it.
 */
import catalogData from '../../shared/clinical/icd10cm.json';
import type { Icd10Catalog, Icd10Code } from '../../shared/clinical/icd10Search';
import { findIcd10Code } from '../../shared/clinical/icd10Search';
import { VaultError } from '../../shared/errors';

const catalog: Icd10Catalog = catalogData;

/** The catalog entry for a code; INVALID_INPUT for a code that is not a billable code in the shipped data. */
export function requireBillableCode(code: string): Icd10Code {
  const entry = findIcd10Code(catalog.codes, code);
  if (!entry) throw new VaultError('INVALID_INPUT', 'Not a billable ICD-10-CM code in the shipped catalog');
  return entry;
}
