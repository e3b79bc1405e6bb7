/*
 * Compaction as the app runs it (syncControl): after an exchange, once a day
 * counted from the last compaction (the first when this computer has no
 * snapshot in the folder), and stopped by a lock without leaving a part of a
 * snapshot behind, after which the other computer still converges.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatusView } from '../../../../shared/domain/sync';
import { SYNC_COMPACT_EVERY_MS } from '../../../../main/ipc/syncControl';
import { VaultReplica } from '../../../../main/sync/vaultReplica';
import { FLUSH_TIMEOUT_MS } from '../../../../main/vault/lockController';
import { data, syncComputers } from '../../../helpers/syncComputers';
import { PASSPHRASE } from '../../../helpers/tempVault';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

let time = Date.now();
const { firstComputer, joinedComputer } = syncComputers((cleanup) => void cleanups.push(cleanup), { intervalMs: 3_600_000, now: () => time });

function ownFiles(folder: string, vaultId: string, device: string): string[] {
  return readdirSync(join(folder, `therapist-vault-${vaultId}`, 'devices', device)).sort();
}

const snapshots = (names: string[]) => names.filter((name) => name.startsWith('s-'));

describe('compaction in the app', () => {
  it('runs after an exchange when this computer has no snapshot, then again once SYNC_COMPACT_EVERY_MS has passed', { timeout: 120_000 }, async () => {
    time = Date.now();
    const first = await firstComputer();
    first.vault.clients.create({ name: 'Compacted Client' });
    const { device } = data<SyncStatusView>(await first.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' }));
    await first.dispatch('sync.runNow', {});
    const files = () => ownFiles(first.folder, first.vault.id()!, device.id!);
    const initial = snapshots(files());
    expect(initial).toHaveLength(1);

    first.vault.clients.create({ name: 'A Later Client' });
    await first.dispatch('sync.runNow', {});
    time += SYNC_COMPACT_EVERY_MS - 60_000;
    await first.dispatch('sync.runNow', {});
    expect(snapshots(files())).toEqual(initial);

    time += 60_000;
    await first.dispatch('sync.runNow', {});
    const next = snapshots(files());
    expect(next).toHaveLength(1);
    expect(next[0]! > initial[0]!).toBe(true);
    // Every batch the snapshot covers is gone but the newest, which keeps this computer's numbering in the folder.
    expect(files().filter((name) => name.endsWith('.tvsb'))).toHaveLength(1);
  });

  it('a lock during compaction stops it with no snapshot part or temporary file left, and the other computer still converges', { timeout: 180_000 }, async () => {
    time = Date.now();
    const first = await firstComputer();
    for (let index = 0; index < 5; index += 1) first.vault.clients.create({ name: `Before The Lock ${index}` });
    const original = VaultReplica.prototype.versionsAfter;
    let locking: Promise<number> | null = null;
    vi.spyOn(VaultReplica.prototype, 'versionsAfter').mockImplementation(function (this: VaultReplica, ...args) {
      if (!locking) {
        const started = performance.now();
        locking = first.vault.lock().then(() => performance.now() - started);
      }
      return original.apply(this, args);
    });
    const { device } = data<SyncStatusView>(await first.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' }));
    await first.dispatch('sync.runNow', {}).catch(() => undefined);
    await vi.waitFor(() => expect(locking).not.toBeNull());
    // The compaction stopped at the lock's request: the lock did not have to wait out its flush time.
    expect(await locking).toBeLessThan(FLUSH_TIMEOUT_MS);
    expect(first.vault.state()).toBe('locked');
    const files = ownFiles(first.folder, first.vault.id()!, device.id!);
    expect(files.filter((name) => !/^b-\d{12}\.tvsb$/.test(name))).toEqual([]);
    expect(files.length).toBeGreaterThan(0);

    vi.restoreAllMocks();
    await first.vault.unlock(PASSPHRASE);
    await first.dispatch('sync.runNow', {});
    expect(snapshots(ownFiles(first.folder, first.vault.id()!, device.id!))).toHaveLength(1);

    const laptop = await joinedComputer(first.folder, 'Laptop');
    laptop.vault.clients.create({ name: 'Written On The Laptop' });
    await laptop.dispatch('sync.runNow', {});
    await first.dispatch('sync.runNow', {});
    await laptop.dispatch('sync.runNow', {});
    const names = (computer: typeof first | typeof laptop) => computer.vault.clients.list().map((client) => client.name).sort();
    expect(names(first)).toContain('Written On The Laptop');
    expect(names(laptop)).toEqual(names(first));
    expect(names(first)).toHaveLength(6);
  });
});
