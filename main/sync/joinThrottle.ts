/*
 * Backoff after wrong passphrases at join, the unlock screen's (main/vault/
 * throttle.ts) with the same delays. A computer that joins has no vault file
 * to keep the count in yet, so it is kept in a small file beside the vault's
 * place, and survives a restart like the unlock count does. The count is held
 * in memory too: a file that cannot be written must not make a wrong
 * passphrase free. It slows guessing in the window; the keys file in the
 * folder can be attacked offline anyway, slowed by Argon2id alone.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readSettingsFile, saveSettingsFile } from '../backup/files';
import { throttledError, waitLeft } from '../vault/throttle';

export interface JoinThrottle {
  /** THROTTLED, before any key derivation, while the wait after the last wrong passphrase runs. */
  assertNotThrottled(): void;
  recordFailure(): void;
  recordSuccess(): void;
}

interface JoinFailures {
  failures: number;
  lastFailureMs: number;
}

const storedSchema = z.object({
  failures: z.number().int().min(0),
  lastFailureMs: z.number().int().min(0),
});

const NONE: JoinFailures = { failures: 0, lastFailureMs: 0 };

export function joinThrottlePath(vaultPath: string): string {
  return join(dirname(vaultPath), 'sync-join-throttle.json');
}

export function createJoinThrottle(path: string, now: () => number): JoinThrottle {
  let current = readSettingsFile(path, storedSchema, NONE);

  const keep = (next: JoinFailures) => {
    current = next;
    try {
      if (next.failures === 0) rmSync(path, { force: true });
      else saveSettingsFile(path, storedSchema, next);
    } catch {
      // Held in memory until the next attempt: the wait applies all the same while the app runs.
    }
  };

  return {
    assertNotThrottled() {
      const wait = waitLeft(current.failures, current.lastFailureMs, now());
      if (wait > 0) throw throttledError(wait);
    },
    recordFailure() {
      keep({ failures: current.failures + 1, lastFailureMs: now() });
    },
    recordSuccess() {
      if (current.failures > 0) keep(NONE);
    },
  };
}
