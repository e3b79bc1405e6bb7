import type { BackupOperation, BackupSettingsView, BackupStage, KeyCheck, VerifyReport } from '../../../shared/domain/backup';
import { formatDateTime } from '../../components/format';

/** Automatic backups older than this are worth a warning: the drive may have been away for a while. */
export const STALE_BACKUP_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export const OPERATION_TEXT: Readonly<Record<BackupOperation, string>> = {
  backup: 'Backing up',
  verify: 'Verifying',
  restore: 'Restoring',
};

export const STAGE_TEXT: Readonly<Record<BackupStage, string>> = {
  copy: 'copying the file',
  hash: 'computing its SHA-256 fingerprint',
  structure: 'checking the database structure',
  keys: 'opening the keys with the passphrase',
  rows: 'checking that every row decrypts',
  swap: 'putting the restored vault in place',
  open: 'opening the restored vault',
};

/** Shown before main reports the first stage: its dialog is open. */
export const WAITING_TEXT: Readonly<Record<BackupOperation, string>> = {
  backup: 'choose the folder in the dialog',
  verify: 'choose the backup file in the dialog',
  restore: 'choose the backup file in the dialog',
};

const TABLE_LABELS: Readonly<Record<string, string>> = {
  clients: 'Clients',
  sessions: 'Sessions',
  progress_notes: 'Progress notes',
  addenda: 'Addenda',
  psychotherapy_notes: 'Psychotherapy notes',
  capture_public_keys: 'Quick capture public key',
  capture_secret_keys: 'Quick capture secret key',
  sealed_notes: 'Sealed psychotherapy notes',
  disclosures: 'Disclosures',
  settings: 'Settings',
  audit_log: 'Audit log',
  key_slots: 'Key slots',
};

export function tableLabel(table: string): string {
  return TABLE_LABELS[table] ?? table;
}

const KEY_CHECK_TEXT: Record<KeyCheck, string> = {
  opened: 'Opened',
  'not-checked': 'Not checked (its passphrase was not given)',
  'wrong-passphrase': 'The passphrase given does not open it',
  damaged: 'Its key slot is damaged',
};

export function keyCheckText(check: KeyCheck): string {
  return KEY_CHECK_TEXT[check];
}

const MANIFEST_TEXT: Record<VerifyReport['manifest'], string> = {
  ok: 'Matches the file (size and SHA-256)',
  missing: 'Missing; the file itself was still checked',
  mismatch: 'Does not match the file: it changed after it was made',
};

export function manifestText(manifest: VerifyReport['manifest']): string {
  return MANIFEST_TEXT[manifest];
}

export function structureText(structure: VerifyReport['structure']): string {
  return structure === 'ok' ? 'SQLite integrity and foreign-key checks passed' : 'Damaged: SQLite reports errors in the file';
}

export function reportSummary(report: VerifyReport): string {
  if (report.ok) return 'The backup is intact: every row that was checked decrypted and authenticated.';
  if (report.keys.progress === 'not-checked') {
    return 'Only the file was checked. Give the passphrase to check that every row decrypts.';
  }
  return 'The backup has problems; see below. The vault was not changed.';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A warning about the automatic backups, or null when the last one is recent. */
export function automaticBackupWarning(settings: BackupSettingsView, now: number): string | null {
  if (settings.folderName === null) return 'No backup folder is chosen, so no automatic backup is made.';
  if (!settings.automatic) return 'Automatic backups are off.';
  if (settings.unvouchedAutomatic > 0) {
    return `${settings.unvouchedAutomatic} automatic backup file(s) in the backup folder cannot be vouched for by this vault (edited, copied in, or dated ahead of the clock). They are neither counted nor deleted.`;
  }
  if (settings.lastAutomaticAt === null) {
    return 'No automatic backup yet (or the backup folder cannot be reached). One is made the first time the vault locks each day.';
  }
  const days = Math.floor((now - Date.parse(settings.lastAutomaticAt)) / DAY_MS);
  if (days < STALE_BACKUP_DAYS) return null;
  return `The last automatic backup is ${days} days old. Check that the backup drive is connected when you lock the vault.`;
}

export function lastAutomaticText(settings: BackupSettingsView): string {
  return settings.lastAutomaticAt === null ? 'None yet' : formatDateTime(settings.lastAutomaticAt);
}
