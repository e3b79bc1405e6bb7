/*
 * Removing a computer and taking the new keys, through the sync channels over
 * three real vault files and a real folder: Office desktop removes the lost
 * Laptop; Home office then fails with SYNC_KEYS_ROTATED until the new
 * passphrase is given, and goes on syncing with the desktop afterwards.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../../../shared/domain/sync';
import { data, syncComputers } from '../../../helpers/syncComputers';
import { PASSPHRASE, PSYCH_PASSPHRASE } from '../../../helpers/tempVault';

const NEW_PASSPHRASE = 'a new passphrase after the laptop went missing';
const NEW_PSYCH_PASSPHRASE = 'and a new psychotherapy passphrase with it';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const { firstComputer, joinedComputer } = syncComputers((cleanup) => void cleanups.push(cleanup), { intervalMs: 3_600_000 });

describe('removing a computer from Settings → Sync', () => {
  it('rotates the keys; another computer takes them only with the new passphrases, then syncs on', async () => {
    const desktop = await firstComputer();
    await desktop.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
    await desktop.dispatch('sync.runNow', {});
    const laptop = await joinedComputer(desktop.folder, 'Laptop');
    await laptop.dispatch('sync.runNow', {});
    const office = await joinedComputer(desktop.folder, 'Home office');
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
    await desktop.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(await desktop.dispatch('sync.removeDevice', { ...request, deviceId: status.device.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const removed = data<{ recoveryKey: string; status: SyncStatusView }>(await desktop.dispatch('sync.removeDevice', request));
    expect(removed.recoveryKey.length).toBeGreaterThan(20);
    expect(removed.status.lastError).toBeNull();

    const client = desktop.vault.clients.create({ name: 'After the removal' });
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
