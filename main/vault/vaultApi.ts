/*
 * The vault's surface, declared: everything main/app, main/ipc, main/backup
 * and the tests may call on an open vault file. vault.ts builds it from the
 * modules that hold each part (storage, lock controller, key lifecycle,
 * repositories, settings effects). The record repositories are declared in
 * repositories.ts, next to the code that binds them.
 *
 * Repository calls check the lock state, count as activity and run against the
 * current file; the key operations run one at a time.
 */
import type { LockState } from '../../shared/domain/records';
import type { Compartment } from './compartments';
import type { CompartmentKey } from './keyRing';
import type { KeySlot } from './keySlots';
import type { VaultContext } from './context';
import type { RotationProgress } from './keyRotation';
import type { BeforeLockHook, IdleTimeouts, PsychotherapyCloseReason, StateListener } from './lockController';
import type { LockReason } from './lockState';
import type { PassphraseChange } from './passphraseChange';
import type { RecoveryInput } from './recovery';
import type { RecordWriteListener } from './recordFeed';
import type { AuditRepository, BackupManifestAuthority, Repositories } from './repositories';
import type { SettingsListener } from './settingsEffects';

export type { BeforeLockHook, IdleTimeouts, PsychotherapyCloseReason, StateListener } from './lockController';
export type { ClientRecords, RecordFeed, RecordWrite, RecordWriteListener } from './recordFeed';
export type { SettingsListener } from './settingsEffects';

/** Work the vault runs after each lock, once the keys are wiped (see LockedVaultAccess). */
export type LockedHook = (vault: LockedVaultAccess) => Promise<void> | void;

export interface CreateVaultInput {
  passphrase: string;
  /** Defaults to the vault passphrase; a separate one keeps the compartment shut even to someone who saw that. */
  psychotherapyPassphrase?: string;
}

/**
 * Keys another device rotated, as sync found them in the folder
 * (docs/SYNC.md section 7): the slots this file keeps from now on, and the
 * newer data keys those slots wrap, already opened by the caller.
 */
export interface AdoptedKeys {
  slots: readonly KeySlot[];
  keys: Partial<Record<Compartment, CompartmentKey>>;
}

export interface RotateKeysInput {
  compartment: Compartment;
  /** That compartment's passphrase: the new slot is sealed under it. */
  passphrase: string;
}

/**
 * What work after a lock may use: the file as stored (ciphertext, no key
 * needed), a manifest key derived from the progress key before the wipe and
 * wiped when the work ends, and an audit log that holds entries until the
 * next unlock can seal them.
 */
export interface LockedVaultAccess {
  readonly path: string;
  id(): string | null;
  /** Copies the file, still encrypted, through SQLite's online backup API. */
  backupTo(destination: string, onProgress?: (donePages: number, totalPages: number) => void): Promise<void>;
  backupManifests: BackupManifestAuthority;
  /** Queued, and written into the chain at the next unlock. */
  audit: Pick<AuditRepository, 'record'>;
}

/** The repositories (repositories.ts) are the vault's record surface; the rest is its lifecycle. */
export interface Vault extends Repositories {
  readonly path: string;
  isCreated(): boolean;
  /** The vault's random id; null before creation. */
  id(): string | null;
  state(): LockState;
  /** When the idle lock and the psychotherapy relock will fire (ms since epoch), for countdowns. */
  deadlines(): { vault: number | null; psychotherapy: number | null };
  /** Milliseconds left on each idle timer, by the vault's own clock; null when not running. */
  remaining(): { vaultMs: number | null; psychotherapyMs: number | null };

  onStateChange(listener: StateListener): () => void;
  /** Registers work that must finish before keys are wiped, e.g. flushing an unsaved draft. */
  onBeforeLock(hook: BeforeLockHook): () => void;
  /**
   * Registers work that runs after every lock, once the keys are wiped (the
   * automatic backup): calls meanwhile answer LOCKED. The lock waits for it,
   * within AFTER_LOCK_TIMEOUT_MS.
   */
  onLocked(hook: LockedHook): () => void;
  /** Hears every committed write of clients, sessions, progress notes, addenda and psychotherapy notes. */
  onRecordWritten(listener: RecordWriteListener): () => void;
  /** Hears every settings save, after the vault has applied its own part (the lock timings). */
  onSettingsSaved(listener: SettingsListener): () => void;
  /**
   * The open vault's context, for sync (main/sync) to read and merge rows as
   * stored; LOCKED when locked. Not activity: background sync must not keep
   * an idle vault open.
   */
  syncContext(): VaultContext;

  create(input: CreateVaultInput): Promise<{ recoveryKey: string }>;
  unlock(passphrase: string): Promise<void>;
  openPsychotherapy(passphrase: string): Promise<void>;
  /**
   * Checks the psychotherapy passphrase against its slot with the real KDF,
   * without changing what is open: WRONG_PASSPHRASE (counted by the throttle)
   * unless it opens the slot. Needs the compartment open.
   */
  confirmPsychotherapyPassphrase(passphrase: string): Promise<void>;
  closePsychotherapy(reason?: PsychotherapyCloseReason): void;
  /** Flushes pending writes, then wipes every key. Hooks get a bounded time: a hung flush must not keep the vault open. */
  lock(reason?: LockReason): Promise<void>;
  /** Input seen in the window: postpones the idle lock. */
  recordActivity(): void;
  setIdleTimeouts(timeouts: IdleTimeouts): void;
  /** Forgotten passphrase: the recovery key opens the vault and a new passphrase replaces the old one in the same step. */
  unlockWithRecoveryKey(input: RecoveryInput): Promise<{ rotated: Compartment[] }>;
  /** Re-wraps one compartment's passphrase slot; needs the vault open. */
  changePassphrase(change: PassphraseChange): Promise<void>;
  /**
   * A new data key for one compartment (key_version + 1) with its passphrase
   * slot under `passphrase`, and a new recovery key (shown once) replacing
   * every recovery slot. Resolves once those slots are written; from then on
   * writes are sealed under the new key, and the rows still under the old one
   * are re-encrypted in the background (onRotationProgress, rotationSettled),
   * resumed at the next unlock if a lock or a crash cuts it short. Needs both
   * compartments open: the new recovery key must open both. A recovery-key
   * unlock rotates on its own, keeping the recovery key.
   */
  rotateKeys(input: RotateKeysInput): Promise<{ recoveryKey: string }>;
  /**
   * Takes keys another device rotated: replaces every key slot by `slots` in
   * one transaction and holds each new key beside the ones held, so the
   * background re-encryption moves every row to it as after rotateKeys.
   * Needs the vault open, and the psychotherapy compartment open when its key
   * is among them. A key not newer than the one held is INVALID_INPUT.
   */
  adoptRotatedKeys(adopted: AdoptedKeys): Promise<void>;
  /** Progress of the background re-encryption, after every batch. */
  onRotationProgress(listener: (progress: RotationProgress) => void): () => void;
  /** Resolves once no re-encryption runs (finished, stopped by a lock, or failed). */
  rotationSettled(): Promise<void>;
  /** A new recovery key, shown once; every old recovery slot removed. Needs both compartments open. */
  newRecoveryKey(): Promise<{ recoveryKey: string }>;

  /** Copies the file, still encrypted, through SQLite's online backup API. */
  backupTo(destination: string, onProgress?: (donePages: number, totalPages: number) => void): Promise<void>;
  /**
   * Puts another file under this vault (restoring a backup): locks, closes the
   * file, runs `swap` while nothing holds it, then opens whatever is at `path`,
   * locked. Listeners and hooks stay attached.
   */
  replaceFile<T>(swap: () => T | Promise<T>): Promise<T>;
  /** Locks (flushing first) and closes the file: the last call on quit. */
  close(): Promise<void>;
}
