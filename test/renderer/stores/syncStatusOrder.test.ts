// @vitest-environment jsdom
/*
 * A reply and a push of sync's status can cross on their way to the window
 * (the test bridge carries them on two connections). Turning sync on replies
 * "exchange under way"; if the push of that exchange's end arrives first, the
 * reply must not put "Syncing…" back on screen for good.
 */
import '../helpers/nodeTypedArrays';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bridge, BridgeCalls } from '../../../shared/ipc/bridge';
import { createVaultApi } from '../../../renderer/api/vaultApi';
import { createAppStores } from '../../../renderer/stores/appStores';
import { until } from '../helpers/holdingBridge';
import { syncFolderFor } from '../helpers/syncComputers';
import { testVault, type TestVault } from '../helpers/vaultBridge';

let opened: TestVault[] = [];
afterEach(async () => {
  await Promise.all(opened.map((vault) => vault.dispose()));
  opened = [];
});

/** The real bridge, with the reply to turning sync on held until the test releases it. */
function holdingChooseFolder(bridge: Bridge) {
  const gate = { held: false, release: () => {} };
  const chooseFolder = bridge.call['sync.chooseFolder'];
  const call = {
    ...bridge.call,
    'sync.chooseFolder': async (request: { deviceName: string }) => {
      const reply = await chooseFolder(request);
      await new Promise<void>((release) => {
        gate.release = release;
        gate.held = true;
      });
      return reply;
    },
  } as BridgeCalls;
  return { bridge: { ...bridge, call }, gate };
}

describe('sync status in the window', () => {
  it('keeps the pushed end of the first exchange when the reply to turning sync on arrives after it', async () => {
    const vault = await testVault();
    opened.push(vault);
    syncFolderFor(vault);
    const { bridge, gate } = holdingChooseFolder(vault.bridge);
    const stores = createAppStores(createVaultApi(bridge));
    try {
      const sync = stores.sync;
      await sync.getState().load();
      const turnedOn = sync.getState().chooseFolder('Office desktop');
      await until(() => gate.held && sync.getState().status?.lastExchangeAt !== null && sync.getState().status?.running === false);
      gate.release();
      expect(await turnedOn).toBe(true);

      const status = sync.getState().status;
      expect(status?.running).toBe(false);
      expect(status?.lastExchangeAt).not.toBeNull();
      expect(status?.folderName).toBe('Dropbox');
      expect(sync.getState().busy).toBeNull();
    } finally {
      stores.dispose();
    }
  });
});
