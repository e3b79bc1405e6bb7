/*
 * Removing a computer and taking the new keys, through the sync channels over
 * three real vault files and a real folder: Office desktop removes the lost
 * Laptop; Home office then fails with SYNC_KEYS_ROTATED until the new
 * passphrase is given, and goes on syncing with the desktop afterwards.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../../../shared/domain/sync';
import type { EventName, EventPayloads } from '../../../../shared/ipc/events';
import type { IpcResult } from '../../../../shared/ipc/result';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { createSyncControl } from '../../../../main/ipc/syncControl';
import { createVaultSearch } from '../../../../main/search/vaultSearch';
import { joinFromFolder } from '../../../../main/sync/join';
import { DEFAULT_KDF_PARAMS } from '../../../../main/vault/kdfParams';
import type { Vault } from '../../../../main/vault/vaultApi';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE, tempDir } from '../../../helpers/tempVault';

const NEW_PASSPHRASE = 'a new passphrase after the laptop went missing';
const NEW_PSYCH_PASSPHRASE = 'and a new psychotherapy passphrase with it';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function host(vault: Vault, folder: string) {
  const push = <E extends EventName>(_event: E, _payload: EventPayloads[E]) => undefined;
  const search = createVaultSearch(vault);
  const sync = createSyncControl({ vault, search, push, settleMs: 20, intervalMs: 3_600_000 });
  cleanups.push(() => {
    sync.dispose();
    search.stop();
  });
  const dispatch = createDispatcher(
    testServices(vault, { search, push, sync, dialogs: { chooseSavePath: async () => null, chooseFolder: async () => folder } }),
  );
  return { vault, dispatch };
}

function data<T>(reply: IpcResult<unknown>): T {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.data as T;
}

async function joined(folder: string, deviceName: string) {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const vault = await joinFromFolder({
    chosenFolder: folder,
    passphrase: PASSPHRASE,
    path: join(dir, 'vault.sqlite'),
    deviceName,
    vaultOptions: { kdf: DEFAULT_KDF_PARAMS },
  });
  cleanups.push(() => vault.close());
  const computer = host(vault, folder);
  await computer.dispatch('sync.chooseFolder', { deviceName });
  return computer;
}

describe('removing a computer from Settings → Sync', () => {
  it('rotates the keys; another computer takes them only with the new passphrases, then syncs on', async () => {
    const made = await createdVault();
    cleanups.push(made.dispose);
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const folder = join(dir, 'Dropbox');
    mkdirSync(folder);
    const desktop = host(made.vault, folder);
    await desktop.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
    await desktop.dispatch('sync.runNow', {});
    const laptop = await joined(folder, 'Laptop');
    await laptop.dispatch('sync.runNow', {});
    const office = await joined(folder, 'Home office');
    await office.dispatch('sync.runNow', {});
    const status = data<SyncStatusView>(await desktop.dispatch('sync.runNow', {}));
    const laptopId = status.devices.find((device) => device.name === 'Laptop')!.id;

    const request = {
      deviceId: laptopId,
      passphrase: PASSPHRASE,
      psychotherapyPassphrase: PSYCH_PASSPHRASE,
      newPassphrase: NEW_PASSPHRASE,
      newPsychotherapyPassphrase: NEW_PSYCH_PASSPHRASE,
    };
    expect(await desktop.dispatch('sync.removeDevice', request)).toMatchObject({ ok: false, error: { code: 'PSYCHOTHERAPY_LOCKED' } });
    await made.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(await desktop.dispatch('sync.removeDevice', { ...request, deviceId: status.device.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const removed = data<{ recoveryKey: string; status: SyncStatusView }>(await desktop.dispatch('sync.removeDevice', request));
    expect(removed.recoveryKey.length).toBeGreaterThan(20);
    expect(removed.status.lastError).toBeNull();

    const client = made.vault.clients.create({ name: 'After the removal' });
    await desktop.dispatch('sync.runNow', {});
    expect(data<SyncStatusView>(await office.dispatch('sync.runNow', {})).lastError).toBe('SYNC_KEYS_ROTATED');
    expect(await office.dispatch('sync.acceptRotatedKeys', { passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    await office.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const accepted = data<SyncStatusView>(
      await office.dispatch('sync.acceptRotatedKeys', { passphrase: NEW_PASSPHRASE, psychotherapyPassphrase: NEW_PSYCH_PASSPHRASE }),
    );
    expect(accepted.lastError).toBeNull();
    expect(data<SyncStatusView>(await office.dispatch('sync.runNow', {})).lastError).toBeNull();
    expect(office.vault.clients.get(client.id).name).toBe('After the removal');
    await office.vault.lock('manual');
    await office.vault.unlock(NEW_PASSPHRASE);
  });
});
