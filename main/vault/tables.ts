/*
 * Every encrypted table, in one registry: which compartment's key seals its
 * rows, and how a row names its parent. rows.ts, the row cipher, the backup
 * verifier and the benchmark's plaintext store all read it from here.
 *
 * Adding a table:
 *   1. A migration creating it (main/vault/migrations/, listed in index.ts),
 *      with the columns id, the parent column if any, key_version, nonce, ciphertext.
 *   2. An entry below: its compartment, its parent column, and the payload
 *      field that repeats the parent id.
 *   3. A repository module in main/vault/ over rows.ts, reached from the vault
 *      API (vaultApi.ts, repositories.ts).
 *   4. The input schema in shared/domain/schemas.ts.
 *   5. Its layout and AAD in docs/VAULT_FORMAT.md.
 */
import type { Compartment } from './compartments';

interface TableSpec {
  compartment: Compartment;
  /**
   * 'rows': sealed by rows.ts. 'chain': the audit log, sealed and MAC-chained
   * by audit.ts, with its own columns.
   */
  storage: 'rows' | 'chain';
  /** The plaintext foreign-key column, or null for a top-level table. */
  parentColumn: string | null;
  /**
   * The payload field that repeats the parent id: the plaintext foreign-key
   * column is outside the AAD, so a row re-pointed at another parent is
   * caught by comparing the two.
   */
  parentField: string | null;
}

export const TABLES = {
  clients: { compartment: 'progress', storage: 'rows', parentColumn: null, parentField: null },
  sessions: { compartment: 'progress', storage: 'rows', parentColumn: 'client_id', parentField: 'clientId' },
  progress_notes: { compartment: 'progress', storage: 'rows', parentColumn: 'session_id', parentField: 'sessionId' },
  addenda: { compartment: 'progress', storage: 'rows', parentColumn: 'note_id', parentField: 'noteId' },
  psychotherapy_notes: {
    compartment: 'psychotherapy',
    storage: 'rows',
    parentColumn: 'session_id',
    parentField: 'sessionId',
  },
  /** Quick capture (sealedCapture.ts): the public half of the compartment's X25519 key pair, readable with the vault open. */
  capture_public_keys: { compartment: 'progress', storage: 'rows', parentColumn: null, parentField: null },
  /** Its secret half, readable only with the psychotherapy key; rotating that key re-seals it like any other row. */
  capture_secret_keys: {
    compartment: 'psychotherapy',
    storage: 'rows',
    parentColumn: 'key_pair_id',
    parentField: 'keyPairId',
  },
  /**
   * Notes captured while the compartment was closed. The row is sealed under
   * the progress key (so it is bound to its place like any row), and the note
   * inside is a crypto_box_seal envelope only the secret key opens.
   */
  sealed_notes: { compartment: 'progress', storage: 'rows', parentColumn: 'session_id', parentField: 'sessionId' },
  disclosures: { compartment: 'progress', storage: 'rows', parentColumn: 'client_id', parentField: 'clientId' },
  settings: { compartment: 'progress', storage: 'rows', parentColumn: null, parentField: null },
  standing_appointments: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'client_id',
    parentField: 'clientId',
  },
  authorizations: { compartment: 'progress', storage: 'rows', parentColumn: 'client_id', parentField: 'clientId' },
  diagnoses: { compartment: 'progress', storage: 'rows', parentColumn: 'client_id', parentField: 'clientId' },
  treatment_plans: { compartment: 'progress', storage: 'rows', parentColumn: 'client_id', parentField: 'clientId' },
  /** Custom note templates; a note keeps its own copy of the one it was written with. */
  note_templates: { compartment: 'progress', storage: 'rows', parentColumn: null, parentField: null },
  audit_log: { compartment: 'progress', storage: 'chain', parentColumn: null, parentField: null },
} as const satisfies Record<string, TableSpec>;

export type EncryptedTable = keyof typeof TABLES;
/** The tables rows.ts reads and writes. */
export type RowTable = { [T in EncryptedTable]: (typeof TABLES)[T]['storage'] extends 'rows' ? T : never }[EncryptedTable];

export const ENCRYPTED_TABLES = Object.keys(TABLES) as EncryptedTable[];
export const ROW_TABLES = ENCRYPTED_TABLES.filter((table): table is RowTable => TABLES[table].storage === 'rows');

export function compartmentOf(table: EncryptedTable): Compartment {
  return TABLES[table].compartment;
}
