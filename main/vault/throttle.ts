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

export function assertNotThrottled(db: VaultDatabase, clock: Clock, scope: Compartment): void {
  const row = read(db, scope);
  const waitUntil = row.last_failure_ms + delayAfter(row.failures);
  const now = clock.now();
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
