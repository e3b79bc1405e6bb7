import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VaultDatabase } from '../../../main/vault/db';
import { openDatabase } from '../../../main/vault/db';
import type { DeriveKey } from '../../../main/vault/kdf';
import { deriveKeyInWorker } from '../../../main/vault/kdf';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { createUnlockThrottle, delayAfter, FREE_ATTEMPTS, MAX_DELAY_MS } from '../../../main/vault/throttle';
import { openVault } from '../../../main/vault/vault';
import { createdVault, PASSPHRASE, tempDir } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import { expectCode, withRawFile } from './tamper';

const WRONG = 'definitely not the passphrase';
/** Holds nothing in memory while the disk has room: these tests read what the file holds. */
const throttle = createUnlockThrottle();

describe('delayAfter', () => {
  it('allows a few free attempts, then doubles from one second up to a ceiling', () => {
    const delays = Array.from({ length: FREE_ATTEMPTS + 4 }, (_, failures) => delayAfter(failures));
    expect(delays).toEqual([...Array<number>(FREE_ATTEMPTS).fill(0), 1000, 2000, 4000, 8000]);
    expect(delayAfter(100)).toBe(MAX_DELAY_MS);
  });
});

describe('the unlock throttle store', () => {
  it('backs off exponentially by the injected clock, per compartment, and survives reopening the file', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'vault.sqlite');
    const time = new FakeTime();
    const waitLeft = async (db: VaultDatabase) =>
      (await expectCode(() => throttle.assertNotThrottled(db, time, 'progress'), 'THROTTLED')).details.retryAfterMs;
    try {
      let db = openDatabase(path);
      for (let i = 0; i < FREE_ATTEMPTS; i++) {
        throttle.assertNotThrottled(db, time, 'progress');
        throttle.recordFailure(db, time, 'progress');
      }
      await expectCode(() => throttle.assertNotThrottled(db, time, 'progress'), 'THROTTLED');
      throttle.assertNotThrottled(db, time, 'psychotherapy');
      db.close();

      db = openDatabase(path);
      expect(await waitLeft(db)).toBe(1000);
      time.advance(400);
      expect(await waitLeft(db)).toBe(600);
      time.advance(600);
      throttle.assertNotThrottled(db, time, 'progress');
      expect(throttle.recordFailure(db, time, 'progress')).toBe(FREE_ATTEMPTS + 1);
      expect(await waitLeft(db)).toBe(2000);

      expect(throttle.recordSuccess(db, 'progress')).toBe(FREE_ATTEMPTS + 1);
      throttle.assertNotThrottled(db, time, 'progress');
      expect(throttle.recordSuccess(db, 'progress')).toBe(0);
      db.close();
    } finally {
      cleanup();
    }
  });
});

describe('unlocking a vault after failed attempts', () => {
  it('answers WRONG_PASSPHRASE, then THROTTLED before deriving at all, across a restart, until a success', async () => {
    const time = new FakeTime();
    let derivations = 0;
    const counted: DeriveKey = (...args) => {
      derivations += 1;
      return deriveKeyInWorker(...args);
    };
    const made = await createdVault({ clock: time, derive: counted });
    try {
      await made.vault.lock('manual');
      for (let i = 0; i < FREE_ATTEMPTS; i++) {
        await expectCode(() => made.vault.unlock(WRONG), 'WRONG_PASSPHRASE');
      }
      derivations = 0;
      const throttled = await expectCode(() => made.vault.unlock(PASSPHRASE), 'THROTTLED');
      expect(throttled.details.retryAfterMs).toBe(1000);
      expect(throttled.message).not.toContain(PASSPHRASE);
      expect(derivations).toBe(0);
      expect(made.vault.state()).toBe('locked');

      time.advance(1000);
      await expectCode(() => made.vault.unlock(WRONG), 'WRONG_PASSPHRASE');
      await made.vault.close();

      const reopened = await openVault(made.path, { kdf: DEFAULT_KDF_PARAMS, clock: time, derive: counted });
      try {
        derivations = 0;
        const afterRestart = await expectCode(() => reopened.unlock(PASSPHRASE), 'THROTTLED');
        expect(afterRestart.details.retryAfterMs).toBe(2000);
        expect(derivations).toBe(0);

        time.advance(2000);
        await reopened.unlock(PASSPHRASE);
        expect(reopened.audit.list().at(-1)).toMatchObject({
          event: 'vault.unlocked',
          detail: { failedAttempts: FREE_ATTEMPTS + 1 },
        });
      } finally {
        await reopened.close();
      }
      expect(withRawFile(made.path, (db) => db.prepare('SELECT COUNT(*) FROM unlock_throttle').pluck().get())).toBe(0);
    } finally {
      await made.dispose();
    }
  });
});

describe('the unlock throttle under a clock that jumps back', () => {
  const HOUR = 60 * 60 * 1000;

  /** A clock the test sets to any time, backwards included. */
  const settableClock = (start: number) => {
    let current = start;
    return { now: () => current, set: (ms: number) => (current = ms) };
  };

  it('never asks for more than the capped delay after failures recorded with the clock 8 hours fast', async () => {
    const { dir, cleanup } = tempDir();
    const realNow = Date.UTC(2026, 10, 20, 9, 0, 0);
    const clock = settableClock(realNow + 8 * HOUR);
    try {
      const db = openDatabase(join(dir, 'vault.sqlite'));
      for (let i = 0; i <= FREE_ATTEMPTS; i++) throttle.recordFailure(db, clock, 'progress');
      clock.set(realNow);
      const throttled = await expectCode(() => throttle.assertNotThrottled(db, clock, 'progress'), 'THROTTLED');
      expect(throttled.details.retryAfterMs).toBeLessThanOrEqual(delayAfter(FREE_ATTEMPTS + 1));
      clock.set(realNow + delayAfter(FREE_ATTEMPTS + 1));
      throttle.assertNotThrottled(db, clock, 'progress');
      db.close();
    } finally {
      cleanup();
    }
  });

  it('caps the wait at MAX_DELAY_MS whatever failure time the file claims', async () => {
    const { dir, cleanup } = tempDir();
    const now = Date.UTC(2026, 10, 20, 9, 0, 0);
    const clock = settableClock(now);
    try {
      const db = openDatabase(join(dir, 'vault.sqlite'));
      db.prepare('INSERT INTO unlock_throttle (scope, failures, last_failure_ms) VALUES (?, ?, ?)').run(
        'progress',
        1000,
        Date.UTC(2099, 0, 1),
      );
      const throttled = await expectCode(() => throttle.assertNotThrottled(db, clock, 'progress'), 'THROTTLED');
      expect(throttled.details.retryAfterMs).toBeLessThanOrEqual(MAX_DELAY_MS);
      clock.set(now + MAX_DELAY_MS);
      throttle.assertNotThrottled(db, clock, 'progress');
      db.close();
    } finally {
      cleanup();
    }
  });

  it('lets the recovery key in once the capped delay has passed, after a typo with the clock 8 hours fast', async () => {
    const realNow = Date.UTC(2026, 10, 20, 9, 0, 0);
    const clock = settableClock(realNow + 8 * HOUR);
    const made = await createdVault({ clock });
    try {
      await made.vault.lock('manual');
      for (let i = 0; i <= FREE_ATTEMPTS; i++) {
        clock.set(realNow + 8 * HOUR + delayAfter(i));
        await expectCode(() => made.vault.unlock(WRONG), 'WRONG_PASSPHRASE');
      }
      clock.set(realNow);
      await expectCode(() => made.vault.unlock(PASSPHRASE), 'THROTTLED');
      clock.set(realNow + MAX_DELAY_MS);
      await made.vault.unlockWithRecoveryKey({ recoveryKey: made.recoveryKey, newPassphrase: 'a brand new passphrase here' });
      expect(made.vault.state()).toBe('open');
    } finally {
      await made.dispose();
    }
  });
});
