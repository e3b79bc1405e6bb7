/*
 * Backoff after failed unlocks, kept in the vault file so quitting the app
 * does not reset it. It slows guessing at the lock screen; guessing against a
 * stolen file is slowed by Argon2id instead.
 */
import { VaultError } from '../../shared/errors';
import type { Compartment } from './compartments';
import type { Clock } from './context';
import type { VaultDatabase } from './db';

export const FREE_ATTEMPTS = 3;
export const MAX_DELAY_MS = 15 * 60 * 1000;

export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
}

interface ThrottleRow {
  failures: number;
  last_failure_ms: number;
}

function read(db: VaultDatabase, scope: Compartment): ThrottleRow {
  return (
    (db.prepare('SELECT failures, last_failure_ms FROM unlock_throttle WHERE scope = ?').get(scope) as
      | ThrottleRow
      | undefined) ?? { failures: 0, last_failure_ms: 0 }
  );
}

/**
 * A stored failure time ahead of the clock (the clock was fast, then set right,
 * or the plaintext row was edited) is pulled back to now, and kept there, so
 * the wait never exceeds delayAfter(failures) and so never MAX_DELAY_MS.
 */
function clampFutureFailure(db: VaultDatabase, scope: Compartment, row: ThrottleRow, now: number): ThrottleRow {
  if (row.last_failure_ms <= now) return row;
  db.prepare('UPDATE unlock_throttle SET last_failure_ms = ? WHERE scope = ?').run(now, scope);
  return { ...row, last_failure_ms: now };
}

export function assertNotThrottled(db: VaultDatabase, clock: Clock, scope: Compartment): void {
  const now = clock.now();
  const row = clampFutureFailure(db, scope, read(db, scope), now);
  const waitUntil = row.last_failure_ms + delayAfter(row.failures);
  if (now < waitUntil) {
    throw new VaultError('THROTTLED', 'Too many attempts; wait before trying again', {
      retryAfterMs: waitUntil - now,
    });
  }
}

export function recordFailure(db: VaultDatabase, clock: Clock, scope: Compartment): number {
  const failures = read(db, scope).failures + 1;
  db.prepare(
    `INSERT INTO unlock_throttle (scope, failures, last_failure_ms) VALUES (?, ?, ?)
     ON CONFLICT(scope) DO UPDATE SET failures = excluded.failures, last_failure_ms = excluded.last_failure_ms`,
  ).run(scope, failures, clock.now());
  return failures;
}

/** Clears the counter and returns how many failures preceded this success. */
export function recordSuccess(db: VaultDatabase, scope: Compartment): number {
  const { failures } = read(db, scope);
  db.prepare('DELETE FROM unlock_throttle WHERE scope = ?').run(scope);
  return failures;
}
