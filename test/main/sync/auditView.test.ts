/*
 * The merged audit view with two real vaults, the second joined from the
 * folder: each device keeps its own chain, the other's entries arrive through
 * batches, and the view shows both chains in time order with each device's
 * name, every link checked; an altered entry of the other chain shows as
 * broken there, and a missing one as a gap.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mergedAudit } from '../../../main/sync/auditView';
import { nameThisDevice, thisDeviceId } from '../../../main/sync/devices';
import { joinFromFolder } from '../../../main/sync/join';
import { exchange } from '../../../main/sync/vaultFolderSync';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { createdVault, PASSPHRASE, tempDir } from '../../helpers/tempVault';

const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function twoDevices() {
  let firstTime = T0;
  let secondTime = T0 + 30_000;
  const made = await createdVault({ clock: { now: () => firstTime } });
  cleanups.push(() => made.dispose());
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const elsewhere = tempDir();
  cleanups.push(elsewhere.cleanup);
  const first = made.vault;
  nameThisDevice(first.syncContext(), 'Office desktop');
  await exchange(first.syncContext(), dir);
  const second = await joinFromFolder({
    chosenFolder: dir,
    passphrase: PASSPHRASE,
    path: join(elsewhere.dir, 'second.sqlite'),
    deviceName: 'Laptop',
    vaultOptions: { kdf: DEFAULT_KDF_PARAMS, clock: { now: () => secondTime } },
  });
  cleanups.push(() => second.close());
  return {
    first,
    second,
    chosen: dir,
    tick(ms: number) {
      firstTime += ms;
      secondTime += ms;
    },
  };
}

describe('the merged audit view', () => {
  it('shows both devices’ chains in time order, each entry with its device’s name and its link checked', async () => {
    const { first, second, chosen, tick } = await twoDevices();
    tick(60_000);
    first.audit.record('backup.created', { kind: 'manual' });
    tick(60_000);
    second.audit.record('export.created', { pages: 2 });
    tick(60_000);
    first.audit.record('passphrase.changed', { compartment: 'progress', method: 'passphrase' });
    await exchange(second.syncContext(), chosen);
    await exchange(first.syncContext(), chosen);

    const view = mergedAudit(first.syncContext());
    expect(view.unreadable).toBe(0);
    const names = new Set(view.entries.map((entry) => entry.deviceName));
    expect(names).toEqual(new Set(['Office desktop', 'Laptop']));
    expect(view.entries.every((entry) => entry.link === 'verified')).toBe(true);
    const times = view.entries.map((entry) => entry.at);
    expect(times).toEqual([...times].sort());
    const tail = view.entries.slice(-3).map((entry) => [entry.deviceName, entry.event]);
    expect(tail).toEqual([
      ['Office desktop', 'backup.created'],
      ['Laptop', 'export.created'],
      ['Office desktop', 'passphrase.changed'],
    ]);
    const laptopSeqs = view.entries.filter((entry) => entry.deviceName === 'Laptop').map((entry) => entry.seq);
    expect(laptopSeqs[0]).toBe(1);
  });

  it('marks an altered entry of the other chain as broken and a missing one as a gap', async () => {
    const { first, second, chosen, tick } = await twoDevices();
    for (let index = 0; index < 3; index += 1) {
      tick(60_000);
      second.audit.record('export.created', { pages: index });
    }
    await exchange(second.syncContext(), chosen);
    await exchange(first.syncContext(), chosen);
    const db = first.syncContext().db;
    const laptop = thisDeviceId(second.syncContext());
    const seqs = db.prepare('SELECT seq FROM sync_audit WHERE device_id = ? ORDER BY seq').pluck().all(laptop) as number[];
    expect(seqs.length).toBeGreaterThanOrEqual(4);
    db.prepare('UPDATE sync_audit SET mac = zeroblob(32) WHERE device_id = ? AND seq = ?').run(laptop, seqs[1]);
    db.prepare('DELETE FROM sync_audit WHERE device_id = ? AND seq = ?').run(laptop, seqs[2]);

    const links = new Map(
      mergedAudit(first.syncContext())
        .entries.filter((entry) => entry.device === laptop)
        .map((entry) => [entry.seq, entry.link]),
    );
    expect([links.get(seqs[0]!), links.get(seqs[1]!), links.has(seqs[2]!), links.get(seqs[3]!)]).toEqual(['verified', 'broken', false, 'gap']);
  });
});
