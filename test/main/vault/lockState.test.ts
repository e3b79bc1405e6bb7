import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIdleTimer } from '../../../main/vault/lockState';
import type { Vault } from '../../../main/vault/vaultApi';
import { DEFAULT_PSYCHOTHERAPY_IDLE_MS, DEFAULT_VAULT_IDLE_MS, FLUSH_TIMEOUT_MS } from '../../../main/vault/lockController';
import { openVault } from '../../../main/vault/vault';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import type { LockState } from '../../../shared/domain/records';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import { expectCode } from './tamper';

describe('createIdleTimer', () => {
  it('fires once after the timeout, and a restart postpones it', () => {
    const time = new FakeTime();
    let fired = 0;
    const timer = createIdleTimer(time, time.now, 1000, () => fired++);
    expect(timer.deadline()).toBeNull();
    timer.restart();
    expect(timer.deadline()).toBe(time.now() + 1000);
    time.advance(900);
    timer.restart();
    time.advance(900);
    expect(fired).toBe(0);
    time.advance(100);
    expect(fired).toBe(1);
    expect(timer.deadline()).toBeNull();
    time.advance(5000);
    expect(fired).toBe(1);
  });

  it('stops, and takes a new timeout at once only while running', () => {
    const time = new FakeTime();
    let fired = 0;
    const timer = createIdleTimer(time, time.now, 1000, () => fired++);
    timer.setDuration(50);
    expect(timer.deadline()).toBeNull();
    timer.restart();
    timer.setDuration(3000);
    expect(timer.deadline()).toBe(time.now() + 3000);
    timer.stop();
    time.advance(10_000);
    expect(fired).toBe(0);
    expect(time.pendingTimers()).toBe(0);
  });
});

const time = new FakeTime();
let made: Awaited<ReturnType<typeof createdVault>>;
let vault: Vault;
const states: [LockState, string][] = [];

/** The idle lock runs asynchronously (it flushes first); this waits for it to land. */
function untilState(state: LockState): Promise<void> {
  return new Promise((resolve) => {
    if (vault.state() === state) return resolve();
    const off = vault.onStateChange((next) => {
      if (next === state) {
        off();
        resolve();
      }
    });
  });
}

beforeAll(async () => {
  made = await createdVault({ clock: time, timers: time });
  vault = made.vault;
  vault.onStateChange((state, reason) => states.push([state, reason]));
});
afterAll(async () => {
  await vault?.close();
  await made?.dispose();
});
beforeEach(async () => {
  if (vault.state() === 'locked') await vault.unlock(PASSPHRASE);
  states.length = 0;
});

describe('the vault idle lock', () => {
  it('fires after the timeout, and nothing can be read afterwards', async () => {
    vault.recordActivity();
    time.advance(DEFAULT_VAULT_IDLE_MS - 1);
    expect(vault.state()).toBe('open');
    time.advance(1);
    await untilState('locked');
    expect(states).toEqual([['locked', 'idle']]);
    expect(vault.deadlines()).toEqual({ vault: null, psychotherapy: null });
    await expectCode(() => vault.clients.list(), 'LOCKED');
  });

  it('is postponed by activity in the window and by vault calls', () => {
    vault.recordActivity();
    const firstDeadline = time.now() + DEFAULT_VAULT_IDLE_MS;
    time.advance(DEFAULT_VAULT_IDLE_MS - 1000);
    vault.recordActivity();
    expect(vault.deadlines().vault).toBe(time.now() + DEFAULT_VAULT_IDLE_MS);
    time.advance(DEFAULT_VAULT_IDLE_MS - 1000);
    vault.clients.list();
    expect(vault.deadlines().vault).toBe(time.now() + DEFAULT_VAULT_IDLE_MS);
    expect(time.now()).toBeGreaterThan(firstDeadline);
    expect(vault.state()).toBe('open');
    expect(states).toEqual([]);
  });

  it('takes new timeouts within bounds and refuses others', async () => {
    vault.setIdleTimeouts({ vaultMs: 60_000 });
    expect(vault.deadlines().vault).toBe(time.now() + 60_000);
    await expectCode(() => vault.setIdleTimeouts({ vaultMs: 1000 }), 'INVALID_INPUT');
    await expectCode(() => vault.setIdleTimeouts({ vaultMs: 61 * 60_000 }), 'INVALID_INPUT');
    await expectCode(() => vault.setIdleTimeouts({ psychotherapyMs: 1.5 }), 'INVALID_INPUT');
    vault.setIdleTimeouts({ vaultMs: DEFAULT_VAULT_IDLE_MS });
    expect(vault.deadlines().vault).toBe(time.now() + DEFAULT_VAULT_IDLE_MS);
  });
});

describe('the psychotherapy relock', () => {
  it('closes the compartment on its own timer, postponed only by psychotherapy calls, leaving the vault open', async () => {
    const client = vault.clients.create({ name: 'Relock Client' });
    const session = vault.sessions.create({
      clientId: client.id,
      date: '2026-02-02',
      startTime: '08:00',
      endTime: '08:30',
      modality: 'video',
    });
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(vault.deadlines().psychotherapy).toBe(time.now() + DEFAULT_PSYCHOTHERAPY_IDLE_MS);
    time.advance(DEFAULT_PSYCHOTHERAPY_IDLE_MS - 1000);
    vault.psychotherapyNotes.listForSession(session.id);
    time.advance(DEFAULT_PSYCHOTHERAPY_IDLE_MS - 1000);
    expect(vault.state()).toBe('open+psychotherapy');
    vault.clients.list();
    vault.recordActivity();
    time.advance(1000);
    expect(vault.state()).toBe('open');
    expect(states).toEqual([
      ['open+psychotherapy', 'psychotherapy-opened'],
      ['open', 'psychotherapy-idle'],
    ]);
    expect(vault.deadlines().psychotherapy).toBeNull();
    expect(vault.deadlines().vault).not.toBeNull();
    await expectCode(() => vault.psychotherapyNotes.listForSession(session.id), 'PSYCHOTHERAPY_LOCKED');
    expect(vault.audit.list().at(-1)).toMatchObject({
      event: 'psychotherapy.closed',
      detail: { reason: 'psychotherapy-idle' },
    });
  });
});

describe('locking', () => {
  it('by hand wipes the keys at once and stops both timers', async () => {
    await vault.lock('manual');
    expect(vault.state()).toBe('locked');
    expect(states).toEqual([['locked', 'manual']]);
    expect(vault.deadlines()).toEqual({ vault: null, psychotherapy: null });
    expect(time.pendingTimers()).toBe(0);
    await vault.lock('manual');
    expect(states).toHaveLength(1);
  });

  it('runs before-lock hooks while the keys are still there, and their writes are durable', async () => {
    const client = vault.clients.create({ name: 'Draft Pending' });
    const seen: LockState[] = [];
    const off = vault.onBeforeLock(async () => {
      seen.push(vault.state());
      await Promise.resolve();
      vault.clients.update(client.id, { name: 'Flushed Before Lock' });
    });
    try {
      await vault.lock('manual');
    } finally {
      off();
    }
    expect(seen).toEqual(['open']);
    expect(vault.state()).toBe('locked');

    await vault.close();
    vault = await openVault(made.path, { kdf: DEFAULT_KDF_PARAMS, clock: time, timers: time });
    vault.onStateChange((state, reason) => states.push([state, reason]));
    await vault.unlock(PASSPHRASE);
    expect(vault.clients.get(client.id).name).toBe('Flushed Before Lock');
  });

  it('goes ahead after the bounded wait when a hook hangs or throws', async () => {
    const offHang = vault.onBeforeLock(() => new Promise<void>(() => undefined));
    const offThrow = vault.onBeforeLock(() => {
      throw new Error('flush failed');
    });
    try {
      let settled = false;
      const locking = vault.lock('manual').then(() => {
        settled = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toBe(false);
      expect(vault.state()).toBe('open');
      time.advance(FLUSH_TIMEOUT_MS - 1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(vault.state()).toBe('open');
      time.advance(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(vault.state()).toBe('locked');
      await locking;
      expect(states).toEqual([['locked', 'manual']]);
    } finally {
      offHang();
      offThrow();
    }
  });
});
