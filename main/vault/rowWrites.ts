/*
 * What the vault tells sync about each row it stores (docs/SYNC.md section
 * 9): the row exactly as written, in the transaction that wrote it, so a save
 * that returned has its stamp. The recorder itself lives in main/sync.
 */
import type { VaultDatabase } from './db';
import type { EncryptedTable } from './tables';

export interface StoredWrite {
  table: EncryptedTable;
  rowId: string;
  parentId: string | null;
  /** The stored columns; null when the row was deleted. */
  sealed: { keyVersion: number; nonce: Uint8Array; ciphertext: Uint8Array } | null;
  /** A signed progress note or treatment plan: outranks every draft of it. */
  final: boolean;
}

export interface ChangeRecorder {
  recorded(db: VaultDatabase, write: StoredWrite): void;
  /** The stamp of the row's stored version as an opaque token; null for a row without one. */
  storedVersion(db: VaultDatabase, table: EncryptedTable, rowId: string): string | null;
  /**
   * Whether an import replaced the version an editor's text was based on
   * (`basedOn`; null: on no stored row): the stored version is another
   * device's, and not that one.
   */
  importedSince(db: VaultDatabase, table: EncryptedTable, rowId: string, basedOn: string | null): boolean;
  /** Keeps the row's stored version as a conflict copy to send, unless that copy was dismissed. */
  keepStored(db: VaultDatabase, table: EncryptedTable, rowId: string): void;
  /** Stamps a version that is not stored (a save refused by what an import brought) and keeps it as a conflict copy to send. */
  keepUnstored(db: VaultDatabase, write: StoredWrite): void;
}

const SIGNED_TABLES: ReadonlySet<EncryptedTable> = new Set(['progress_notes', 'treatment_plans']);

export function isFinalRecord(table: EncryptedTable, record: object): boolean {
  return SIGNED_TABLES.has(table) && (record as { status?: unknown }).status === 'signed';
}

/** Stores a row and its sync stamp together: both or neither. */
export function storeStamped(db: VaultDatabase, recorder: ChangeRecorder | undefined, write: StoredWrite, store: () => void): void {
  if (!recorder) {
    store();
    return;
  }
  db.transaction(() => {
    store();
    recorder.recorded(db, write);
  })();
}
