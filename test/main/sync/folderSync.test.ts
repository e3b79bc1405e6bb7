/*
 * Three devices, each with its own copy of the synced folder, and a sync tool
 * between them that delivers files late, half-copied, twice, or as
 * `.sync-conflict-` copies. After the tool has finished copying, every
 * device holds the same rows and both texts of a draft edited offline on
 * two devices survive.
 */
import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncKey } from '../../../main/sync/batch';
import { deriveSyncKey } from '../../../main/sync/batch';
import { MemoryImportedSet, vaultFolder } from '../../../main/sync/folder';
import { FolderSync } from '../../../main/sync/folderSync';
import { HybridClock } from '../../../main/sync/hlc';
import { SyncReplica } from '../../../main/sync/replica';
import { MemoryRowStore } from '../../../main/sync/rowStore';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { tempDir } from '../../helpers/tempVault';
import { DEVICE_A, DEVICE_B, DEVICE_C, fakeSealed, hexId, T0, VAULT_ID } from './fixtures';
import type { Delivery } from './syncTool';
import { syncTool } from './syncTool';

const HOUR = 3_600_000;
const NOTE = hexId(1);
const SESSION = hexId(2);
const CLIENT = hexId(3);

let sodium: Sodium;
let key: SyncKey;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  sodium = await loadSodium();
  key = deriveSyncKey(sodium, { version: 1, key: sodium.crypto_aead_xchacha20poly1305_ietf_keygen() });
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

class Device {
  time: number;
  readonly replica: SyncReplica;
  readonly sync: FolderSync;

  constructor(
    readonly id: string,
    readonly root: string,
    skew: number,
  ) {
    this.time = T0 + skew;
    this.replica = new SyncReplica(new MemoryRowStore(), new HybridClock(id, { now: () => this.time }));
    this.sync = new FolderSync({
      sodium,
      root,
      vaultId: VAULT_ID,
      replica: this.replica,
      imported: new MemoryImportedSet(),
      sealingKey: () => key,
      keyFor: (version) => (version === key.version ? key : undefined),
    });
  }

  get store(): MemoryRowStore {
    return this.replica.store as MemoryRowStore;
  }

  edit(text: string): void {
    this.replica.save({ table: 'progress_notes', rowId: NOTE, parentId: SESSION, sealed: fakeSealed(text) });
  }
}

function setup(skews: number[]): Device[] {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return [DEVICE_A, DEVICE_B, DEVICE_C].map((id, index) => {
    const root = vaultFolder(join(dir, `copy-${index}`), VAULT_ID);
    mkdirSync(root, { recursive: true });
    return new Device(id, root, skews[index]!);
  });
}

function textOf(version: { sealed: { ciphertext: Uint8Array } | null } | undefined): string {
  return Buffer.from(version?.sealed?.ciphertext ?? []).toString().split(':')[0]!;
}

function state(device: Device) {
  return {
    rows: [...device.store.rows.entries()].sort(([a], [b]) => a.localeCompare(b)),
    conflicts: [...device.store.conflicts.keys()].sort(),
  };
}

async function settle(devices: Device[]): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    syncTool(devices, () => 'whole');
    for (const device of devices) await device.sync.exchange();
    syncTool(devices, () => 'whole');
    const refused = [];
    for (const device of devices) refused.push(...(await device.sync.receive()).refused);
    expect(refused).toEqual([]);
    if (devices.every((device) => device.replica.pending() === 0)) return;
  }
  throw new Error('the devices did not settle');
}

describe('three devices through copies of a synced folder', () => {
  it('keep the draft edited offline on two devices as the later text plus a visible conflict, on every device', async () => {
    const devices = setup([0, -2 * HOUR, 3 * HOUR]);
    const [a, b, c] = devices as [Device, Device, Device];
    a.edit('first draft');
    a.replica.save({ table: 'clients', rowId: CLIENT, parentId: null, sealed: fakeSealed('client v1') });
    await a.sync.exchange();
    syncTool(devices, () => 'whole');
    await b.sync.exchange();
    await c.sync.exchange();
    a.time += 10 * 60_000;
    b.time += 20 * 60_000;
    a.edit('laptop text');
    b.edit('desktop text');
    c.replica.save({ table: 'clients', rowId: CLIENT, parentId: null, sealed: fakeSealed('client v2') });
    for (const device of devices) await device.sync.send();
    const order: Delivery[] = ['half', 'conflictCopy', 'late', 'twice'];
    let next = 0;
    syncTool(devices, () => order[next++ % order.length]!);
    for (const device of devices) await device.sync.receive();
    await settle(devices);
    for (const device of devices) {
      expect(state(device)).toEqual(state(a));
      expect(textOf(device.store.current('progress_notes', NOTE))).toBe('laptop text');
      expect(device.store.conflictsOf('progress_notes', NOTE).map(textOf)).toEqual(['desktop text']);
      expect(textOf(device.store.current('clients', CLIENT))).toBe('client v2');
    }
  });

  it('converge whatever the sync tool does first, with hours of skew', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -4 * HOUR, max: 4 * HOUR }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.record({ device: fc.nat(2), edit: fc.boolean(), deliveries: fc.array(fc.constantFrom<Delivery>('late', 'half', 'whole', 'twice', 'conflictCopy'), { minLength: 1, maxLength: 8 }) }), { minLength: 1, maxLength: 6 }),
        async (skews, steps) => {
          const devices = setup(skews);
          let counter = 0;
          for (const step of steps) {
            const device = devices[step.device]!;
            device.time += 60_000;
            if (step.edit) device.edit(`text-${(counter += 1)}`);
            await device.sync.send();
            let pick = 0;
            syncTool(devices, () => step.deliveries[pick++ % step.deliveries.length]!);
            for (const other of devices) await other.sync.receive();
          }
          await settle(devices);
          const first = state(devices[0]!);
          for (const device of devices) expect(state(device)).toEqual(first);
        },
      ),
      { numRuns: 15 },
    );
  });
});
