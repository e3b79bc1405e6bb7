import { afterEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../../main/backup/backup';
import { backupSettingsPath, saveBackupSettings } from '../../../main/backup/backupSettings';
import { isVouchedFor, listBackups } from '../../../main/backup/manifest';
import { createDispatcher } from '../../../main/ipc/dispatch';
import type { Push } from '../../../main/ipc/pushEvents';
import { pushVaultEvents } from '../../../main/ipc/pushEvents';
import { systemClock } from '../../../main/vault/context';
import { systemTimers } from '../../../main/vault/lockState';
import { cachingDerive, filledVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../fixtures/filledVault';
import { testServices } from '../../helpers/ipcServices';
import { tempDir } from '../../helpers/tempVault';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

describe('rotating the progress key through the bridge', () => {
  it('signs the manifests it vouched for again under the new key, pushes progress, and returns a new recovery key', async () => {
    const made = await filledVault({ derive: cachingDerive() });
    cleanups.push(made.dispose);
    const { dir: folder, cleanup } = tempDir();
    cleanups.push(cleanup);
    const { vault } = made;
    saveBackupSettings(backupSettingsPath(made.path), { folder, automatic: true, keep: 14 });
    await createBackup({ vault, folder, kind: 'automatic', clock: systemClock });
    const pushed: unknown[] = [];
    const push: Push = (event, payload) => event === 'keys.rotationProgress' && pushed.push(payload);
    cleanups.push(pushVaultEvents({ vault, push, timers: systemTimers, now: Date.now }));
    const dispatch = createDispatcher(testServices(vault, { push }));

    expect(await dispatch('keys.rotate', { compartment: 'progress', passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'PSYCHOTHERAPY_LOCKED' },
    });
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const reply = await dispatch('keys.rotate', { compartment: 'progress', passphrase: PASSPHRASE });
    expect(reply).toEqual({ ok: true, data: { recoveryKey: expect.stringMatching(/^([0-9a-f]{8}-){7}[0-9a-f]{8}$/) } });
    await vault.rotationSettled();
    const total = (pushed[0] as { total: number }).total;
    expect(total).toBeGreaterThan(0);
    expect(pushed.at(-1)).toEqual({ compartment: 'progress', done: total, total });
    const [backup] = listBackups(folder);
    expect(isVouchedFor(backup!.manifest, vault.backupManifests, Date.now())).toBe(true);
    expect(await dispatch('keys.newRecoveryKey', {})).toMatchObject({ ok: true, data: { recoveryKey: expect.any(String) } });
  });
});
