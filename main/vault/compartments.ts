/**
 * The two compartments and the tables each key protects. Psychotherapy notes
 * (HIPAA 45 CFR 164.501) live under their own key so the clinical record can
 * be opened, searched and exported without ever holding that key.
 */
export const COMPARTMENTS = ['progress', 'psychotherapy'] as const;
export type Compartment = (typeof COMPARTMENTS)[number];

export const TABLE_COMPARTMENT = {
  clients: 'progress',
  sessions: 'progress',
  progress_notes: 'progress',
  addenda: 'progress',
  audit_log: 'progress',
  disclosures: 'progress',
  settings: 'progress',
  psychotherapy_notes: 'psychotherapy',
} as const satisfies Record<string, Compartment>;

export type EncryptedTable = keyof typeof TABLE_COMPARTMENT;
