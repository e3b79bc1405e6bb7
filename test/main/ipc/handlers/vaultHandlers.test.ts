import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { vaultHandlers } from '../../../../main/ipc/handlers/vaultHandlers';
import { DEFAULT_KDF_PARAMS } from '../../../../main/vault/kdfParams';
import { openVault } from '../../../../main/vault/vault';
import type { Vault } from '../../../../main/vault/vaultApi';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE, tempDir } from '../../../helpers/tempVault';
import { FakeTime } from '../../vault/fakeTime';
import { fastDerive } from '../fastDerive';

function dispatcherFor(vault: Vault) {
  return createDispatcher(testServices(vault));
}

const disposers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const dispose of disposers) await dispose();
});

describe('vault handlers on an open vault', () => {
  let vault: Vault;
  let time: FakeTime;
  let dispatch: ReturnType<typeof dispatcherFor>;

  beforeAll(async () => {
    time = new FakeTime();
    const made = await createdVault({ clock: time, timers: time });
    disposers.push(made.dispose);
    vault = made.vault;
    dispatch = dispatcherFor(vault);
  });

  it('vault.status reports a created, open vault with an idle lock pending and no psychotherapy timer', async () => {
    const reply = await dispatch('vault.status', {});
    expect(reply).toMatchObject({ ok: true, data: { created: true, state: 'open', psychotherapyIdleMs: null } });
    expect(vault.deadlines().vault).toBe(time.now() + 10 * 60_000);
  });

  it('vault.status counts the idle time left by the vault clock, not the wall clock', async () => {
    vault.recordActivity();
    time.advance(4 * 60_000);
    const reply = await dispatch('vault.status', {});
    expect(reply).toMatchObject({ ok: true, data: { vaultIdleMs: 6 * 60_000 } });
  });

  it('vault.create on a vault that exists answers VAULT_EXISTS', async () => {
    const reply = await dispatch('vault.create', { passphrase: 'another long passphrase' });
    expect(reply).toEqual({ ok: false, error: { code: 'VAULT_EXISTS', message: expect.any(String) } });
  });

  it('vault.create refuses a short passphrase with INVALID_INPUT before touching the vault', async () => {
    const reply = await dispatch('vault.create', { passphrase: 'short' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('vault.unlock on an open vault is a no-op that reports the state', async () => {
    const reply = await dispatch('vault.unlock', { passphrase: 'anything at all' });
    expect(reply).toMatchObject({ ok: true, data: { state: 'open' } });
  });

  it('vault.activity postpones the idle lock', async () => {
    time.advance(4 * 60_000);
    const before = vault.deadlines().vault;
    const reply = await dispatch('vault.activity', {});
    expect(reply).toEqual({ ok: true, data: null });
    expect(vault.deadlines().vault).toBe(time.now() + 10 * 60_000);
    expect(vault.deadlines().vault).toBeGreaterThan(before ?? 0);
  });

  it('psychotherapy.open with the wrong passphrase answers WRONG_PASSPHRASE and stays closed', async () => {
    const reply = await dispatch('psychotherapy.open', { passphrase: PASSPHRASE });
    expect(reply).toEqual({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: expect.any(String) } });
    expect(vault.state()).toBe('open');
  });

  it('psychotherapy.open and psychotherapy.close move between open and open+psychotherapy', async () => {
    const opened = await dispatch('psychotherapy.open', { passphrase: PSYCH_PASSPHRASE });
    expect(opened).toMatchObject({ ok: true, data: { state: 'open+psychotherapy' } });
    expect(vault.deadlines().psychotherapy).toBe(time.now() + 3 * 60_000);
    const closed = await dispatch('psychotherapy.close', {});
    expect(closed).toMatchObject({ ok: true, data: { state: 'open', psychotherapyIdleMs: null } });
  });

  it('vault.lock locks, after which open-only calls answer LOCKED and unlock opens again', async () => {
    const locked = await dispatch('vault.lock', {});
    expect(locked).toMatchObject({ ok: true, data: { state: 'locked', vaultIdleMs: null } });
    expect(await dispatch('vault.activity', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await dispatch('psychotherapy.open', { passphrase: PSYCH_PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    const status = await dispatch('vault.status', {});
    expect(status).toMatchObject({ ok: true, data: { created: true, state: 'locked' } });
    const unlocked = await dispatch('vault.unlock', { passphrase: PASSPHRASE });
    expect(unlocked).toMatchObject({ ok: true, data: { state: 'open' } });
  });
});

describe('vault handlers: failed unlocks', () => {
  it('answers WRONG_PASSPHRASE, then THROTTLED with a retryAfterMs once the free attempts are used', async () => {
    const time = new FakeTime();
    const made = await createdVault({ clock: time, timers: time, derive: fastDerive });
    disposers.push(made.dispose);
    const dispatch = dispatcherFor(made.vault);
    await made.vault.lock('manual');
    const replies = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      replies.push(await dispatch('vault.unlock', { passphrase: `wrong guess ${attempt}` }));
    }
    expect(replies.slice(0, 3).map((reply) => !reply.ok && reply.error.code)).toEqual([
      'WRONG_PASSPHRASE',
      'WRONG_PASSPHRASE',
      'WRONG_PASSPHRASE',
    ]);
    expect(replies[3]).toEqual({
      ok: false,
      error: { code: 'THROTTLED', message: expect.any(String), retryAfterMs: 1000 },
    });
    time.advance(1000);
    expect(await dispatch('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'open' } });
  });
});

describe('vault handlers before a vault exists', () => {
  let vault: Vault;

  beforeAll(async () => {
    const { dir, cleanup } = tempDir();
    vault = await openVault(`${dir}/vault.sqlite`, { kdf: DEFAULT_KDF_PARAMS });
    disposers.push(async () => {
      await vault.close();
      cleanup();
    });
  });

  it('vault.status says no vault has been created', async () => {
    expect(await dispatcherFor(vault)('vault.status', {})).toEqual({
      ok: true,
      data: { created: false, state: 'locked', vaultIdleMs: null, psychotherapyIdleMs: null },
    });
  });

  it('vault.unlock answers NO_VAULT', async () => {
    const reply = await dispatcherFor(vault)('vault.unlock', { passphrase: PASSPHRASE });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NO_VAULT' } });
  });

  it('vault.lock on a vault that was never opened is a harmless no-op', async () => {
    expect(await dispatcherFor(vault)('vault.lock', {})).toMatchObject({ ok: true, data: { state: 'locked' } });
  });

  it('vault.create makes the vault, opens it and returns the recovery key once', async () => {
    const reply = await dispatcherFor(vault)('vault.create', { passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE });
    expect(reply).toEqual({ ok: true, data: { recoveryKey: expect.stringMatching(/^([0-9a-f]{8}-){7}[0-9a-f]{8}$/) } });
    expect(vault.state()).toBe('open');
  });
});

describe('vault handlers table', () => {
  it('covers exactly the vault and psychotherapy-compartment channels, passphrases and recovery included', () => {
    expect(Object.keys(vaultHandlers).sort()).toEqual(
      [
        'psychotherapy.changePassphrase',
        'psychotherapy.close',
        'psychotherapy.open',
        'vault.activity',
        'vault.changePassphrase',
        'vault.create',
        'vault.lock',
        'vault.status',
        'vault.unlock',
        'vault.unlockWithRecoveryKey',
        'keys.rotate',
        'keys.newRecoveryKey',
      ].sort(),
    );
  });
});
