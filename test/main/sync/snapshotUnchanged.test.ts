/*
 * The day's compaction with nothing new (docs/SYNC.md section 6), with real
 * vaults through copies of a folder: while every batch written or merged
 * since this device's newest snapshot holds only unlock, lock and
 * psychotherapy-opened audit entries, no snapshot is written (its files stay
 * byte for byte) and the batches the others now report merged are still
 * deleted; a save, a rename of a computer or a passphrase change anywhere
 * brings a new snapshot, and a device joining from the folder has every row.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nameThisDevice } from '../../../main/sync/devices';
import { batchName } from '../../../main/sync/folder';
import { joinFromFolder } from '../../../main/sync/join';
import { compactFolder } from '../../../main/sync/snapshot';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { PASSPHRASE, PSYCH_PASSPHRASE, tempDir } from '../../helpers/tempVault';
import { syncTool } from './syncTool';
import type { Device } from './vaultDevices';
import { addClients, devices, HOUR, settle } from './vaultDevices';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** This device's snapshot parts, name -> bytes. */
function snapshotFiles(device: Device): Map<string, Buffer> {
  const folder = join(device.root, 'devices', device.id);
  return new Map(
    readdirSync(folder)
      .filter((name) => name.startsWith('s-'))
      .map((name) => [name, readFileSync(join(folder, name))]),
  );
}

function ownBatches(device: Device): string[] {
  return readdirSync(join(device.root, 'devices', device.id)).filter((name) => name.startsWith('b-'));
}

/** Locks and unlocks, opening the psychotherapy notes again: three audit entries and nothing else. */
async function relock(device: Device): Promise<void> {
  await device.vault.lock();
  await device.vault.unlock(PASSPHRASE);
  await device.vault.openPsychotherapy(PSYCH_PASSPHRASE);
  device.later(60_000);
}

describe('compaction with nothing new since the last snapshot', () => {
  it('writes no snapshot while only unlocks and locks happened, still deletes what became deletable, and writes one after a change', { timeout: 180_000 }, async () => {
    const [a, b] = (await devices([0, HOUR], cleanups)) as [Device, Device];
    addClients(a, 'First', 2);
    await settle([a, b]);
    addClients(a, 'Second', 1);
    await settle([a, b]);

    const first = await compactFolder(a.ctx, a.chosen);
    expect(first.snapshot).not.toBeNull();
    const written = snapshotFiles(a);
    expect(written.size).toBeGreaterThan(0);
    const batchesBefore = ownBatches(a);

    // b reports a's batches merged in a batch of audit entries alone; a locks and unlocks too.
    await relock(b);
    await relock(a);
    await settle([a, b]);
    const second = await compactFolder(a.ctx, a.chosen);
    expect(second.snapshot).toBe(first.snapshot);
    expect(snapshotFiles(a)).toEqual(written);
    expect(second.deleted.length).toBeGreaterThan(0);
    for (const seq of second.deleted) expect(batchesBefore).toContain(batchName(seq));
    expect(ownBatches(a).length).toBeLessThan(batchesBefore.length);

    // A device joining now reads the kept snapshot and the batches after it.
    syncTool([a, b], () => 'whole');
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const joined = await joinFromFolder({ chosenFolder: a.chosen, passphrase: PASSPHRASE, path: join(dir, 'joined.sqlite'), deviceName: 'Later laptop', vaultOptions: { kdf: DEFAULT_KDF_PARAMS } });
    cleanups.push(() => joined.close());
    expect(joined.clients.list().map((client) => client.name).sort()).toEqual(a.vault.clients.list().map((client) => client.name).sort());

    addClients(b, 'Third', 1);
    await settle([a, b]);
    await compactFolder(a.ctx, a.chosen);
    expect(snapshotFiles(a)).not.toEqual(written);
  });

  it('writes a new snapshot after a rename of a computer or a passphrase change, though no record changed', { timeout: 180_000 }, async () => {
    const [a, b] = (await devices([0, HOUR], cleanups)) as [Device, Device];
    addClients(a, 'First', 1);
    await settle([a, b]);
    await compactFolder(a.ctx, a.chosen);
    const first = snapshotFiles(a);

    nameThisDevice(b.ctx, 'Laptop');
    await settle([a, b]);
    await compactFolder(a.ctx, a.chosen);
    const renamed = snapshotFiles(a);
    expect(renamed).not.toEqual(first);

    await a.vault.changePassphrase({ compartment: 'psychotherapy', currentPassphrase: PSYCH_PASSPHRASE, newPassphrase: 'another long psychotherapy passphrase' });
    await settle([a, b]);
    const changed = await compactFolder(a.ctx, a.chosen);
    expect(snapshotFiles(a)).not.toEqual(renamed);
    expect(snapshotFiles(a).size).toBeGreaterThan(0);
    expect(changed.snapshot).not.toBeNull();
  });
});
