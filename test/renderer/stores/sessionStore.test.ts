// @vitest-environment jsdom
import '../helpers/nodeTypedArrays';
import { afterEach, describe, expect, it } from 'vitest';
import { createVaultApi } from '../../../renderer/api/vaultApi';
import { createSessionStore, getEmptySessionState } from '../../../renderer/stores/sessionStore';
import type { Bridge, BridgeCalls } from '../../../shared/ipc/bridge';
import type { TestVault } from '../helpers/vaultBridge';
import { testVault } from '../helpers/vaultBridge';

let opened: TestVault[] = [];
afterEach(async () => {
  await Promise.all(opened.map((vault) => vault.dispose()));
  opened = [];
});

interface HeldReply {
  subjective: string | undefined;
  release(): void;
}

/**
 * The real bridge, except that each draft save's reply waits until the test
 * releases it: the vault has already written the draft, the answer is late.
 */
function holdingDraftReplies(bridge: Bridge): { bridge: Bridge; held: HeldReply[] } {
  const held: HeldReply[] = [];
  const saveDraft = bridge.call['progressNotes.saveDraft'];
  const call: BridgeCalls = {
    ...bridge.call,
    'progressNotes.saveDraft': async (request) => {
      const reply = await saveDraft(request);
      await new Promise<void>((release) => held.push({ subjective: request.fields.subjective, release }));
      return reply;
    },
  };
  return { bridge: { ...bridge, call }, held };
}

const until = async (check: () => boolean) => {
  for (let attempt = 0; attempt < 500 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

/** A session store over a real vault with one session, its draft replies held; autosave only on flush. */
async function sessionStoreWithHeldReplies() {
  const vault = await testVault();
  opened.push(vault);
  const client = vault.host.vault.clients.create({ name: 'Revision Client' });
  const session = vault.host.vault.sessions.create({
    clientId: client.id,
    date: '2026-02-02',
    startTime: '10:00',
    endTime: '10:50',
    modality: 'in-person',
  });
  const { bridge, held } = holdingDraftReplies(vault.bridge);
  const store = createSessionStore(createVaultApi(bridge), 60_000);
  await store.getState().open(session.id);
  const storedText = () => vault.host.vault.progressNotes.getForSession(session.id)?.fields.subjective;
  return { store, held, storedText };
}

describe('session store revisions', () => {
  it('keeps newer text when the reply to an older save arrives after it was typed, and saves it next', async () => {
    const { store, held, storedText } = await sessionStoreWithHeldReplies();

    store.getState().editField('subjective', 'first words');
    const firstSave = store.getState().flush();
    await until(() => held.length === 1);
    store.getState().editField('subjective', 'first words, then more');
    held[0]?.release();
    await firstSave;

    expect(store.getState().fields.subjective).toBe('first words, then more');
    expect(store.getState().note?.fields.subjective).toBe('first words');
    expect(store.getState().saveState).toBe('pending');

    const secondSave = store.getState().flush();
    await until(() => held.length === 2);
    expect(held[1]?.subjective).toBe('first words, then more');
    held[1]?.release();
    await secondSave;

    expect(store.getState().saveState).toBe('saved');
    expect(store.getState().fields.subjective).toBe('first words, then more');
    expect(storedText()).toBe('first words, then more');
  });

  it('sends a newer save only after the older one is answered, so an older text never lands last', async () => {
    const { store, held, storedText } = await sessionStoreWithHeldReplies();

    store.getState().editField('subjective', 'older');
    const olderSave = store.getState().flush();
    await until(() => held.length === 1);
    store.getState().editField('subjective', 'newer');
    const newerSave = store.getState().flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(held).toHaveLength(1);

    held[0]?.release();
    await olderSave;
    await until(() => held.length === 2);
    expect(held[1]?.subjective).toBe('newer');
    held[1]?.release();
    await newerSave;

    expect(storedText()).toBe('newer');
    expect(store.getState().fields.subjective).toBe('newer');
    expect(store.getState().saveState).toBe('saved');
  });

  it('drops the reply to a save made before the store was reset', async () => {
    const { store, held } = await sessionStoreWithHeldReplies();

    store.getState().editField('subjective', 'written before the lock');
    const save = store.getState().flush();
    await until(() => held.length === 1);
    store.getState().reset();
    held[0]?.release();
    await save;

    const { sessionId, note, fields, saveState } = store.getState();
    expect({ sessionId, note, fields, saveState }).toEqual({
      sessionId: getEmptySessionState().sessionId,
      note: null,
      fields: getEmptySessionState().fields,
      saveState: 'idle',
    });
  });
});
