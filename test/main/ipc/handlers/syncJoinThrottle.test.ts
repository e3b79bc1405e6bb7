/*
 * Wrong passphrases at join back off like wrong ones at unlock: after the
 * free attempts, every attempt is refused as THROTTLED before any key
 * derivation until the wait has passed, the wait doubles, a restart keeps the
 * count, and a join that goes through clears it. The clock is the test's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { joinThrottlePath } from '../../../../main/sync/joinThrottle';
import type { DeriveKey } from '../../../../main/vault/kdf';
import { deriveKeyInWorker } from '../../../../main/vault/kdf';
import { DEFAULT_KDF_PARAMS } from '../../../../main/vault/kdfParams';
import { FREE_ATTEMPTS } from '../../../../main/vault/throttle';
import { openVault } from '../../../../main/vault/vault';
import type { Cleanup } from '../../../helpers/syncComputers';
import { data, syncComputers } from '../../../helpers/syncComputers';
import { PASSPHRASE, tempDir } from '../../../helpers/tempVault';

const WRONG = 'not the passphrase at all';

let cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});
const track = (cleanup: Cleanup) => void cleanups.push(cleanup);

async function sharedFolder() {
  const first = await syncComputers(track).firstComputer();
  await first.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
  await first.dispatch('sync.runNow', {});
  return first.folder;
}

/** A computer without a vault, its join clock and key derivations the test's; `host` builds its window side again, as a restart does. */
async function laptop(folder: string) {
  const clock = { now: 1_800_000_000_000 };
  const derivations = { count: 0 };
  const derive: DeriveKey = (passphrase, salt, params) => {
    derivations.count += 1;
    return deriveKeyInWorker(passphrase, salt, params);
  };
  const { dir, cleanup } = tempDir();
  track(cleanup);
  const vault = await openVault(join(dir, 'vault.sqlite'), { kdf: DEFAULT_KDF_PARAMS });
  track(() => vault.close());
  const host = () => syncComputers(track, { now: () => clock.now, derive, intervalMs: 3_600_000 }).host(vault, { folder });
  return { vault, clock, derivations, host };
}

describe('joining with wrong passphrases', () => {
  it('refuses attempts while the wait runs, before deriving any key, and lets one in once it has passed', async () => {
    const computer = await laptop(await sharedFolder());
    const { dispatch } = computer.host();
    await dispatch('vault.chooseJoinFolder', {});
    for (let i = 0; i < FREE_ATTEMPTS; i += 1) {
      expect(await dispatch('vault.join', { passphrase: WRONG, deviceName: 'Laptop' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    }
    const derived = computer.derivations.count;
    expect(derived).toBeGreaterThanOrEqual(FREE_ATTEMPTS);

    for (const passphrase of [WRONG, PASSPHRASE]) {
      expect(await dispatch('vault.join', { passphrase, deviceName: 'Laptop' })).toEqual({
        ok: false,
        error: { code: 'THROTTLED', message: expect.any(String), retryAfterMs: 1000 },
      });
    }
    computer.clock.now += 400;
    expect(await dispatch('vault.join', { passphrase: PASSPHRASE, deviceName: 'Laptop' })).toMatchObject({
      ok: false,
      error: { code: 'THROTTLED', retryAfterMs: 600 },
    });
    expect(computer.derivations.count).toBe(derived);
    expect(computer.vault.isCreated()).toBe(false);

    computer.clock.now += 600;
    expect(await dispatch('vault.join', { passphrase: WRONG, deviceName: 'Laptop' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(computer.derivations.count).toBeGreaterThan(derived);
    expect(await dispatch('vault.join', { passphrase: PASSPHRASE, deviceName: 'Laptop' })).toMatchObject({
      ok: false,
      error: { code: 'THROTTLED', retryAfterMs: 2000 },
    });
  });

  it('keeps the count across a restart, and a join that goes through clears it', async () => {
    const computer = await laptop(await sharedFolder());
    const before = computer.host();
    await before.dispatch('vault.chooseJoinFolder', {});
    for (let i = 0; i < FREE_ATTEMPTS; i += 1) await before.dispatch('vault.join', { passphrase: WRONG, deviceName: 'Laptop' });
    before.sync.dispose();
    expect(existsSync(joinThrottlePath(computer.vault.path))).toBe(true);

    const after = computer.host();
    await after.dispatch('vault.chooseJoinFolder', {});
    const derived = computer.derivations.count;
    expect(await after.dispatch('vault.join', { passphrase: PASSPHRASE, deviceName: 'Laptop' })).toMatchObject({
      ok: false,
      error: { code: 'THROTTLED', retryAfterMs: 1000 },
    });
    expect(computer.derivations.count).toBe(derived);

    computer.clock.now += 1000;
    expect(data(await after.dispatch('vault.join', { passphrase: PASSPHRASE, deviceName: 'Laptop' }))).toMatchObject({ created: true, state: 'open' });
    expect(existsSync(joinThrottlePath(computer.vault.path))).toBe(false);
  });
});
