import type { LockState } from '../../shared/domain/records';
import { VaultError } from '../../shared/errors';
import type { Compartment } from './compartments';
import type { KeyRing } from './keyRing';

/** Why the vault locked; recorded in the audit log and told to the window. */
export const LOCK_REASONS = [
  'manual',
  'idle',
  'screen-locked',
  'suspend',
  'window-closed',
  'quit',
  'psychotherapy-closed',
  'psychotherapy-idle',
  'restore',
] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The state is read off the key ring, so it can never disagree with which keys are held. */
export function lockStateOf(keys: KeyRing): LockState {
  if (!keys.has('progress')) return 'locked';
  return keys.has('psychotherapy') ? 'open+psychotherapy' : 'open';
}

/** Refuses a call that needs the vault open, and the psychotherapy compartment too when it reads that. */
export function requireOpen(keys: KeyRing, compartment: Compartment = 'progress'): void {
  if (!keys.has('progress')) throw new VaultError('LOCKED', 'The vault is locked');
  if (!keys.has(compartment)) throw new VaultError('PSYCHOTHERAPY_LOCKED', 'The psychotherapy compartment is locked');
}

export interface IdleTimer {
  /** Restart the countdown: activity seen. */
  restart(): void;
  stop(): void;
  setDuration(ms: number): void;
  /** When the timer fires, as the injected clock counts; null when stopped. */
  deadline(): number | null;
}

export function createIdleTimer(
  timers: Timers,
  now: () => number,
  initialMs: number,
  onIdle: () => void,
): IdleTimer {
  let ms = initialMs;
  let handle: unknown = null;
  let firesAt: number | null = null;
  const stop = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    firesAt = null;
  };
  const restart = () => {
    stop();
    firesAt = now() + ms;
    handle = timers.setTimeout(() => {
      handle = null;
      firesAt = null;
      onIdle();
    }, ms);
  };
  return {
    restart,
    stop,
    setDuration(next) {
      ms = next;
      if (handle !== null) restart();
    },
    deadline: () => firesAt,
  };
}
