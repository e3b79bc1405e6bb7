/*
 * Backoff after failed unlocks, kept in the vault file so quitting the app
 * does not reset it. It slows guessing at the lock screen; guessing against a
 * stolen file is slowed by Argon2id instead.
 *
 * A full disk must not turn a wrong passphrase into a free attempt (nor into
 * a DISK_FULL answer that hides it was wrong): a count the file cannot take
 * is held in memory, counted like a stored one, and written at the next
 * attempt that finds room. A count still held when the app quits is lost.
 */
import { isDiskFull, VaultError } from '../../shared/errors';
import type { Compartment } from './compartments';
import type { Clock } from './context';
import type { VaultDatabase } from './db';

export const FREE_ATTEMPTS = 3;
export const MAX_DELAY_MS = 15 * 60 * 1000;

export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
}

/** How long the wait after `failures` failures, the last at `lastFailureMs`, still runs at `now` (0: none). */
export function waitLeft(failures: number, lastFailureMs: number, now: number): number {
  return Math.max(0, Math.min(lastFailureMs, now) + delayAfter(failures) - now);
}

/** The refusal while a wait runs; the window counts down `retryAfterMs`. */
export function throttledError(retryAfterMs: number): VaultError {
  return new VaultError('THROTTLED', 'Too many attempts; wait before trying again', { retryAfterMs });
}

interface ThrottleRow {
  failures: number;
  last_failure_ms: number;
}

export interface UnlockThrottle {
  /** THROTTLED while the wait after the last failure runs. */
  assertNotThrottled(db: VaultDatabase, clock: Clock, scope: Compartment): void;
  /** Counts one more failure and returns the count. */
  recordFailure(db: VaultDatabase, clock: Clock, scope: Compartment): number;
  /** Clears the counter and returns how many failures preceded this success. */
  recordSuccess(db: VaultDatabase, scope: Compartment): number;
  /** Counts the file could not take yet. */
  unsaved(): number;
}

function stored(db: VaultDatabase, scope: Compartment): ThrottleRow {
  return (
    (db.prepare('SELECT failures, last_failure_ms FROM unlock_throttle WHERE scope = ?').get(scope) as
      | ThrottleRow
      | undefined) ?? { failures: 0, last_failure_ms: 0 }
  );
}

function save(db: VaultDatabase, scope: Compartment, row: ThrottleRow): void {
  if (row.failures === 0) {
    db.prepare('DELETE FROM unlock_throttle WHERE scope = ?').run(scope);
    return;
  }
  db.prepare(
    `INSERT INTO unlock_throttle (scope, failures, last_failure_ms) VALUES (?, ?, ?)
     ON CONFLICT(scope) DO UPDATE SET failures = excluded.failures, last_failure_ms = excluded.last_failure_ms`,
  ).run(scope, row.failures, row.last_failure_ms);
}

const sameRow = (a: ThrottleRow, b: ThrottleRow) => a.failures === b.failures && a.last_failure_ms === b.last_failure_ms;

export function createUnlockThrottle(): UnlockThrottle {
  /** Per scope, the state the file should hold but could not take. */
  const held = new Map<Compartment, ThrottleRow>();

  const current = (db: VaultDatabase, scope: Compartment): ThrottleRow => held.get(scope) ?? stored(db, scope);

  /** Writes `row` when the file has room, else holds it; only a full disk is held, anything else is thrown. */
  const keep = (db: VaultDatabase, scope: Compartment, row: ThrottleRow): void => {
    try {
      if (!sameRow(row, stored(db, scope))) save(db, scope, row);
      held.delete(scope);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      held.set(scope, row);
    }
  };

  return {
    assertNotThrottled(db, clock, scope) {
      const now = clock.now();
      let row = current(db, scope);
      // A failure time ahead of the clock (a clock that was fast, or an edited row) is pulled back to now, so the wait never exceeds delayAfter(failures).
      if (row.last_failure_ms > now) row = { ...row, last_failure_ms: now };
      keep(db, scope, row);
      const wait = waitLeft(row.failures, row.last_failure_ms, now);
      if (wait > 0) throw throttledError(wait);
    },
    recordFailure(db, clock, scope) {
      const failures = current(db, scope).failures + 1;
      keep(db, scope, { failures, last_failure_ms: clock.now() });
      return failures;
    },
    recordSuccess(db, scope) {
      const { failures } = current(db, scope);
      keep(db, scope, { failures: 0, last_failure_ms: 0 });
      return failures;
    },
    unsaved: () => held.size,
  };
}
