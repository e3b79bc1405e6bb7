/*
 * Every encrypted table, in one registry: which compartment's key seals its
 * rows, how a row names its parent, and how sync carries it. rows.ts, the row
 * cipher, the backup verifier, sync (main/sync/changes.ts) and the
 * benchmark's plaintext store all read it from here.
 *
 * Adding a table:
 *   1. A migration creating it: a new file in main/vault/migrations/ (and its
 *      line in the list in index.ts), with the columns id, the parent column
 *      if any, key_version, nonce, ciphertext.
 *   2. An entry below: its compartment, parent column, the payload field that
 *      repeats the parent id, and its sync code (the one you are given; never
 *      reuse one) and merge kind.
 *   3. A repository module in main/vault/ over rows.ts, declared and bound in
 *      repositories.ts (the Vault interface extends Repositories).
 *   4. The input schema in shared/domain/schemas.ts.
 *   5. docs/VAULT_FORMAT.md: its row in section 2 (foreign key, compartment,
 *      index, sync code, sync merge), its payload in section 5, the version.
 * The format and sync tests read section 2 and this registry, so no test
 * lists the table again; add its repository tests and its payload to
 * test/docs/vaultFormat.test.ts.
 */
import type { Compartment } from './compartments';

/** How concurrent versions of one row are reconciled (docs/SYNC.md section 5). */
export type MergeKind = 'insert-only' | 'latest' | 'text';

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
  sync: TableSync;
}

export interface TableSync {
  /** Its u8 code in batch files (docs/SYNC.md section 3). Never renumber or reuse one. */
  code: number;
  merge: MergeKind;
}

export const TABLES = {
  clients: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: null,
    parentField: null,
    sync: { code: 1, merge: 'latest' },
  },
  sessions: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'client_id',
    parentField: 'clientId',
    sync: { code: 2, merge: 'latest' },
  },
  progress_notes: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'session_id',
    parentField: 'sessionId',
    sync: { code: 3, merge: 'text' },
  },
  addenda: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'note_id',
    parentField: 'noteId',
    sync: { code: 4, merge: 'insert-only' },
  },
  psychotherapy_notes: {
    compartment: 'psychotherapy',
    storage: 'rows',
    parentColumn: 'session_id',
    parentField: 'sessionId',
    sync: { code: 5, merge: 'text' },
  },
  /** Quick capture (sealedCapture.ts): the public half of the compartment's X25519 key pair, readable with the vault open. */
  capture_public_keys: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: null,
    parentField: null,
    sync: { code: 14, merge: 'insert-only' },
  },
  /** Its secret half, readable only with the psychotherapy key; rotating that key re-seals it like any other row. */
  capture_secret_keys: {
    compartment: 'psychotherapy',
    storage: 'rows',
    parentColumn: 'key_pair_id',
    parentField: 'keyPairId',
    sync: { code: 15, merge: 'insert-only' },
  },
  /**
   * Notes captured while the compartment was closed. The row is sealed under
   * the progress key (so it is bound to its place like any row), and the note
   * inside is a crypto_box_seal envelope only the secret key opens.
   */
  sealed_notes: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'session_id',
    parentField: 'sessionId',
    sync: { code: 16, merge: 'insert-only' },
  },
  disclosures: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'client_id',
    parentField: 'clientId',
    sync: { code: 6, merge: 'insert-only' },
  },
  settings: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: null,
    parentField: null,
    sync: { code: 7, merge: 'latest' },
  },
  standing_appointments: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'client_id',
    parentField: 'clientId',
    sync: { code: 10, merge: 'latest' },
  },
  authorizations: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'client_id',
    parentField: 'clientId',
    sync: { code: 13, merge: 'latest' },
  },
  diagnoses: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'client_id',
    parentField: 'clientId',
    sync: { code: 11, merge: 'insert-only' },
  },
  treatment_plans: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'client_id',
    parentField: 'clientId',
    sync: { code: 12, merge: 'text' },
  },
  audit_log: {
    compartment: 'progress',
    storage: 'chain',
    parentColumn: null,
    parentField: null,
    sync: { code: 8, merge: 'insert-only' },
  },
} as const satisfies Record<string, TableSpec>;

export type EncryptedTable = keyof typeof TABLES;
/** The tables rows.ts reads and writes. */
export type RowTable = { [T in EncryptedTable]: (typeof TABLES)[T]['storage'] extends 'rows' ? T : never }[EncryptedTable];

export const ENCRYPTED_TABLES = Object.keys(TABLES) as EncryptedTable[];
export const ROW_TABLES = ENCRYPTED_TABLES.filter((table): table is RowTable => TABLES[table].storage === 'rows');

export function compartmentOf(table: EncryptedTable): Compartment {
  return TABLES[table].compartment;
}
