import { isVaultError, VaultError } from '../../shared/errors';
import type { AuditEntry, LockState } from '../../shared/domain/records';
import { newPassphraseSchema, passphraseSchema } from '../../shared/domain/schemas';
import { appendAudit, listAudit } from './audit';
import * as clients from './clients';
import * as disclosures from './disclosures';
import type { Compartment } from './compartments';
import type { Clock, VaultContext } from './context';
import { systemClock } from './context';
import { openDatabase } from './db';
import type { DeriveKey, TimeKdf } from './kdf';
import { calibrateKdf, deriveKeyInWorker } from './kdf';
import type { KdfParams } from './kdfParams';
import { isAcceptableKdf } from './kdfParams';
import { KeyRing } from './keyRing';
import {
  createPassphraseSlot,
  createRecoverySlot,
  DATA_KEY_BYTES,
  formatRecoveryKey,
  newId,
  RECOVERY_KEY_BYTES,
} from './keySlots';
import type { LockReason, Timers } from './lockState';
import { createIdleTimer, lockStateOf, systemTimers } from './lockState';
import { isManifestMacValid, manifestMac } from './manifestMac';
import type { PassphraseChange } from './passphraseChange';
import { changePassphrase } from './passphraseChange';
import type { SlotAccess } from './passphraseSlots';
import { openWithPassphrase } from './passphraseSlots';
import type { RecoveryInput } from './recovery';
import { recoverWithKey } from './recovery';
import * as progressNotes from './progressNotes';
import * as psychotherapyNotes from './psychotherapyNotes';
import * as sessions from './sessions';
import * as settings from './settings';
import { insertSlot, readVaultId, writeVaultId } from './slotStore';
import type { Sodium } from './sodium';
import { loadSodium, wipe } from './sodium';
import { assertNotThrottled, recordFailure, recordSuccess } from './throttle';
import { parseInput } from './validate';

export const DEFAULT_VAULT_IDLE_MS = 10 * 60 * 1000;
export const DEFAULT_PSYCHOTHERAPY_IDLE_MS = 3 * 60 * 1000;
export const MIN_VAULT_IDLE_MS = 60 * 1000;
export const MAX_VAULT_IDLE_MS = 60 * 60 * 1000;
/** 1 MiB of 4 KiB pages per step of an online backup, between which the event loop runs. */
const BACKUP_PAGES_PER_STEP = 256;
/** How long a pre-lock flush may take before the lock goes ahead regardless. */
export const FLUSH_TIMEOUT_MS = 3000;

export interface VaultOptions {
  clock?: Clock;
  timers?: Timers;
  derive?: DeriveKey;
  /** Fixed Argon2id parameters; when absent they are tuned to this machine at creation. */
  kdf?: KdfParams;
  /** Times Argon2id alone for that tuning. */
  timeKdf?: TimeKdf;
  keyRing?: KeyRing;
  vaultIdleMs?: number;
  psychotherapyIdleMs?: number;
}

export interface CreateVaultInput {
  passphrase: string;
  /** Defaults to the vault passphrase; a separate one keeps the compartment shut even to someone who saw that. */
  psychotherapyPassphrase?: string;
}

export type StateListener = (state: LockState, reason: LockReason | 'unlocked' | 'psychotherapy-opened') => void;
export type BeforeLockHook = () => Promise<void> | void;

type Bound<F> = F extends (ctx: VaultContext, ...args: infer A) => infer R ? (...args: A) => R : never;

function withTimeout(timers: Timers, promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = timers.setTimeout(resolve, ms);
    void promise.finally(() => {
      timers.clearTimeout(timer);
      resolve();
    });
  });
}

export async function openVault(path: string, options: VaultOptions = {}) {
  const sodium: Sodium = await loadSodium();
  let db = openDatabase(path);
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const derive = options.derive ?? deriveKeyInWorker;
  const keys = options.keyRing ?? new KeyRing(sodium);
  let vaultId = readVaultId(db);
  const listeners = new Set<StateListener>();
  const beforeLock = new Set<BeforeLockHook>();
  let queue: Promise<unknown> = Promise.resolve();

  /** Key operations run one at a time, so an unlock and a lock never interleave. */
  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation, operation);
    queue = result.catch(() => undefined);
    return result;
  };

  const context = (): VaultContext => {
    if (!vaultId) throw new VaultError('NO_VAULT', 'No vault has been created yet');
    return { db, sodium, vaultId, keys, clock };
  };

  const emit: StateListener = (state, reason) => {
    for (const listener of listeners) listener(state, reason);
  };

  const vaultIdle = createIdleTimer(timers, clock.now, options.vaultIdleMs ?? DEFAULT_VAULT_IDLE_MS, () => {
    void vault.lock('idle');
  });
  const psychotherapyIdle = createIdleTimer(
    timers,
    clock.now,
    options.psychotherapyIdleMs ?? DEFAULT_PSYCHOTHERAPY_IDLE_MS,
    () => vault.closePsychotherapy('psychotherapy-idle'),
  );

  const slotAccess = (): SlotAccess => ({ db, sodium, derive, clock, vaultId: context().vaultId });

  const openCompartment = async (compartment: Compartment, passphrase: string): Promise<number> => {
    const access = slotAccess();
    parseInput(passphraseSchema, passphrase);
    assertNotThrottled(db, clock, compartment);
    const opened = await openWithPassphrase(access, compartment, passphrase);
    if (opened) {
      let failedBefore: number;
      try {
        failedBefore = recordSuccess(db, compartment);
      } catch (error) {
        wipe(sodium, opened.key);
        throw error;
      }
      keys.set(compartment, { version: opened.slot.keyVersion, key: opened.key });
      return failedBefore;
    }
    recordFailure(db, clock, compartment);
    throw new VaultError('WRONG_PASSPHRASE', 'That passphrase does not open this vault');
  };

  const lockKeys = async (reason: LockReason): Promise<void> => {
    if (!keys.has('progress')) return;
    await withTimeout(
      timers,
      Promise.allSettled([...beforeLock].map((hook) => Promise.resolve().then(hook))).then(() => undefined),
      FLUSH_TIMEOUT_MS,
    );
    vaultIdle.stop();
    psychotherapyIdle.stop();
    try {
      appendAudit(context(), 'vault.locked', { reason });
    } finally {
      keys.wipeAll();
      emit('locked', reason);
    }
  };

  /** A damaged settings row must not keep the vault shut: the default timings stay, and reading the settings reports it. */
  const applyStoredTimeouts = () => {
    let stored;
    try {
      stored = settings.readStoredSettings(context());
    } catch (error) {
      if (isVaultError(error) && error.code === 'INTEGRITY') return;
      throw error;
    }
    if (!stored) return;
    vaultIdle.setDuration(stored.vaultIdleMinutes * 60_000);
    psychotherapyIdle.setDuration(stored.psychotherapyIdleMinutes * 60_000);
  };

  /** Wraps a repository function: checks the lock, counts as activity, binds the context. */
  const bind = <F extends (ctx: VaultContext, ...args: never[]) => unknown>(
    fn: F,
    compartment: Compartment = 'progress',
  ): Bound<F> =>
    ((...args: never[]) => {
      const ctx = context();
      keys.get('progress');
      keys.get(compartment);
      vaultIdle.restart();
      if (compartment === 'psychotherapy') psychotherapyIdle.restart();
      return fn(ctx, ...args);
    }) as Bound<F>;

  const vault = {
    path,
    isCreated: (): boolean => vaultId !== null,
    state: (): LockState => lockStateOf(keys),
    /** When the idle lock and the psychotherapy relock will fire (ms since epoch), for countdowns. */
    deadlines: () => ({ vault: vaultIdle.deadline(), psychotherapy: psychotherapyIdle.deadline() }),
    /** Milliseconds left on each idle timer, by the vault's own clock; null when not running. */
    remaining(): { vaultMs: number | null; psychotherapyMs: number | null } {
      const now = clock.now();
      const left = (deadline: number | null) => (deadline === null ? null : Math.max(0, deadline - now));
      return { vaultMs: left(vaultIdle.deadline()), psychotherapyMs: left(psychotherapyIdle.deadline()) };
    },

    onStateChange(listener: StateListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Registers work that must finish before keys are wiped, e.g. flushing an unsaved draft. */
    onBeforeLock(hook: BeforeLockHook): () => void {
      beforeLock.add(hook);
      return () => beforeLock.delete(hook);
    },

    create: (input: CreateVaultInput) =>
      serial(async () => {
        if (vaultId) throw new VaultError('VAULT_EXISTS', 'A vault already exists here');
        const passphrase = parseInput(newPassphraseSchema, input.passphrase);
        const psychotherapyPassphrase = parseInput(newPassphraseSchema, input.psychotherapyPassphrase ?? passphrase);
        const kdf = options.kdf ?? (await calibrateKdf(options.timeKdf));
        if (!isAcceptableKdf(kdf)) throw new VaultError('INVALID_INPUT', 'Argon2id parameters below the minimum');
        const id = newId(sodium);
        const progressKey = sodium.randombytes_buf(DATA_KEY_BYTES);
        const psychotherapyKey = sodium.randombytes_buf(DATA_KEY_BYTES);
        const recoveryKey = sodium.randombytes_buf(RECOVERY_KEY_BYTES);
        try {
          const progress = { vaultId: id, compartment: 'progress' as const, keyVersion: 1, dataKey: progressKey };
          const psych = { vaultId: id, compartment: 'psychotherapy' as const, keyVersion: 1, dataKey: psychotherapyKey };
          const slots = [
            await createPassphraseSlot(sodium, derive, progress, passphrase, kdf),
            await createPassphraseSlot(sodium, derive, psych, psychotherapyPassphrase, kdf),
            createRecoverySlot(sodium, progress, recoveryKey),
            createRecoverySlot(sodium, psych, recoveryKey),
          ];
          db.transaction(() => {
            writeVaultId(db, id);
            for (const slot of slots) insertSlot(db, slot);
          }).immediate();
          vaultId = id;
          keys.set('progress', { version: 1, key: progressKey });
          appendAudit(context(), 'vault.created', { kdfOps: kdf.opsLimit, kdfMemMiB: kdf.memLimit / 1048576 });
          vaultIdle.restart();
          emit('open', 'unlocked');
          return { recoveryKey: formatRecoveryKey(sodium, recoveryKey) };
        } catch (error) {
          wipe(sodium, progressKey);
          throw error;
        } finally {
          wipe(sodium, psychotherapyKey, recoveryKey);
        }
      }),

    unlock: (passphrase: string) =>
      serial(async () => {
        if (keys.has('progress')) return;
        const failedAttempts = await openCompartment('progress', passphrase);
        try {
          appendAudit(context(), 'vault.unlocked', { failedAttempts });
          applyStoredTimeouts();
        } catch (error) {
          keys.wipeAll();
          throw error;
        }
        vaultIdle.restart();
        emit('open', 'unlocked');
      }),

    openPsychotherapy: (passphrase: string) =>
      serial(async () => {
        keys.get('progress');
        if (keys.has('psychotherapy')) return;
        const failedAttempts = await openCompartment('psychotherapy', passphrase);
        try {
          appendAudit(context(), 'psychotherapy.opened', { failedAttempts });
        } catch (error) {
          keys.wipe('psychotherapy');
          throw error;
        }
        vaultIdle.restart();
        psychotherapyIdle.restart();
        emit('open+psychotherapy', 'psychotherapy-opened');
      }),

    closePsychotherapy(reason: Extract<LockReason, 'psychotherapy-closed' | 'psychotherapy-idle'> = 'psychotherapy-closed') {
      psychotherapyIdle.stop();
      if (!keys.has('psychotherapy')) return;
      keys.wipe('psychotherapy');
      appendAudit(context(), 'psychotherapy.closed', { reason });
      emit(lockStateOf(keys), reason);
    },

    /**
     * Flushes pending writes, then wipes every key. Hooks get a bounded time:
     * a hung flush must not keep the vault open.
     */
    lock: (reason: LockReason = 'manual') => serial(() => lockKeys(reason)),

    /** Input seen in the window: postpones the idle lock. */
    recordActivity(): void {
      if (keys.has('progress')) vaultIdle.restart();
    },

    setIdleTimeouts(timeouts: { vaultMs?: number; psychotherapyMs?: number }): void {
      const { vaultMs, psychotherapyMs } = timeouts;
      if (vaultMs !== undefined) {
        if (!Number.isInteger(vaultMs) || vaultMs < MIN_VAULT_IDLE_MS || vaultMs > MAX_VAULT_IDLE_MS) {
          throw new VaultError('INVALID_INPUT', 'The idle lock must be between 1 and 60 minutes');
        }
        vaultIdle.setDuration(vaultMs);
      }
      if (psychotherapyMs !== undefined) {
        if (!Number.isInteger(psychotherapyMs) || psychotherapyMs < 30_000 || psychotherapyMs > MAX_VAULT_IDLE_MS) {
          throw new VaultError('INVALID_INPUT', 'The psychotherapy relock must be between 30 seconds and 60 minutes');
        }
        psychotherapyIdle.setDuration(psychotherapyMs);
      }
    },

    clients: {
      create: bind(clients.createClient),
      update: bind(clients.updateClient),
      setArchived: bind(clients.setClientArchived),
      get: bind(clients.getClient),
      list: bind(clients.listClients),
    },
    sessions: {
      create: bind(sessions.createSession),
      update: bind(sessions.updateSession),
      get: bind(sessions.getSession),
      listForClient: bind(sessions.listSessionsForClient),
    },
    progressNotes: {
      saveDraft: bind(progressNotes.saveProgressDraft),
      get: bind(progressNotes.getProgressNote),
      getForSession: bind(progressNotes.getProgressNoteForSession),
      sign: bind(progressNotes.signProgressNote),
      addAddendum: bind(progressNotes.addAddendum),
      listForClient: bind(progressNotes.listProgressNotesForClient),
      previous: bind(progressNotes.previousProgressNote),
    },
    psychotherapyNotes: {
      create: bind(psychotherapyNotes.createPsychotherapyNote, 'psychotherapy'),
      update: bind(psychotherapyNotes.updatePsychotherapyNote, 'psychotherapy'),
      get: bind(psychotherapyNotes.getPsychotherapyNote, 'psychotherapy'),
      remove: bind(psychotherapyNotes.deletePsychotherapyNote, 'psychotherapy'),
      listForSession: bind(psychotherapyNotes.listPsychotherapyNotesForSession, 'psychotherapy'),
    },
    disclosures: {
      record: bind(disclosures.recordDisclosure),
      listForClient: bind(disclosures.listDisclosuresForClient),
    },
    settings: {
      get: bind(settings.getSettings),
      /** Saves the settings and applies their lock timings at once. */
      save: (input: Parameters<Bound<typeof settings.saveSettings>>[0]) => {
        const saved = bind(settings.saveSettings)(input);
        vault.setIdleTimeouts({
          vaultMs: saved.vaultIdleMinutes * 60_000,
          psychotherapyMs: saved.psychotherapyIdleMinutes * 60_000,
        });
        return saved;
      },
    },
    audit: {
      list: bind(listAudit) as () => AuditEntry[],
      record: bind(appendAudit),
    },
    /** Authenticates backup manifests (see manifestMac.ts). */
    backupManifests: {
      mac: bind(manifestMac),
      isAuthentic: bind(isManifestMacValid),
    },

    /**
     * Runs several writes as one transaction (one fsync): imports and the
     * synthetic-vault generator. Everything inside commits or nothing does.
     */
    transaction<T>(work: () => T): T {
      keys.get('progress');
      return db.transaction(work).immediate();
    },

    /**
     * Forgotten passphrase: the recovery key opens the vault and a new
     * passphrase replaces the old one in the same step (see recovery.ts).
     */
    unlockWithRecoveryKey: (input: RecoveryInput) =>
      serial(async () => {
        const recovered = await recoverWithKey(slotAccess(), input);
        keys.set('progress', recovered.progress);
        appendAudit(context(), 'vault.unlocked', { failedAttempts: recovered.failedAttempts, method: 'recovery-key' });
        for (const compartment of recovered.changed) {
          appendAudit(context(), 'passphrase.changed', { compartment, method: 'recovery-key' });
        }
        applyStoredTimeouts();
        vaultIdle.restart();
        emit(lockStateOf(keys), 'unlocked');
      }),

    /** Re-wraps one compartment's passphrase slot (see passphraseChange.ts); needs the vault open. */
    changePassphrase: (change: PassphraseChange) =>
      serial(async () => {
        keys.get('progress');
        await changePassphrase(slotAccess(), change);
        appendAudit(context(), 'passphrase.changed', { compartment: change.compartment, method: 'passphrase' });
        vaultIdle.restart();
      }),

    /** The vault's random id; null before creation. */
    id: (): string | null => vaultId,

    /**
     * Copies the file through SQLite's online backup API. The copy runs on
     * this connection, the file's only writer, so a save made meanwhile goes
     * into the copy as well instead of restarting it. Rows are copied as
     * stored: still encrypted.
     */
    async backupTo(destination: string, onProgress?: (donePages: number, totalPages: number) => void): Promise<void> {
      keys.get('progress');
      await db.backup(destination, {
        progress: ({ totalPages, remainingPages }) => {
          onProgress?.(totalPages - remainingPages, totalPages);
          return BACKUP_PAGES_PER_STEP;
        },
      });
    },

    /**
     * Puts another file under this service (restoring a backup): locks, closes
     * the file, runs `swap` while nothing holds it, then opens whatever is at
     * `path`, locked. Listeners and hooks stay attached, so the app keeps one
     * vault object for its whole life.
     */
    replaceFile: <T>(swap: () => T | Promise<T>): Promise<T> =>
      serial(async () => {
        await lockKeys('restore');
        db.close();
        try {
          return await swap();
        } finally {
          db = openDatabase(path);
          vaultId = readVaultId(db);
        }
      }),

    /** Locks (flushing first) and closes the file: the last call on quit. */
    async close(): Promise<void> {
      await vault.lock('quit');
      db.close();
    },
  };
  return vault;
}

export type Vault = Awaited<ReturnType<typeof openVault>>;
