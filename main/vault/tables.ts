/*
 * Every encrypted table, in one registry: which compartment's key seals its
 * rows, how a row names its parent, and how sync carries it; and the ordered
 * migrations that create them. rows.ts, the row cipher, the backup verifier,
 * sync (main/sync/changes.ts) and the benchmark's plaintext store all read it
 * from here.
 *
 * Adding a table:
 *   1. Here, twice: an entry in TABLES (its compartment, parent column, the
 *      payload field that repeats the parent id, and its sync code, the one
 *      you are given, never reused, and merge kind); and the migration that
 *      creates it at the end of MIGRATIONS, for the usual shape a line
 *      `addEncryptedTable({ version, table, parent })` (columns id, the parent
 *      column if any, key_version, nonce, ciphertext). A table of another
 *      shape gets its own file in main/vault/migrations/.
 *   2. A repository module in main/vault/ over rows.ts, declared and bound in
 *      repositories.ts (the Vault interface extends Repositories).
 *   3. The input schema in shared/domain/schemas.ts.
 *   4. docs/VAULT_FORMAT.md: its row in section 2 (foreign key, compartment,
 *      index, sync code, sync merge), its payload in section 5, the version.
 * The format and sync tests read section 2 and this registry, so no test
 * lists the table again; add its repository tests and its payload to
 * test/docs/vaultFormat.test.ts.
 */
import type { Compartment } from './compartments';
import type { Migration } from './migrations/migration';
import { v1 } from './migrations/v1';
import { v2 } from './migrations/v2';
import { v3StandingAppointments } from './migrations/v3StandingAppointments';
import { v4Authorizations } from './migrations/v4Authorizations';
import { v5SealedCapture } from './migrations/v5SealedCapture';
import { v6ClinicalRecord } from './migrations/v6ClinicalRecord';
import { v7NoteTemplates } from './migrations/v7NoteTemplates';
import { v8OutcomeMeasures } from './migrations/v8OutcomeMeasures';
import { v9AccessRequests } from './migrations/v9AccessRequests';
import { v10CourtOrders } from './migrations/v10CourtOrders';
import { v11NoteSummaries } from './migrations/v11NoteSummaries';
import { v12SyncState } from './migrations/v12SyncState';
import { v13ReadIndexes } from './migrations/v13ReadIndexes';
import { v14SummaryTemplateNames } from './migrations/v14SummaryTemplateNames';

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
  /** Custom note templates; a note keeps its own copy of the one it was written with, so no note changes whichever edit wins. */
  note_templates: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: null,
    parentField: null,
    sync: { code: 17, merge: 'latest' },
  },
  /** PHQ-9 and GAD-7 administrations, one a row, under the session they were given in; corrected until its note is signed. */
  outcome_measures: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'session_id',
    parentField: 'sessionId',
    sync: { code: 18, merge: 'latest' },
  },
  /** Sync's device registry (docs/SYNC.md section 7): a device's name and when it joined, by device id. */
  sync_devices: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: null,
    parentField: null,
    sync: { code: 9, merge: 'latest' },
  },
  audit_log: {
    compartment: 'progress',
    storage: 'chain',
    parentColumn: null,
    parentField: null,
    sync: { code: 8, merge: 'insert-only' },
  },
  access_requests: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'client_id',
    parentField: 'clientId',
    sync: { code: 19, merge: 'latest' },
  },
  /**
   * Court orders for psychotherapy notes: legal papers about the client, not
   * process notes, so the progress key seals them like authorizations and
   * disclosures, and the accounting of disclosures can name them with the
   * psychotherapy compartment shut. Never edited once recorded.
   */
  court_orders: {
    compartment: 'progress',
    storage: 'rows',
    parentColumn: 'client_id',
    parentField: 'clientId',
    sync: { code: 20, merge: 'insert-only' },
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

/** One step per format version, from 1 up with no gap (the migration tests check it); migrations/index.ts runs them. */
export const MIGRATIONS: readonly Migration[] = [
  v1,
  v2,
  v3StandingAppointments,
  v4Authorizations,
  v5SealedCapture,
  v6ClinicalRecord,
  v7NoteTemplates,
  v8OutcomeMeasures,
  v9AccessRequests,
  v10CourtOrders,
  v11NoteSummaries,
  v12SyncState,
  v13ReadIndexes,
  v14SummaryTemplateNames,
];
