/*
 * What travels between devices: versions of rows exactly as the vault stores
 * them, plus the metadata merging needs (docs/SYNC.md sections 3 and 5).
 */
import type { Hlc, Stamp } from './hlc';
import { compareHlc } from './hlc';
import type { EncryptedTable, MergeKind, TableSync } from '../vault/tables';
import { ENCRYPTED_TABLES, TABLES } from '../vault/tables';

/**
 * Tables sync carries that the vault file does not hold yet (the device
 * registry, docs/SYNC.md section 7); every encrypted table's code and merge
 * kind are in its registry entry (main/vault/tables.ts).
 */
const SYNC_ONLY_TABLES = {
  sync_devices: { code: 9, merge: 'latest' },
} as const satisfies Record<string, TableSync>;

export type SyncTable = EncryptedTable | keyof typeof SYNC_ONLY_TABLES;

const SYNC_SPECS: Record<SyncTable, TableSync> = {
  ...(Object.fromEntries(ENCRYPTED_TABLES.map((table) => [table, TABLES[table].sync])) as Record<EncryptedTable, TableSync>),
  ...SYNC_ONLY_TABLES,
};

export const SYNC_TABLES = Object.keys(SYNC_SPECS) as SyncTable[];

/** The tables sync carries, with their code in batch files. */
export const SYNC_TABLE_CODES = Object.fromEntries(SYNC_TABLES.map((table) => [table, SYNC_SPECS[table].code])) as Record<
  SyncTable,
  number
>;

export const MERGE_KIND = Object.fromEntries(SYNC_TABLES.map((table) => [table, SYNC_SPECS[table].merge])) as Record<
  SyncTable,
  MergeKind
>;

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
