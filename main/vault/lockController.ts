/*
 * When keys are wiped and who hears about it: the idle lock and the
 * psychotherapy relock, the lock itself (pre-lock hooks first, with a bound),
 * closing the psychotherapy compartment, work that runs once the keys are
 * gone (the automatic backup copies ciphertext and needs none), and the
 * listeners told of every change. Key operations go through `serial`, one at a time, so an unlock and
 * a lock never interleave.
 */
import { VaultError } from '../../shared/errors';
import type { AuditEntry, AuditEvent, LockState } from '../../shared/domain/records';
import type { Compartment } from './compartments';
import type { Clock } from './context';
import type { KeyRing } from './keyRing';
import type { LockReason, Timers } from './lockState';
import { createIdleTimer, lockStateOf } from './lockState';

export type StateListener = (state: LockState, reason: LockReason | 'unlocked' | 'psychotherapy-opened') => void;
export type BeforeLockHook = () => Promise<void> | void;
export type PsychotherapyCloseReason = Extract<LockReason, 'psychotherapy-closed' | 'psychotherapy-idle'>;

export interface IdleTimeouts {
  vaultMs?: number;
  psychotherapyMs?: number;
}

export const DEFAULT_VAULT_IDLE_MS = 10 * 60 * 1000;
export const DEFAULT_PSYCHOTHERAPY_IDLE_MS = 3 * 60 * 1000;
export const MIN_VAULT_IDLE_MS = 60 * 1000;
export const MAX_VAULT_IDLE_MS = 60 * 60 * 1000;
const MIN_PSYCHOTHERAPY_IDLE_MS = 30 * 1000;
/** How long a pre-lock flush may take before the lock goes ahead regardless. */
export const FLUSH_TIMEOUT_MS = 3000;
/**
 * How long a lock waits for work that runs after the keys are wiped (the
 * automatic backup) before it returns and lets the next key operation in.
 * Nothing is exposed meanwhile; the bound only keeps a hung drive from
 * holding up the next unlock.
 */
export const AFTER_LOCK_TIMEOUT_MS = 60_000;

/**
 * Called while the keys are still held, before they are wiped: it takes what
 * its work will need (a small derived key, never a data key) and returns that
 * work, which runs once the keys are gone. Null: nothing to do this time.
 */
export type AfterLockHook = () => (() => Promise<void>) | null;

export interface LockControllerOptions {
  keys: KeyRing;
  clock: Clock;
  timers: Timers;
  vaultIdleMs?: number;
  psychotherapyIdleMs?: number;
  /** Appends to the audit log; called while the progress key is still held. */
  audit(event: AuditEvent, detail: AuditEntry['detail']): void;
}

export interface LockController {
  serial<T>(operation: () => Promise<T>): Promise<T>;
  /** The progress key has just been set: starts the idle lock and tells the listeners. */
  vaultOpened(): void;
  /** The psychotherapy key has just been set. */
  psychotherapyOpened(): void;
  /** A call that used `compartment`: postpones its idle timers. */
  touch(compartment: Compartment): void;
  /** Input seen in the window: postpones the idle lock while the vault is open. */
  recordActivity(): void;
  /** Locks, waiting its turn behind any running key operation. */
  lock(reason: LockReason): Promise<void>;
  /** Locks at once; for a key operation already holding the turn (a restore). */
  lockNow(reason: LockReason): Promise<void>;
  closePsychotherapy(reason: PsychotherapyCloseReason): void;
  setIdleTimeouts(timeouts: IdleTimeouts): void;
  deadlines(): { vault: number | null; psychotherapy: number | null };
  remaining(): { vaultMs: number | null; psychotherapyMs: number | null };
  onStateChange(listener: StateListener): () => void;
  onBeforeLock(hook: BeforeLockHook): () => void;
  onAfterLock(hook: AfterLockHook): () => void;
}

function withTimeout(timers: Timers, promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = timers.setTimeout(resolve, ms);
    void promise.finally(() => {
      timers.clearTimeout(timer);
      resolve();
    });
  });
}

export function createLockController(options: LockControllerOptions): LockController {
  const { keys, clock, timers, audit } = options;
  const listeners = new Set<StateListener>();
  const beforeLock = new Set<BeforeLockHook>();
  const afterLock = new Set<AfterLockHook>();
  let queue: Promise<unknown> = Promise.resolve();

  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation, operation);
    queue = result.catch(() => undefined);
    return result;
  };

  const emit: StateListener = (state, reason) => {
    for (const listener of listeners) listener(state, reason);
  };

  const vaultIdle = createIdleTimer(timers, clock.now, options.vaultIdleMs ?? DEFAULT_VAULT_IDLE_MS, () => {
    void serial(() => lockNow('idle'));
  });
  const psychotherapyIdle = createIdleTimer(
    timers,
    clock.now,
    options.psychotherapyIdleMs ?? DEFAULT_PSYCHOTHERAPY_IDLE_MS,
    () => closePsychotherapy('psychotherapy-idle'),
  );

  const lockNow = async (reason: LockReason): Promise<void> => {
    if (!keys.has('progress')) return;
    await withTimeout(
      timers,
      Promise.allSettled([...beforeLock].map((hook) => Promise.resolve().then(hook))).then(() => undefined),
      FLUSH_TIMEOUT_MS,
    );
    vaultIdle.stop();
    psychotherapyIdle.stop();
    const work: (() => Promise<void>)[] = [];
    try {
      for (const hook of afterLock) {
        try {
          const task = hook();
          if (task) work.push(task);
        } catch {
          // A hook that cannot prepare its work skips this lock; the lock itself goes ahead.
        }
      }
      audit('vault.locked', { reason });
    } finally {
      keys.wipeAll();
      emit('locked', reason);
    }
    await withTimeout(
      timers,
      Promise.allSettled(work.map((task) => Promise.resolve().then(task))).then(() => undefined),
      AFTER_LOCK_TIMEOUT_MS,
    );
  };

  function closePsychotherapy(reason: PsychotherapyCloseReason): void {
    psychotherapyIdle.stop();
    if (!keys.has('psychotherapy')) return;
    keys.wipe('psychotherapy');
    audit('psychotherapy.closed', { reason });
    emit(lockStateOf(keys), reason);
  }

  return {
    serial,
    vaultOpened() {
      vaultIdle.restart();
      emit(lockStateOf(keys), 'unlocked');
    },
    psychotherapyOpened() {
      vaultIdle.restart();
      psychotherapyIdle.restart();
      emit('open+psychotherapy', 'psychotherapy-opened');
    },
    touch(compartment) {
      vaultIdle.restart();
      if (compartment === 'psychotherapy') psychotherapyIdle.restart();
    },
    recordActivity() {
      if (keys.has('progress')) vaultIdle.restart();
    },
    lock: (reason) => serial(() => lockNow(reason)),
    lockNow,
    closePsychotherapy,
    setIdleTimeouts({ vaultMs, psychotherapyMs }) {
      if (vaultMs !== undefined) {
        if (!Number.isInteger(vaultMs) || vaultMs < MIN_VAULT_IDLE_MS || vaultMs > MAX_VAULT_IDLE_MS) {
          throw new VaultError('INVALID_INPUT', 'The idle lock must be between 1 and 60 minutes');
        }
        vaultIdle.setDuration(vaultMs);
      }
      if (psychotherapyMs !== undefined) {
        if (!Number.isInteger(psychotherapyMs) || psychotherapyMs < MIN_PSYCHOTHERAPY_IDLE_MS || psychotherapyMs > MAX_VAULT_IDLE_MS) {
          throw new VaultError('INVALID_INPUT', 'The psychotherapy relock must be between 30 seconds and 60 minutes');
        }
        psychotherapyIdle.setDuration(psychotherapyMs);
      }
    },
    deadlines: () => ({ vault: vaultIdle.deadline(), psychotherapy: psychotherapyIdle.deadline() }),
    remaining() {
      const now = clock.now();
      const left = (deadline: number | null) => (deadline === null ? null : Math.max(0, deadline - now));
      return { vaultMs: left(vaultIdle.deadline()), psychotherapyMs: left(psychotherapyIdle.deadline()) };
    },
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onBeforeLock(hook) {
      beforeLock.add(hook);
      return () => beforeLock.delete(hook);
    },
    onAfterLock(hook) {
      afterLock.add(hook);
      return () => afterLock.delete(hook);
    },
  };
}
