import type { Timers } from '../vault/lockState';

/** How long before the idle lock the window is warned. */
export const IDLE_WARNING_MS = 60_000;

export interface IdleWarningOptions {
  /** When the idle lock fires (ms since epoch), or null when no lock is pending. */
  deadline(): number | null;
  now(): number;
  timers: Timers;
  warn(secondsLeft: number): void;
}

export interface IdleWarning {
  /** Re-reads the deadline; call on every lock-state change. */
  reschedule(): void;
  stop(): void;
}

/**
 * Warns once per deadline, IDLE_WARNING_MS before it. Activity moves the
 * vault's deadline without telling anyone, so the timer re-reads it when it
 * fires and simply waits again if the deadline has moved: no polling, and no
 * warning while the user is active.
 */
export function createIdleWarning(options: IdleWarningOptions): IdleWarning {
  const { deadline, now, timers, warn } = options;
  let handle: unknown = null;
  let warnedFor: number | null = null;

  const stop = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  };

  const wake = (at: number) => {
    handle = timers.setTimeout(
      () => {
        handle = null;
        check();
      },
      Math.max(0, at - now()),
    );
  };

  const check = () => {
    stop();
    const lockAt = deadline();
    if (lockAt === null) return;
    const current = now();
    if (current < lockAt - IDLE_WARNING_MS) {
      wake(lockAt - IDLE_WARNING_MS);
      return;
    }
    if (warnedFor !== lockAt) {
      warnedFor = lockAt;
      warn(Math.max(0, Math.ceil((lockAt - current) / 1000)));
    }
    // Past the deadline the lock is already under way; its state change reschedules.
    if (current > lockAt) return;
    // Activity after the warning moves the deadline; looking again when the old one passes catches that.
    wake(lockAt + 1);
  };

  return { reschedule: check, stop };
}
