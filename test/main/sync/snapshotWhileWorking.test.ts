/*
 * A snapshot is read a page at a time while the vault keeps working: a save
 * that lands between two pages is not lost (it goes out in a later batch and
 * a device joining from the snapshot gets it), and a stop between pages or
 * while parts are written leaves no snapshot part and no temporary file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { joinFromFolder } from '../../../main/sync/join';
import { compactFolder, writeSnapshot } from '../../../main/sync/snapshot';
import { exchange } from '../../../main/sync/vaultFolderSync';
import { VaultReplica } from '../../../main/sync/vaultReplica';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import type { Vault } from '../../../main/vault/vaultApi';
import { PASSPHRASE, tempDir } from '../../helpers/tempVault';
import type { Device } from './vaultDevices';
import { addClientsWithNotes, devices } from './vaultDevices';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function rows(vault: Vault) {
  return {
    versions: vault
      .syncContext()
      .db.prepare("SELECT table_name, row_id, hex(hlc) AS hlc, device_id, flags FROM sync_versions WHERE table_name NOT IN ('audit_log', 'sync_devices') ORDER BY 1, 2")
      .all(),
    clients: vault.clients.list().map((client) => client.name).sort(),
  };
}

function ownFiles(device: Device): string[] {
  return readdirSync(join(device.root, 'devices', device.id)).sort();
}

/** Runs `during` once, between two pages of the snapshot, after the page of `table` was read. */
function betweenPages(table: string, during: () => void): void {
  const original = VaultReplica.prototype.versionsAfter;
  let done = false;
  vi.spyOn(VaultReplica.prototype, 'versionsAfter').mockImplementation(function (this: VaultReplica, ...args) {
    const page = original.apply(this, args);
    if (!done && args[0] === table) {
      done = true;
      setImmediate(during);
    }
    return page;
  });
}

describe('a snapshot while the vault keeps working', () => {
  it('keeps a save made between two pages: it goes out in a later batch, and a device joining from the snapshot gets it', { timeout: 120_000 }, async () => {
    const [a] = await devices([0], cleanups);
    addClientsWithNotes(a!, 'Before', 3);
    await exchange(a!.ctx, a!.chosen);
    const first = a!.vault.clients.list().find((client) => client.name === 'Before 0')!;
    betweenPages('sessions', () => {
      a!.vault.clients.update(first.id, { name: 'Renamed During Snapshot', chartNumber: first.chartNumber });
      a!.vault.clients.create({ name: 'Created During Snapshot' });
    });

    const compaction = await compactFolder(a!.ctx, a!.chosen);
    expect(compaction.snapshot).not.toBeNull();
    expect(a!.replica.unsentCount()).toBeGreaterThan(0);
    const sent = await exchange(a!.ctx, a!.chosen);
    expect(sent.sent[0]).toBeGreaterThan(compaction.snapshot!);
    expect(ownFiles(a!).filter((name) => name.startsWith('s-'))).not.toEqual([]);

    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const joined = await joinFromFolder({ chosenFolder: a!.chosen, passphrase: PASSPHRASE, path: join(dir, 'joined.sqlite'), deviceName: 'Later laptop', vaultOptions: { kdf: DEFAULT_KDF_PARAMS } });
    cleanups.push(() => joined.close());
    expect(rows(joined).clients).toEqual(expect.arrayContaining(['Renamed During Snapshot', 'Created During Snapshot']));
    expect(rows(joined).clients).not.toContain('Before 0');
    expect(rows(joined)).toEqual(rows(a!.vault));
  });

  it('stopped between two pages, leaves no part and no temporary file, and deletes no batch', { timeout: 120_000 }, async () => {
    const [a] = await devices([0], cleanups);
    addClientsWithNotes(a!, 'Kept', 3);
    await exchange(a!.ctx, a!.chosen);
    const before = ownFiles(a!);
    const stop = new AbortController();
    betweenPages('clients', () => stop.abort());

    expect(await compactFolder(a!.ctx, a!.chosen, Date.now(), stop.signal)).toEqual({ snapshot: null, deleted: [] });
    expect(ownFiles(a!)).toEqual(before);
  });

  it('stopped while its parts are written, leaves no part and no temporary file', { timeout: 120_000 }, async () => {
    const [a] = await devices([0], cleanups);
    addClientsWithNotes(a!, 'Kept', 3);
    await exchange(a!.ctx, a!.chosen);
    const before = ownFiles(a!);
    const stop = new AbortController();
    const original = VaultReplica.prototype.heldAndCopies;
    vi.spyOn(VaultReplica.prototype, 'heldAndCopies').mockImplementation(function (this: VaultReplica) {
      // The last read before the parts are sealed and written: the stop comes while the first part is being written.
      setImmediate(() => stop.abort());
      return original.apply(this);
    });

    expect(await writeSnapshot(a!.ctx, a!.chosen, stop.signal)).toBeNull();
    expect(ownFiles(a!)).toEqual(before);
  });
});
