/*
 * Checks a backup (or any vault file) without changing it: the manifest's
 * size and SHA-256, SQLite's integrity and foreign-key checks, every key
 * slot's checksum and, given the passphrase, that every row decrypts and
 * authenticates. Failures are reported per table and row id; nothing stops
 * at the first one.
 */
import type Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type {
  BackupOperation,
  BackupStage,
  KeyCheck,
  RowFailure,
  TableCheck,
  VerifyReport,
} from '../../shared/domain/backup';
import { isVaultError, VaultError } from '../../shared/errors';
import { auditFailures } from '../vault/audit';
import type { Compartment } from '../vault/compartments';
import type { VaultContext } from '../vault/context';
import { systemClock } from '../vault/context';
import type { DeriveKey } from '../vault/kdf';
import { deriveKeyInWorker } from '../vault/kdf';
import type { CompartmentKey } from '../vault/keyRing';
import { KeyRing } from '../vault/keyRing';
import type { KeySlot } from '../vault/keySlots';
import { isSlotIntact, openPassphraseSlot, openRecoverySlot, parseRecoveryKey } from '../vault/keySlots';
import { isUsablePassphraseSlot } from '../vault/passphraseSlots';
import { readRow } from '../vault/rows';
import { readSlots, readVaultId } from '../vault/slotStore';
import type { Sodium } from '../vault/sodium';
import { loadSodium, wipe } from '../vault/sodium';
import type { EncryptedTable } from '../vault/tables';
import { compartmentOf, ENCRYPTED_TABLES, ROW_TABLES } from '../vault/tables';
import { fileIsPresent, openReadOnly } from '../vault/vaultFile';
import type { ProgressListener } from './backup';
import { isWalMode, sha256File } from './files';
import type { ManifestRead } from './manifest';
import { readManifest } from './manifest';

export interface VerifyOptions {
  passphrase?: string;
  /** Defaults to `passphrase`, as at vault creation; when that does not open it, the compartment is 'not-checked'. */
  psychotherapyPassphrase?: string;
  recoveryKey?: string;
  /**
   * The file of the vault open in this process. It is refused: reading it
   * through node:fs here would drop the vault's exclusive lock (see vaultFile.ts).
   */
  liveVaultPath: string | null;
  derive?: DeriveKey;
  onProgress?: ProgressListener;
  operation?: BackupOperation;
  /** Where the manifest describing this file sits, when the file is a staged copy of that backup; defaults to `path`. */
  manifestOf?: string;
}

export interface VerifiedFile {
  report: VerifyReport;
  sha256: string;
  sizeBytes: number;
}

const SQLITE_HEADER_BYTES = 100;
const PROGRESS_EVERY_ROWS = 100;

export function assertNotLiveVault(path: string, liveVaultPath: string | null): void {
  if (liveVaultPath === null) return;
  const candidate = statSync(path, { throwIfNoEntry: false });
  const live = statSync(liveVaultPath, { throwIfNoEntry: false });
  const sameFile = candidate && live && candidate.dev === live.dev && candidate.ino === live.ino && candidate.ino !== 0;
  if (sameFile || resolve(path) === resolve(liveVaultPath)) {
    throw new VaultError('INVALID_INPUT', 'That file is the vault itself; choose a backup file');
  }
}

/**
 * A read-only connection to the file. A WAL-mode file (a copied vault rather
 * than a backup) is read from a private copy, since reading it in place would
 * leave -wal and -shm files beside it.
 */
function openForReading(path: string): { db: Database.Database; done: () => void } {
  if (!isWalMode(path)) {
    const { db } = openReadOnly(path, 'backup');
    return { db, done: () => db.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tv-verify-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, 'copy.sqlite');
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    const { db } = openReadOnly(copy, 'backup');
    return {
      db,
      done: () => {
        db.close();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

function structureOf(db: Database.Database): 'ok' | 'damaged' {
  let integrity: { integrity_check: string }[];
  try {
    integrity = db.pragma('integrity_check') as { integrity_check: string }[];
  } catch (error) {
    // A page SQLite cannot parse stops the check itself; nothing past it can be read or trusted.
    if (isCorruption(error)) {
      throw new VaultError('BAD_FILE', 'The backup file is damaged: its structure cannot be read; nothing was changed');
    }
    throw error;
  }
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  return integrity.length === 1 && integrity[0]!.integrity_check === 'ok' && foreignKeys.length === 0 ? 'ok' : 'damaged';
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

interface KeyAttempt {
  passphrase?: string;
  /** False when the passphrase is only a guess (the vault's, tried on the psychotherapy slot). */
  explicit: boolean;
  recoveryKey: Uint8Array | null;
}

async function openCompartmentKey(
  sodium: Sodium,
  derive: DeriveKey,
  vaultId: string,
  slots: { passphrase: KeySlot[]; recovery: KeySlot[] },
  attempt: KeyAttempt,
): Promise<{ check: KeyCheck; keys: CompartmentKey[] }> {
  const usable = slots.passphrase.filter((slot) => isUsablePassphraseSlot(sodium, slot));
  // Every slot that opens: a backup taken while a key rotation was under way holds rows under two key versions.
  const opened: CompartmentKey[] = [];
  if (attempt.passphrase !== undefined) {
    for (const slot of usable) {
      const found = await openPassphraseSlot(sodium, derive, vaultId, slot, attempt.passphrase);
      if (found) opened.push({ version: slot.keyVersion, key: found.key });
    }
  }
  if (opened.length === 0 && attempt.recoveryKey) {
    for (const slot of slots.recovery.filter((candidate) => isSlotIntact(sodium, candidate))) {
      const found = openRecoverySlot(sodium, vaultId, slot, attempt.recoveryKey);
      if (found) opened.push({ version: slot.keyVersion, key: found.key });
    }
  }
  if (opened.length > 0) return { check: 'opened', keys: opened };
  if (attempt.passphrase === undefined && !attempt.recoveryKey) return { check: 'not-checked', keys: [] };
  if (usable.length === 0 && slots.passphrase.length > 0) return { check: 'damaged', keys: [] };
  return { check: attempt.explicit || attempt.recoveryKey ? 'wrong-passphrase' : 'not-checked', keys: [] };
}

function rowIds(db: Database.Database, table: EncryptedTable): string[] {
  return db.prepare(`SELECT id FROM ${table} ORDER BY rowid`).pluck().all() as string[];
}

function checkRows(
  ctx: VaultContext,
  failures: RowFailure[],
  onRow: () => void,
): TableCheck[] {
  const checks = ROW_TABLES.map((table): TableCheck => {
    const ids = rowIds(ctx.db, table);
    if (!ctx.keys.has(compartmentOf(table))) {
      return { table, rows: ids.length, intact: 0, failed: 0, skipped: true };
    }
    let failed = 0;
    for (const id of ids) {
      try {
        readRow(ctx, table, id);
      } catch (error) {
        if (!isVaultError(error) || error.code !== 'INTEGRITY') throw error;
        failed += 1;
        failures.push({ table, rowId: id });
      }
      onRow();
    }
    return { table, rows: ids.length, intact: ids.length - failed, failed, skipped: false };
  });
  const auditRows = rowIds(ctx.db, 'audit_log').length;
  if (!ctx.keys.has('progress')) {
    checks.push({ table: 'audit_log', rows: auditRows, intact: 0, failed: 0, skipped: true });
    return checks;
  }
  const audit = auditFailures(ctx);
  for (const rowId of audit.failed) failures.push({ table: 'audit_log', rowId });
  for (let row = 0; row < audit.rows; row += 1) onRow();
  checks.push({ table: 'audit_log', rows: audit.rows, intact: audit.rows - audit.failed.length, failed: audit.failed.length, skipped: false });
  return checks;
}

function manifestState(read: ManifestRead, sha256: string, sizeBytes: number, vaultId: string): VerifyReport['manifest'] {
  if (read.state === 'missing') return 'missing';
  if (read.state === 'invalid') return 'mismatch';
  const { manifest } = read;
  return manifest.sha256 === sha256 && manifest.sizeBytes === sizeBytes && manifest.vaultId === vaultId ? 'ok' : 'mismatch';
}

/** Verifies the backup (or vault file) at `path`; throws only when the file cannot be read as a vault at all. */
export async function verifyBackup(path: string, options: VerifyOptions): Promise<VerifiedFile> {
  const operation = options.operation ?? 'verify';
  const progress = (stage: BackupStage, done: number, total: number) =>
    options.onProgress?.({ operation, stage, done, total });
  assertNotLiveVault(path, options.liveVaultPath);
  if (!fileIsPresent(path, 'backup')) throw new VaultError('NOT_FOUND', 'The backup file cannot be found');
  const manifestRead = readManifest(options.manifestOf ?? path);
  const actualSize = statSync(path).size;
  if (manifestRead.state === 'ok' && actualSize < manifestRead.manifest.sizeBytes) {
    throw new VaultError('BAD_FILE', 'The backup file is truncated (shorter than when it was made); nothing was changed');
  }
  const { sha256, sizeBytes } = await sha256File(path, (done, total) => progress('hash', done, total));

  const sodium = await loadSodium();
  const derive = options.derive ?? deriveKeyInWorker;
  const recoveryKey = options.recoveryKey === undefined ? null : parseRecoveryKey(sodium, options.recoveryKey);
  if (options.recoveryKey !== undefined && !recoveryKey) {
    throw new VaultError('INVALID_INPUT', 'A recovery key is 64 hexadecimal digits (8 groups of 8)');
  }
  const keys = new KeyRing(sodium);
  const reader = openForReading(path);
  try {
    const { db } = reader;
    progress('structure', 0, 1);
    const structure = structureOf(db);
    progress('structure', 1, 1);
    const vaultId = readVaultId(db);
    if (!vaultId) throw new VaultError('BAD_FILE', 'The backup file holds no vault (it was never created); nothing was changed');

    const failures: RowFailure[] = [];
    const slotsOf = (compartment: Compartment) => ({
      passphrase: readSlots(db, compartment, 'passphrase'),
      recovery: readSlots(db, compartment, 'recovery'),
    });
    const slots = { progress: slotsOf('progress'), psychotherapy: slotsOf('psychotherapy') };
    for (const slot of [slots.progress, slots.psychotherapy].flatMap((s) => [...s.passphrase, ...s.recovery])) {
      const intact = slot.kind === 'passphrase' ? isUsablePassphraseSlot(sodium, slot) : isSlotIntact(sodium, slot);
      if (!intact) failures.push({ table: 'key_slots', rowId: slot.slotId });
    }

    progress('keys', 0, 2);
    const progressKey = await openCompartmentKey(sodium, derive, vaultId, slots.progress, {
      passphrase: options.passphrase,
      explicit: true,
      recoveryKey,
    });
    for (const key of progressKey.keys) keys.add('progress', key);
    progress('keys', 1, 2);
    const psychotherapyKey = await openCompartmentKey(sodium, derive, vaultId, slots.psychotherapy, {
      passphrase: options.psychotherapyPassphrase ?? options.passphrase,
      explicit: options.psychotherapyPassphrase !== undefined,
      recoveryKey,
    });
    for (const key of psychotherapyKey.keys) keys.add('psychotherapy', key);
    progress('keys', 2, 2);

    const totalRows = ENCRYPTED_TABLES.reduce((sum, table) => sum + rowIds(db, table).length, 0);
    let doneRows = 0;
    const tables = checkRows({ db, sodium, vaultId, keys, clock: systemClock }, failures, () => {
      doneRows += 1;
      if (doneRows % PROGRESS_EVERY_ROWS === 0) progress('rows', doneRows, totalRows);
    });
    progress('rows', totalRows, totalRows);

    const manifest = manifestState(manifestRead, sha256, sizeBytes, vaultId);
    const keyChecks = { progress: progressKey.check, psychotherapy: psychotherapyKey.check };
    const ok =
      manifest !== 'mismatch' &&
      structure === 'ok' &&
      keyChecks.progress === 'opened' &&
      keyChecks.psychotherapy !== 'wrong-passphrase' &&
      failures.length === 0;
    const report: VerifyReport = {
      ok,
      manifest,
      structure,
      createdAt: manifestRead.state === 'ok' ? manifestRead.manifest.createdAt : null,
      formatVersion: db.pragma('user_version', { simple: true }) as number,
      keys: keyChecks,
      tables,
      failures,
    };
    return { report, sha256, sizeBytes };
  } finally {
    keys.wipeAll();
    wipe(sodium, recoveryKey ?? undefined);
    reader.done();
  }
}
