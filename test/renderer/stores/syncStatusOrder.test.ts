// @vitest-environment jsdom
/*
 * A reply and a push of sync's status can cross on their way to the window
 * (the test bridge carries them on two connections). Turning sync on replies
 * "exchange under way"; if the push of that exchange's end arrives first, the
 * reply must not put "Syncing…" back on screen for good.
 */
import '../helpers/nodeTypedArrays';
import { describe, expect, it } from 'vitest';
import { createVaultApi } from '../../../renderer/api/vaultApi';
import { createAppStores } from '../../../renderer/stores/appStores';
import { holdingReplies, until } from '../helpers/holdingBridge';
import { cleanupAfterEach, syncFolderFor } from '../helpers/syncComputers';
import { testVault } from '../helpers/vaultBridge';

const track = cleanupAfterEach();

describe('sync status in the window', () => {
  it('keeps the pushed end of the first exchange when the reply to turning sync on arrives after it', async () => {
    const vault = await testVault();
    track(() => vault.dispose());
    syncFolderFor(vault);
    const { bridge, gate } = holdingReplies(vault.bridge, 'sync.chooseFolder');
    const stores = createAppStores(createVaultApi(bridge));
    track(() => stores.dispose());
    const sync = stores.sync;
    await sync.getState().load();
    const turnedOn = sync.getState().chooseFolder('Office desktop');
    await until(() => gate.held.length === 1 && sync.getState().status?.lastExchangeAt !== null && sync.getState().status?.running === false);
    gate.held[0]?.();
    expect(await turnedOn).toBe(true);

    const status = sync.getState().status;
    expect(status?.running).toBe(false);
    expect(status?.lastExchangeAt).not.toBeNull();
    expect(status?.folderName).toBe('Dropbox');
    expect(sync.getState().busy).toBeNull();
  });
});
