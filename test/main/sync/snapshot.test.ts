/*
 * Snapshots with real vaults and a sync tool that delivers late, half, twice,
 * as `.sync-conflict-` copies, and carries deletions: a device compacts its
 * folder once the others report its batches merged; a device joining later
 * reads the snapshot and the batches after it; a device offline past the
 * compaction reads the snapshot when it comes back, its offline saves go out,
 * and every device ends with the same rows.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markReplaced } from '../../../main/sync/devices';
import { batchName } from '../../../main/sync/folder';
import { joinFromFolder } from '../../../main/sync/join';
import { compactFolder, IDLE_DEVICE_MS } from '../../../main/sync/snapshot';
import { exchange } from '../../../main/sync/vaultFolderSync';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import type { Vault } from '../../../main/vault/vaultApi';
import { PASSPHRASE, PSYCH_PASSPHRASE, tempDir } from '../../helpers/tempVault';
import type { Delivery } from './syncTool';
import { syncTool } from './syncTool';
import type { Device } from './vaultDevices';
import { addClientsWithNotes, devices, HOUR, settle } from './vaultDevices';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function adversarial(): () => Delivery {
  const order: Delivery[] = ['late', 'half', 'twice', 'conflictCopy', 'whole', 'half', 'late'];
  let next = 0;
  return () => order[next++ % order.length]!;
}

/** What every device must agree on: the stamp of every row, and each client's name. */
function state(vault: Vault) {
  const db = vault.syncContext().db;
  return {
    versions: db.prepare('SELECT table_name, row_id, hex(hlc) AS hlc, device_id, flags FROM sync_versions ORDER BY 1, 2').all(),
    clients: vault.clients.list().map((client) => client.name).sort(),
  };
}

function ownFiles(device: Device): string[] {
  const folder = join(device.root, 'devices', device.id);
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

describe('snapshots', () => {
  it('let a device drop the batches every device has merged, and a device joining later reads the snapshot and the batches after it', { timeout: 180_000 }, async () => {
    const [a, b] = await devices([0, HOUR], cleanups);
    await a!.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    addClientsWithNotes(a!, 'First', 3);
    addClientsWithNotes(b!, 'Second', 2);
    await settle([a!, b!], adversarial());
    addClientsWithNotes(a!, 'More', 2);
    await settle([a!, b!], adversarial());
    // A device reports what it merged in its next batch.
    addClientsWithNotes(b!, 'Reply', 1);
    await settle([a!, b!], adversarial());

    const compaction = await compactFolder(a!.ctx, a!.chosen);
    expect(compaction.snapshot).not.toBeNull();
    expect(compaction.deleted.length).toBeGreaterThan(0);
    const files = ownFiles(a!);
    expect(files.some((name) => name.startsWith('s-'))).toBe(true);
    for (const seq of compaction.deleted) expect(files).not.toContain(batchName(seq));

    addClientsWithNotes(a!, 'After Compaction', 1);
    await exchange(a!.ctx, a!.chosen);
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const joinCopy = { id: 'f'.repeat(32), root: join(dir, 'synced', `therapist-vault-${a!.vault.id()}`) };
    for (let round = 0; round < 4; round += 1) syncTool([a!, b!, joinCopy], adversarial());
    syncTool([a!, b!, joinCopy], () => 'whole');
    expect(readdirSync(join(joinCopy.root, 'devices', a!.id)).some((name) => name.startsWith('b-000000000001'))).toBe(false);

    const joined = await joinFromFolder({ chosenFolder: join(dir, 'synced'), passphrase: PASSPHRASE, path: join(dir, 'joined.sqlite'), deviceName: 'Later laptop', vaultOptions: { kdf: DEFAULT_KDF_PARAMS } });
    cleanups.push(() => joined.close());
    await settle([a!, b!]);
    expect(state(joined).clients).toEqual(state(a!.vault).clients);
    expect(state(joined).clients).toContain('After Compaction 0');
    const joinedVersions = state(joined).versions.filter((row) => (row as { table_name: string }).table_name !== 'audit_log' && (row as { table_name: string }).table_name !== 'sync_devices');
    const firstVersions = state(a!.vault).versions.filter((row) => (row as { table_name: string }).table_name !== 'audit_log' && (row as { table_name: string }).table_name !== 'sync_devices');
    expect(joinedVersions).toEqual(firstVersions);
  });

  it('bring back a device that was offline past the compaction: it reads the snapshot, sends its offline saves, and all converge', { timeout: 180_000 }, async () => {
    const [a, b, d] = await devices([0, HOUR, -2 * HOUR], cleanups);
    addClientsWithNotes(a!, 'Shared', 2);
    await settle([a!, b!, d!], adversarial());
    addClientsWithNotes(d!, 'Offline On D', 2);
    for (let round = 0; round < 3; round += 1) {
      addClientsWithNotes(a!, `Round ${round} A`, 2);
      addClientsWithNotes(b!, `Round ${round} B`, 1);
      await settle([a!, b!], adversarial());
    }
    const held = await compactFolder(a!.ctx, a!.chosen);
    expect(held.deleted).toEqual([]);
    const compaction = await compactFolder(a!.ctx, a!.chosen, Date.now() + IDLE_DEVICE_MS + HOUR);
    expect(compaction.deleted.length).toBeGreaterThan(0);
    syncTool([a!, b!, d!], () => 'whole');
    expect(readdirSync(join(d!.root, 'devices', a!.id))).not.toContain(batchName(1));

    await settle([a!, b!, d!], adversarial());
    const [first, ...others] = [a!, b!, d!].map((device) => state(device.vault));
    for (const other of others) expect(other).toEqual(first);
    expect(first!.clients).toEqual(expect.arrayContaining(['Offline On D 0', 'Offline On D 1', 'Round 2 A 1', 'Round 2 B 0']));
  });
  it('do not wait for a device id a restore replaced: it writes nothing more, so it holds back no deletion', { timeout: 180_000 }, async () => {
    const [a, b, d] = await devices([0, HOUR, -2 * HOUR], cleanups);
    addClientsWithNotes(a!, 'Shared', 2);
    await settle([a!, b!, d!], adversarial());
    for (let round = 0; round < 2; round += 1) {
      addClientsWithNotes(a!, `Round ${round} A`, 2);
      addClientsWithNotes(b!, `Round ${round} B`, 1);
      await settle([a!, b!], adversarial());
    }
    expect((await compactFolder(a!.ctx, a!.chosen)).deleted).toEqual([]);

    markReplaced(a!.ctx, d!.id, 'Office desktop');
    const compaction = await compactFolder(a!.ctx, a!.chosen);
    expect(compaction.deleted.length).toBeGreaterThan(0);
    for (const seq of compaction.deleted) expect(ownFiles(a!)).not.toContain(batchName(seq));
  });
});
