/*
 * Sync's steps around a restore, on a real vault, folder and backup: a save
 * made after the send refuses the restore once the file is closed (the vault
 * comes back locked, the save in it, unsent, under its own id); a restored
 * copy takes a new device id with every stamp it holds marked sent; a key
 * rotation still re-encrypting, which holds sending back, refuses the
 * restore before anything changes.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../../main/backup/backup';
import { restoreBackup } from '../../../main/backup/restore';
import { nameThisDevice, thisDeviceId } from '../../../main/sync/devices';
import { restoreHandover } from '../../../main/sync/restoreHandover';
import { exchange } from '../../../main/sync/vaultFolderSync';
import { VaultReplica } from '../../../main/sync/vaultReplica';
import { systemClock } from '../../../main/vault/context';
import type { VaultOptions } from '../../../main/vault/vault';
import type { Vault } from '../../../main/vault/vaultApi';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function syncedWithBackup(options: VaultOptions = {}) {
  const made = await createdVault(options);
  cleanups.push(made.dispose);
  const folder = join(made.dir, 'Dropbox');
  mkdirSync(folder);
  const backups = join(made.dir, 'backups');
  mkdirSync(backups);
  made.vault.clients.create({ name: 'Saved before the backup' });
  nameThisDevice(made.vault.syncContext(), 'Office desktop');
  await exchange(made.vault.syncContext(), folder);
  const backup = await createBackup({ vault: made.vault, folder: backups, kind: 'manual', clock: systemClock });
  return { ...made, folder, backupPath: join(backups, backup.fileName) };
}

const unsent = (vault: Vault) => new VaultReplica(vault.syncContext().db, systemClock).unsentCount();

describe('sync steps around a restore', () => {
  it('refuses the restore when a save lands after the send, leaving that save unsent in the vault put back', async () => {
    const { vault, path, dir, folder, backupPath } = await syncedWithBackup();
    vault.clients.create({ name: 'Sent by the restore' });
    const device = thisDeviceId(vault.syncContext());
    const steps = restoreHandover(() => vault.syncContext(), folder);
    const restoring = restoreBackup({
      vaultPath: path,
      backupPath,
      passphrase: PASSPHRASE,
      vault,
      clock: systemClock,
      sync: {
        ...steps,
        async beforeReplace() {
          await steps.beforeReplace();
          expect(unsent(vault)).toBe(0);
          vault.clients.create({ name: 'Saved during the send' });
        },
      },
    });
    await expect(restoring).rejects.toMatchObject({ code: 'SYNC_UNSENT' });

    expect(vault.state()).toBe('locked');
    expect(readdirSync(dir).filter((name) => name.includes('.restoring-') || name.includes('.replaced-'))).toEqual([]);
    await vault.unlock(PASSPHRASE);
    expect(vault.clients.list().map((client) => client.name).sort()).toEqual(['Saved before the backup', 'Saved during the send', 'Sent by the restore']);
    expect(thisDeviceId(vault.syncContext())).toBe(device);
    expect(unsent(vault)).toBeGreaterThan(0);
  });

  it('refuses the restore while a key rotation re-encrypts, changing nothing, and lets it through once the rotation is done', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { vault, path, dir, folder, backupPath } = await syncedWithBackup({ rotation: { batchRows: 1, betweenBatches: () => held } });
    vault.clients.create({ name: 'Saved during the rotation' });
    const device = thisDeviceId(vault.syncContext());
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    await vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    const restore = () =>
      restoreBackup({ vaultPath: path, backupPath, passphrase: PASSPHRASE, vault, clock: systemClock, sync: restoreHandover(() => vault.syncContext(), folder) });

    await expect(restore()).rejects.toMatchObject({ code: 'SYNC_UNSENT', message: expect.stringMatching(/^A key change is still re-encrypting this vault/) });
    expect(vault.state()).toBe('open+psychotherapy');
    expect(thisDeviceId(vault.syncContext())).toBe(device);
    expect(vault.clients.list().map((client) => client.name)).toContain('Saved during the rotation');
    expect(readdirSync(dir).filter((name) => name.includes('.restoring-') || name.includes('.replaced-'))).toEqual([]);

    release();
    await vault.rotationSettled();
    await restore();
    expect(thisDeviceId(vault.syncContext())).not.toBe(device);
  });

  it('gives the restored copy a new device id, a fresh batch counter and every stamp it holds marked sent', async () => {
    const { vault, path, folder, backupPath } = await syncedWithBackup();
    const device = thisDeviceId(vault.syncContext());
    await restoreBackup({ vaultPath: path, backupPath, passphrase: PASSPHRASE, vault, clock: systemClock, sync: restoreHandover(() => vault.syncContext(), folder) });

    const ctx = vault.syncContext();
    expect(thisDeviceId(ctx)).not.toBe(device);
    expect(ctx.db.prepare('SELECT last_batch_seq AS seq FROM sync_state').get()).toEqual({ seq: 0 });
    expect(ctx.db.prepare("SELECT count(*) AS n FROM sync_versions WHERE exported = 0 AND table_name <> 'audit_log'").get()).toEqual({ n: 0 });
  });
});
