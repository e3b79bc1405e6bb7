import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, bridgeFrom, createVaultApi } from '../../../renderer/api/vaultApi';
import type { Bridge } from '../../../shared/ipc/bridge';
import type { TestVault } from '../helpers/vaultBridge';
import { PSYCH_PASSPHRASE, testVault } from '../helpers/vaultBridge';

let opened: TestVault[] = [];
afterEach(async () => {
  await Promise.all(opened.map((vault) => vault.dispose()));
  opened = [];
});

async function open() {
  const vault = await testVault();
  opened.push(vault);
  return vault;
}

/** The same bridge, but the named channel's reply waits until `release` is called. */
function holdingReplies(bridge: Bridge, channel: keyof Bridge['call']) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const original = bridge.call[channel] as (request: unknown) => Promise<unknown>;
  const call = {
    ...bridge.call,
    [channel]: async (request: unknown) => {
      const reply = await original(request);
      await gate;
      return reply;
    },
  };
  return { bridge: { ...bridge, call } as Bridge, release: () => release() };
}

const heard = (api: ReturnType<typeof createVaultApi>, subscribe: 'onLocked' | 'onPsychotherapyClosed') => {
  const count = { value: 0 };
  api[subscribe](() => {
    count.value += 1;
  });
  return count;
};

const until = async (check: () => boolean) => {
  for (let attempt = 0; attempt < 200 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

describe('renderer vault api', () => {
  it('returns the data of a successful call and throws the error code of a refused one', async () => {
    const vault = await open();
    const api = createVaultApi(vault.bridge);
    const client = await api.invoke('clients.create', { client: { name: 'Api Client' } });
    expect(client.name).toBe('Api Client');
    const refusal = await api.invoke('clients.get', { id: 'f'.repeat(32) }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).code).toBe('NOT_FOUND');
  });

  it('drops data that arrives after the lock, so it cannot refill an emptied store', async () => {
    const vault = await open();
    vault.host.vault.clients.create({ name: 'Late Reply Canary' });
    const { bridge, release } = holdingReplies(vault.bridge, 'clients.list');
    const api = createVaultApi(bridge);
    const locks = heard(api, 'onLocked');

    const pending = api.invoke('clients.list', { includeArchived: false });
    await vault.host.vault.lock('idle');
    await until(() => locks.value === 1);
    release();

    await expect(pending).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('reports each lock once, whether pushed by main or learned from a LOCKED reply', async () => {
    const vault = await open();
    const api = createVaultApi(vault.bridge);
    const locks = heard(api, 'onLocked');
    await vault.host.vault.lock('manual');
    await expect(api.invoke('settings.get', {})).rejects.toMatchObject({ code: 'LOCKED' });
    await until(() => locks.value >= 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(locks.value).toBe(1);
  });

  it('counts a locked vault.status reply as the lock, so a push arriving after it resets nothing twice', async () => {
    const vault = await open();
    const api = createVaultApi(vault.bridge);
    const locks = heard(api, 'onLocked');
    await vault.host.vault.lock('manual');
    expect(await api.invoke('vault.status', {})).toMatchObject({ created: true, state: 'locked' });
    expect(locks.value).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(locks.value).toBe(1);
  });

  it('does not count a vault that does not exist yet as locked', async () => {
    const vault = await testVault({ created: false });
    opened.push(vault);
    const api = createVaultApi(vault.bridge);
    const locks = heard(api, 'onLocked');
    expect(await api.invoke('vault.status', {})).toMatchObject({ created: false });
    expect(locks.value).toBe(0);
  });

  it('drops psychotherapy data that arrives after the compartment relocked', async () => {
    const vault = await open();
    const session = vault.host.vault.sessions.create({
      clientId: vault.host.vault.clients.create({ name: 'Psych Reply' }).id,
      date: '2026-01-02',
      startTime: '08:00',
      endTime: '08:50',
      modality: 'phone',
    });
    const { bridge, release } = holdingReplies(vault.bridge, 'psychotherapyNotes.listForSession');
    const api = createVaultApi(bridge);
    const closed = heard(api, 'onPsychotherapyClosed');
    await api.invoke('psychotherapy.open', { passphrase: PSYCH_PASSPHRASE });
    await until(() => vault.host.vault.state() === 'open+psychotherapy');
    await new Promise((resolve) => setTimeout(resolve, 20));

    const pending = api.invoke('psychotherapyNotes.listForSession', { sessionId: session.id });
    vault.host.vault.closePsychotherapy('psychotherapy-idle');
    await until(() => closed.value === 1);
    release();

    await expect(pending).rejects.toMatchObject({ code: 'PSYCHOTHERAPY_LOCKED' });
  });

  it('finds the preload bridge on the window object and nothing when it is missing', () => {
    const bridge = { call: {}, on: () => () => undefined };
    expect(bridgeFrom({ therapistVault: bridge })).toBe(bridge);
    expect(bridgeFrom({})).toBeNull();
  });
});
