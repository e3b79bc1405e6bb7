/*
 * What the backup, verify and restore services report. Counts, codes, times
 * and random row ids only: nothing a client said, and no file paths beyond a
 * backup's own file name.
 */
import { z } from 'zod';
import type { LockState } from './records';

export type BackupKind = 'manual' | 'automatic';

export interface BackupSummary {
  fileName: string;
  kind: BackupKind;
  createdAt: string;
  sizeBytes: number;
}

/** How a compartment's key fared: opened, nothing to try, a passphrase (or recovery key) that opens no slot, or only damaged slots. */
export type KeyCheck = 'opened' | 'not-checked' | 'wrong-passphrase' | 'damaged';

export interface TableCheck {
  table: string;
  rows: number;
  /** Rows that decrypted and authenticated. */
  intact: number;
  failed: number;
  /** True when the compartment's key was not available, so no row was tried. */
  skipped: boolean;
}

export interface RowFailure {
  table: string;
  rowId: string;
}

export interface VerifyReport {
  /** True when everything that could be checked is intact and the vault's own key opened. */
  ok: boolean;
  /** 'missing': no manifest beside the file (the file itself can still be checked). */
  manifest: 'ok' | 'missing' | 'mismatch';
  /** SQLite's integrity_check and foreign_key_check. */
  structure: 'ok' | 'damaged';
  createdAt: string | null;
  formatVersion: number;
  keys: { progress: KeyCheck; psychotherapy: KeyCheck };
  tables: TableCheck[];
  /** Every row, or key slot (table 'key_slots'), that failed authentication. */
  failures: RowFailure[];
}

export interface BackupSettingsView {
  /** The chosen folder's own name; where it lives stays in main. */
  folderName: string | null;
  automatic: boolean;
  keep: number;
  lastAutomaticAt: string | null;
  /** This vault's automatic backups whose manifests the app cannot vouch for (edited, planted or dated ahead); never pruned. */
  unvouchedAutomatic: number;
}

export const BACKUP_KEEP_DEFAULT = 14;

export const backupPreferencesSchema = z.strictObject({
  automatic: z.boolean(),
  keep: z.number().int().min(1).max(365),
});
export type BackupPreferences = z.infer<typeof backupPreferencesSchema>;

export type BackupOperation = 'backup' | 'verify' | 'restore';
export type BackupStage = 'copy' | 'hash' | 'structure' | 'keys' | 'rows' | 'swap' | 'open';

export interface BackupProgress {
  operation: BackupOperation;
  stage: BackupStage;
  done: number;
  total: number;
}

/** Replies of the backup channels; `false`/null when the therapist cancelled the file dialog. */
export interface BackupCreated {
  saved: boolean;
  backup: BackupSummary | null;
}

export interface BackupVerified {
  chosen: boolean;
  fileName: string | null;
  report: VerifyReport | null;
}

export interface BackupRestored {
  restored: boolean;
  report: VerifyReport | null;
  /** The vault's state afterwards: open on the restored file when it worked. */
  state: LockState;
}
