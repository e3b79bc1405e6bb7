/*
 * What travels between devices: versions of rows exactly as the vault stores
 * them, plus the metadata merging needs (docs/SYNC.md sections 3 and 5).
 */
import type { Hlc, Stamp } from './hlc';
import { compareHlc } from './hlc';

/** The tables sync carries, with their code in batch files. Never renumber. */
export const SYNC_TABLE_CODES = {
  clients: 1,
  sessions: 2,
  progress_notes: 3,
  addenda: 4,
  psychotherapy_notes: 5,
  disclosures: 6,
  settings: 7,
  audit_log: 8,
  sync_devices: 9,
  standing_appointments: 10,
  authorizations: 13,
  capture_public_keys: 14,
  capture_secret_keys: 15,
  sealed_notes: 16,
  diagnoses: 11,
  treatment_plans: 12,
  note_templates: 17,
} as const;

export type SyncTable = keyof typeof SYNC_TABLE_CODES;

export const SYNC_TABLES = Object.keys(SYNC_TABLE_CODES) as SyncTable[];

/** How concurrent versions of one row are reconciled (docs/SYNC.md section 5). */
export type MergeKind = 'insert-only' | 'latest' | 'text';

export const MERGE_KIND: Record<SyncTable, MergeKind> = {
  clients: 'latest',
  sessions: 'latest',
  progress_notes: 'text',
  addenda: 'insert-only',
  psychotherapy_notes: 'text',
  disclosures: 'insert-only',
  settings: 'latest',
  audit_log: 'insert-only',
  sync_devices: 'latest',
  standing_appointments: 'latest',
  authorizations: 'latest',
  capture_public_keys: 'insert-only',
  capture_secret_keys: 'insert-only',
  sealed_notes: 'insert-only',
  diagnoses: 'insert-only',
  treatment_plans: 'text',
  note_templates: 'latest',
};

/** Device id -> the newest stamp of that device the writer had incorporated. */
export type SeenVector = Readonly<Record<string, Hlc>>;

export interface SealedPayload {
  keyVersion: number;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

/** An audit entry's place in its writer's chain. */
export interface AuditLink {
  seq: number;
  mac: Uint8Array;
}

export interface RowVersion {
  table: SyncTable;
  rowId: string;
  parentId: string | null;
  stamp: Stamp;
  /** A signed progress note: outranks every draft whatever the stamps. */
  final: boolean;
  /** null for a tombstone. */
  sealed: SealedPayload | null;
  seen: SeenVector;
  audit?: AuditLink;
}

export interface ConflictRef {
  table: SyncTable;
  rowId: string;
  stamp: Stamp;
}

export type Change =
  | { kind: 'version'; version: RowVersion }
  | { kind: 'conflict'; version: RowVersion }
  | { kind: 'dismiss'; ref: ConflictRef };

/** Device id -> the highest batch seq imported from it without a gap. */
export type Frontier = Readonly<Record<string, number>>;

export interface BatchBody {
  frontier: Frontier;
  changes: Change[];
}

export function isDeleted(version: RowVersion): boolean {
  return version.sealed === null;
}

/** Whether `writer` had incorporated `version` when it was written. */
export function hasSeen(writer: Pick<RowVersion, 'seen'>, version: Pick<RowVersion, 'stamp'>): boolean {
  const seen = writer.seen[version.stamp.device];
  return seen !== undefined && compareHlc(seen, version.stamp.hlc) >= 0;
}

export function mergeSeen(...vectors: SeenVector[]): Record<string, Hlc> {
  const out: Record<string, Hlc> = {};
  for (const vector of vectors) {
    for (const [device, hlc] of Object.entries(vector)) {
      const known = out[device];
      if (known === undefined || compareHlc(hlc, known) > 0) out[device] = hlc;
    }
  }
  return out;
}

export function conflictKey(ref: ConflictRef): string {
  return `${ref.table}|${ref.rowId}|${ref.stamp.hlc.wall}.${ref.stamp.hlc.logical}|${ref.stamp.device}`;
}

export function rowKey(table: SyncTable, rowId: string): string {
  return `${table}|${rowId}`;
}
