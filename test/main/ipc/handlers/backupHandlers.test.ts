import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupProgress } from '../../../../shared/domain/backup';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { cachingDerive, filledVault, PASSPHRASE } from '../../../fixtures/filledVault';
import { testServices } from '../../../helpers/ipcServices';
import { tempDir } from '../../../helpers/tempVault';

const NEW_PASSPHRASE = 'the passphrase after the change';
const derive = cachingDerive();

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A dispatcher over a filled vault, with dialogs answering from `answers` and pushes collected. */
async function setup() {
  const made = await filledVault({ derive });
  cleanups.push(made.dispose);
  const { dir: folder, cleanup } = tempDir();
  cleanups.push(cleanup);
  const answers = { folder: folder as string | null, file: null as string | null };
  const pushed: BackupProgress[] = [];
  const services = testServices(made.vault, {
    dialogs: {
      chooseSavePath: async () => null,
      chooseFolder: async () => answers.folder,
      chooseOpenFile: async () => answers.file,
    },
    push: (event, payload) => {
      if (event === 'backup.progress') pushed.push(payload as BackupProgress);
    },
  });
  const dispatch = createDispatcher(services);
  return { ...made, folder, answers, pushed, dispatch };
}

describe('backup channels', () => {
  it('create, verify and restore through the bridge, with progress pushed and no path in any reply', async () => {
    const { dispatch, folder, answers, pushed, vault } = await setup();
    const created = await dispatch('backup.create', {});
    expect(created).toMatchObject({ ok: true, data: { saved: true, backup: { kind: 'manual' } } });
    const { fileName } = (created as { data: { backup: { fileName: string } } }).data.backup;
    expect(readdirSync(folder)).toContain(fileName);
    expect(pushed.some((progress) => progress.operation === 'backup' && progress.stage === 'copy')).toBe(true);

    answers.file = join(folder, fileName);
    const verified = await dispatch('backup.verify', { passphrase: PASSPHRASE });
    expect(verified).toMatchObject({ ok: true, data: { chosen: true, fileName, report: { ok: true } } });
    expect(pushed.some((progress) => progress.operation === 'verify' && progress.stage === 'rows')).toBe(true);

    vault.clients.create({ name: 'Added after the backup' });
    const restored = await dispatch('backup.restore', { passphrase: PASSPHRASE });
    expect(restored).toMatchObject({ ok: true, data: { restored: true, state: 'open', report: { ok: true } } });
    expect(vault.clients.list().map((client) => client.name)).not.toContain('Added after the backup');

    for (const reply of [created, verified, restored]) expect(JSON.stringify(reply)).not.toContain(folder);
  });

  it('answer a cancelled dialog with nothing done', async () => {
    const { dispatch, answers, folder } = await setup();
    answers.folder = null;
    expect(await dispatch('backup.create', {})).toEqual({ ok: true, data: { saved: false, backup: null } });
    expect(await dispatch('backup.verify', {})).toEqual({ ok: true, data: { chosen: false, fileName: null, report: null } });
    expect(await dispatch('backup.restore', { passphrase: PASSPHRASE })).toEqual({
      ok: true,
      data: { restored: false, report: null, state: 'open' },
    });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('keep settings beside the vault and show the folder by name only', async () => {
    const { dispatch, folder } = await setup();
    expect(await dispatch('backup.settings', {})).toEqual({
      ok: true,
      data: { folderName: null, automatic: true, keep: 14, lastAutomaticAt: null, unvouchedAutomatic: 0 },
    });
    const chosen = await dispatch('backup.chooseFolder', {});
    expect(chosen).toMatchObject({ ok: true, data: { folderName: folder.split('/').at(-1) } });
    expect(await dispatch('backup.updateSettings', { automatic: false, keep: 3 })).toMatchObject({
      ok: true,
      data: { automatic: false, keep: 3 },
    });
    expect((await dispatch('backup.updateSettings', { automatic: true, keep: 0 })).ok).toBe(false);
  });

  it('refuse verify and restore past a locked vault', async () => {
    const { dispatch, vault } = await setup();
    await vault.lock();
    expect(await dispatch('backup.verify', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await dispatch('backup.restore', { passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await dispatch('backup.create', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });
});

describe('passphrase and recovery channels', () => {
  it('change the vault passphrase, then recover with the recovery key', async () => {
    const { dispatch, vault, recoveryKey } = await setup();
    expect(
      await dispatch('vault.changePassphrase', { currentPassphrase: 'wrong one', newPassphrase: NEW_PASSPHRASE }),
    ).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await dispatch('vault.changePassphrase', { currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE })).toEqual({
      ok: true,
      data: null,
    });
    await vault.lock();
    const recovered = await dispatch('vault.unlockWithRecoveryKey', { recoveryKey, newPassphrase: 'and yet another passphrase' });
    expect(recovered).toMatchObject({ ok: true, data: { state: 'open' } });
    expect(
      await dispatch('psychotherapy.changePassphrase', { currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE }),
    ).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
  });
});
