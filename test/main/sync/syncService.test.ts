/*
 * The sync service runs exchanges on its timer and soon after the folder
 * changes (a real fs.watch), only while the vault is open, one at a time.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { vaultFolder } from '../../../main/sync/folder';
import type { SyncService } from '../../../main/sync/syncService';
import { createSyncService } from '../../../main/sync/syncService';
import { VaultReplica } from '../../../main/sync/vaultReplica';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import type { Vault } from '../../../main/vault/vaultApi';
import { openVault } from '../../../main/vault/vault';
import { createdVault, PASSPHRASE, tempDir } from '../../helpers/tempVault';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function serviceFor(vault: Vault, folder: string, intervalMs: number): SyncService {
  const service = createSyncService({
    context: () => (vault.state() !== 'locked' ? vault.syncContext() : null),
    folder: () => folder,
    intervalMs,
    settleMs: 50,
  });
  cleanups.push(() => service.stop());
  return service;
}

describe('the sync service', () => {
  it('sends on its timer and imports on folder events, and does nothing while the vault is locked', async () => {
    const made = await createdVault();
    cleanups.push(() => made.dispose());
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const copyPath = join(dir, 'second.sqlite');
    await made.vault.backupTo(copyPath);
    const raw = new Database(copyPath);
    new VaultReplica(raw, { now: Date.now }).becomeNewDevice();
    raw.close();
    const second = await openVault(copyPath, { kdf: DEFAULT_KDF_PARAMS });
    cleanups.push(() => second.close());
    await second.unlock(PASSPHRASE);
    const chosen = join(dir, 'synced');
    mkdirSync(chosen);

    const first = serviceFor(made.vault, chosen, 100);
    const other = serviceFor(second, chosen, 3_600_000);
    first.start();
    await eventually(() => first.status().lastExchangeAt !== null);
    other.start();
    await eventually(() => other.status().lastExchangeAt !== null);

    const client = made.vault.clients.create({ name: 'Watched Client' });
    const ownFolder = join(vaultFolder(chosen, made.vault.id()!), 'devices');
    await eventually(() => existsSync(ownFolder) && readdirSync(ownFolder).length > 0 && first.status().unsent === 0);
    await eventually(() => {
      try {
        // An exchange imports before it sends: the status settles once its sending is done.
        return second.clients.get(client.id).name === 'Watched Client' && !other.status().running;
      } catch {
        return false;
      }
    });
    expect(other.status()).toMatchObject({ running: false, lastError: null, conflicts: 0 });

    await second.lock();
    expect(await other.runNow()).toBeNull();
  });

  it('writes a snapshot when compaction is due, and not again before the next is', async () => {
    const made = await createdVault();
    cleanups.push(() => made.dispose());
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    let time = Date.now();
    const service = createSyncService({
      context: () => made.vault.syncContext(),
      folder: () => dir,
      intervalMs: 3_600_000,
      compactEveryMs: 86_400_000,
      now: () => time,
    });
    cleanups.push(() => service.stop());
    made.vault.clients.create({ name: 'Snapshot Client' });
    await service.runNow();
    const own = join(vaultFolder(dir, made.vault.id()!), 'devices', new VaultReplica(made.vault.syncContext().db, { now: Date.now }).device);
    const snapshots = () => readdirSync(own).filter((name) => name.startsWith('s-'));
    expect(snapshots()).toHaveLength(1);
    made.vault.clients.create({ name: 'Another Client' });
    await service.runNow();
    expect(snapshots()).toHaveLength(1);
    time += 86_400_000;
    await service.runNow();
    expect(snapshots()).toEqual([expect.stringMatching(/^s-000000000002-0001\.tvss$/)]);
  });
});
