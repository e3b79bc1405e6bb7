/*
 * The two compartments. Psychotherapy notes (HIPAA 45 CFR 164.501) live under
 * their own key so the clinical record can be opened, searched and exported
 * without ever holding that key. Which table belongs to which is in tables.ts.
 */
export const COMPARTMENTS = ['progress', 'psychotherapy'] as const;
export type Compartment = (typeof COMPARTMENTS)[number];
