// @vitest-environment jsdom
import '../helpers/nodeTypedArrays';
import { afterEach, describe, expect, it } from 'vitest';
import { createVaultApi } from '../../../renderer/api/vaultApi';
import { createAppStores } from '../../../renderer/stores/appStores';
import { getEmptyBackupState } from '../../../renderer/stores/backupStore';
import { getEmptyClientPageState } from '../../../renderer/stores/clientPageStore';
import { getEmptyClientsState } from '../../../renderer/stores/clientsStore';
import { getEmptyClinicalState } from '../../../renderer/stores/clinicalStore';
import { getEmptyNavigationState } from '../../../renderer/stores/navigationStore';
import { getEmptyPsychotherapyState } from '../../../renderer/stores/psychotherapyStore';
import { getEmptySessionState } from '../../../renderer/stores/sessionStore';
import { getEmptySettingsState } from '../../../renderer/stores/settingsStore';
import { getEmptyVaultState } from '../../../renderer/stores/vaultStore';
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

/** A store's data fields only (actions are functions and are not state). */
function dataOf(state: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => typeof value !== 'function'));
}

const until = async (check: () => boolean) => {
  for (let attempt = 0; attempt < 200 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

async function filledStores(vault: TestVault) {
  const { host } = vault;
  const client = host.vault.clients.create({ name: 'Reset Canary Client', chartNumber: 'R-1' });
  const session = host.vault.sessions.create({
    clientId: client.id,
    date: '2026-01-05',
    startTime: '09:00',
    endTime: '09:50',
    modality: 'video',
  });
  await host.vault.openPsychotherapy(PSYCH_PASSPHRASE);
  host.vault.psychotherapyNotes.create({ sessionId: session.id, text: 'psych canary' });
  host.vault.closePsychotherapy();
  host.vault.diagnoses.add({ clientId: client.id, code: 'F41.1', rank: 'primary', status: 'active' });
  host.vault.treatmentPlans.saveDraft({ clientId: client.id, content: { problems: [], interventions: [] } });

  const stores = createAppStores(createVaultApi(vault.bridge), { autosaveDelayMs: 60_000 });
  await stores.vault.getState().start();
  await stores.clients.getState().load();
  stores.clients.getState().setFilter('Reset');
  await stores.clientPage.getState().open(client.id);
  await stores.clinical.getState().open(client.id);
  await stores.session.getState().open(session.id);
  stores.session.getState().editField('subjective', 'typed but not yet saved');
  await stores.psychotherapy.getState().open(PSYCH_PASSPHRASE);
  await stores.psychotherapy.getState().loadSession(session.id);
  await stores.psychotherapy.getState().loadClient(client.id);
  await stores.settings.getState().load();
  await stores.backup.getState().load();
  await stores.backup.getState().backUpNow();
  expect(stores.backup.getState().outcome?.kind).toBe('created');
  stores.navigation.getState().go({ screen: 'session', clientId: client.id, sessionId: session.id });
  expect(stores.psychotherapy.getState().drafts.map((draft) => draft.text)).toEqual(['psych canary']);
  expect(stores.psychotherapy.getState().clientNotes?.notes.map((note) => note.text)).toEqual(['psych canary']);
  expect(stores.clientPage.getState().client?.name).toBe('Reset Canary Client');
  expect(stores.clinical.getState().diagnoses.map((diagnosis) => diagnosis.code)).toEqual(['F41.1']);
  expect(stores.clinical.getState().plans?.draft).not.toBeNull();
  return stores;
}

function expectAllEmpty(stores: Awaited<ReturnType<typeof filledStores>>) {
  expect(dataOf(stores.vault.getState())).toEqual(getEmptyVaultState());
  expect(dataOf(stores.navigation.getState())).toEqual(getEmptyNavigationState());
  expect(dataOf(stores.clients.getState())).toEqual(getEmptyClientsState());
  expect(dataOf(stores.clientPage.getState())).toEqual(getEmptyClientPageState());
  expect(dataOf(stores.clinical.getState())).toEqual(getEmptyClinicalState());
  expect(dataOf(stores.session.getState())).toEqual(getEmptySessionState());
  expect(dataOf(stores.psychotherapy.getState())).toEqual(getEmptyPsychotherapyState());
  expect(dataOf(stores.settings.getState())).toEqual(getEmptySettingsState());
  expect(dataOf(stores.backup.getState())).toEqual(getEmptyBackupState());
}

describe('app stores on lock', () => {
  it('empties every store when main pushes the locked state (an idle lock, not the window)', async () => {
    const vault = await open();
    const stores = await filledStores(vault);
    await vault.host.vault.lock('idle');
    await until(() => stores.vault.getState().phase === 'locked' && stores.clients.getState().clients.length === 0);
    expectAllEmpty(stores);
  });

  it('empties every store when a call is refused with LOCKED before any push arrives', async () => {
    const vault = await open();
    const stores = await filledStores(vault);
    const unheard = { ...vault.bridge, on: () => () => undefined };
    const deaf = createAppStores(createVaultApi(unheard));
    await deaf.clients.getState().load();
    await deaf.settings.getState().load();
    await vault.host.vault.lock('manual');
    await deaf.clients.getState().load();
    expect(dataOf(deaf.clients.getState())).toEqual({ ...getEmptyClientsState() });
    expect(dataOf(deaf.settings.getState())).toEqual(getEmptySettingsState());
    await until(() => stores.vault.getState().phase === 'locked');
  });

  it('saves the draft being typed before asking main to lock from the window', async () => {
    const vault = await open();
    const stores = await filledStores(vault);
    const sessionId = stores.session.getState().sessionId ?? '';
    await stores.lock();
    expectAllEmpty(stores);
    expect(vault.host.vault.state()).toBe('locked');
    await vault.host.vault.unlock('correct horse battery staple');
    expect(vault.host.vault.progressNotes.getForSession(sessionId)?.fields.subjective).toBe('typed but not yet saved');
  });

  it('keeps only the marker of a restore in flight through the lock it causes', async () => {
    const vault = await open();
    const stores = await filledStores(vault);
    stores.backup.setState({ running: 'restore', progress: { operation: 'restore', stage: 'swap', done: 0, total: 1 } });
    stores.resetAll();
    expect(dataOf(stores.backup.getState())).toEqual({
      ...getEmptyBackupState(),
      running: 'restore',
      progress: { operation: 'restore', stage: 'swap', done: 0, total: 1 },
    });
    expect(dataOf(stores.clients.getState())).toEqual(getEmptyClientsState());
  });

  it('empties the psychotherapy store, and only it, when the compartment relocks', async () => {
    const vault = await open();
    const stores = await filledStores(vault);
    vault.host.vault.closePsychotherapy('psychotherapy-idle');
    await until(() => !stores.psychotherapy.getState().isOpen);
    expect(dataOf(stores.psychotherapy.getState())).toEqual(getEmptyPsychotherapyState());
    expect(stores.clientPage.getState().client?.name).toBe('Reset Canary Client');
  });
});
