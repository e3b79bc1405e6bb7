/*
 * The property docs/SYNC.md section 5 promises: with 2-3 devices saving
 * concurrently and a transport that delivers sealed batch files late, twice,
 * out of order, truncated or renamed, once every file has reached every
 * device all devices hold the same rows, conflicts and dismissals, and no
 * acknowledged save is lost.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncKey } from '../../../main/sync/batch';
import { deriveSyncKey, openBatch, sealBatch } from '../../../main/sync/batch';
import type { RowVersion, SyncTable } from '../../../main/sync/changes';
import { conflictKey, hasSeen, MERGE_KIND } from '../../../main/sync/changes';
import { MemoryImportedSet } from '../../../main/sync/folder';
import { compareStamps, HybridClock } from '../../../main/sync/hlc';
import { SyncReplica } from '../../../main/sync/replica';
import { MemoryRowStore } from '../../../main/sync/rowStore';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { SyncError } from '../../../shared/errors';
import { DEVICE_A, DEVICE_B, DEVICE_C, fakeSealed, hexId, T0, VAULT_ID } from './fixtures';

const HOUR = 3_600_000;
const SESSION = hexId(900);
const TEXT_ROWS: { table: SyncTable; rowId: string }[] = [
  { table: 'progress_notes', rowId: hexId(1) },
  { table: 'progress_notes', rowId: hexId(2) },
  { table: 'psychotherapy_notes', rowId: hexId(3) },
];
const LATEST_ROWS: { table: SyncTable; rowId: string }[] = [
  { table: 'clients', rowId: hexId(4) },
  { table: 'settings', rowId: hexId(5) },
];

let sodium: Sodium;
let key: SyncKey;

beforeAll(async () => {
  sodium = await loadSodium();
  key = deriveSyncKey(sodium, { version: 1, key: sodium.crypto_aead_xchacha20poly1305_ietf_keygen() });
});

type Op =
  | { kind: 'edit'; device: number; row: number; advance: number }
  | { kind: 'sign'; device: number; row: number; advance: number }
  | { kind: 'delete'; device: number; advance: number }
  | { kind: 'latest'; device: number; row: number; advance: number }
  | { kind: 'addendum'; device: number; advance: number }
  | { kind: 'resolve'; device: number; advance: number }
  | { kind: 'flush'; device: number }
  | { kind: 'syncAll' }
  | { kind: 'deliver'; device: number; file: number; mode: 'whole' | 'twice' | 'truncated' | 'renamed' | 'replay' };

const device = fc.nat(2);
const advance = fc.integer({ min: 0, max: HOUR });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('edit' as const), device, row: fc.nat(2), advance }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sign' as const), device, row: fc.nat(1), advance }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), device, advance }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('latest' as const), device, row: fc.nat(1), advance }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addendum' as const), device, advance }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resolve' as const), device, advance }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('syncAll' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flush' as const), device }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('deliver' as const),
      device,
      file: fc.nat(),
      mode: fc.constantFrom('whole' as const, 'twice' as const, 'truncated' as const, 'renamed' as const, 'replay' as const),
    }),
  },
);

interface PublishedFile {
  device: string;
  seq: number;
  bytes: Uint8Array;
}

class Device {
  time: number;
  readonly replica: SyncReplica;
  readonly imported = new MemoryImportedSet();
  private seq = 0;

  constructor(
    readonly id: string,
    skew: number,
  ) {
    this.time = T0 + skew;
    this.replica = new SyncReplica(new MemoryRowStore(), new HybridClock(id, { now: () => this.time }));
  }

  get store(): MemoryRowStore {
    return this.replica.store as MemoryRowStore;
  }

  async flush(publish: (file: PublishedFile) => void): Promise<void> {
    await this.replica.flush(async (changes) => {
      const seq = this.seq + 1;
      const bytes = sealBatch(sodium, key, { vaultId: VAULT_ID, device: this.id, seq }, { frontier: this.imported.frontier(), changes });
      publish({ device: this.id, seq, bytes });
      this.seq = seq;
    });
  }

  /** Reads one file as the folder import does: refused files stay unimported, imported ones are skipped. */
  receive(file: PublishedFile, options: { seq?: number; bytes?: Uint8Array; ignoreImported?: boolean } = {}): string {
    if (file.device === this.id) return 'own';
    const seq = options.seq ?? file.seq;
    if (!options.ignoreImported && this.imported.has(file.device, seq)) return 'skipped';
    try {
      const { body } = openBatch(sodium, (version) => (version === key.version ? key : undefined), { vaultId: VAULT_ID, device: file.device, seq }, options.bytes ?? file.bytes);
      this.replica.import(body.changes);
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      return error.code;
    }
    this.imported.add(file.device, seq);
    return 'imported';
  }
}

function textOf(seed: string): ReturnType<typeof fakeSealed> {
  return fakeSealed(seed);
}

async function run(deviceCount: number, skews: number[], ops: Op[]) {
  const devices = [DEVICE_A, DEVICE_B, DEVICE_C].slice(0, deviceCount).map((id, index) => new Device(id, skews[index]!));
  const files: PublishedFile[] = [];
  const acked: RowVersion[] = [];
  /** Suggestions the therapist turned into addenda: handled by a decision, not lost. */
  const handled = new Set<string>();
  let counter = 0;
  const publish = (file: PublishedFile) => files.push(file);
  /** Every file reaches every device, and the conflict copies those imports produce do too. */
  const syncAll = async () => {
    for (let round = 0; ; round += 1) {
      expect(round).toBeLessThan(10);
      for (const dev of devices) await dev.flush(publish);
      for (const dev of devices) for (const file of files) dev.receive(file);
      if (devices.every((dev) => dev.replica.pending() === 0)) break;
    }
  };

  for (const step of ops) {
    if (step.kind === 'syncAll') {
      await syncAll();
      continue;
    }
    const dev = devices[step.device % deviceCount]!;
    if ('advance' in step) dev.time += step.advance;
    counter += 1;
    switch (step.kind) {
      case 'edit': {
        const { table, rowId } = TEXT_ROWS[step.row]!;
        const current = dev.store.current(table, rowId);
        if (current?.final || (current && current.sealed === null)) break;
        acked.push(dev.replica.save({ table, rowId, parentId: SESSION, sealed: textOf(`edit-${counter}`) }));
        break;
      }
      case 'sign': {
        const { table, rowId } = TEXT_ROWS[step.row]!;
        const current = dev.store.current(table, rowId);
        if (!current || current.final) break;
        acked.push(dev.replica.save({ table, rowId, parentId: SESSION, sealed: textOf(`signed-${counter}`), final: true }));
        break;
      }
      case 'delete': {
        const { table, rowId } = TEXT_ROWS[2]!;
        const current = dev.store.current(table, rowId);
        if (!current || current.sealed === null) break;
        acked.push(dev.replica.save({ table, rowId, parentId: SESSION, sealed: null }));
        break;
      }
      case 'latest': {
        const { table, rowId } = LATEST_ROWS[step.row]!;
        acked.push(dev.replica.save({ table, rowId, parentId: null, sealed: textOf(`latest-${counter}`) }));
        break;
      }
      case 'addendum':
        acked.push(dev.replica.save({ table: 'addenda', rowId: hexId(1000 + counter), parentId: hexId(1), sealed: textOf(`addendum-${counter}`) }));
        break;
      case 'resolve': {
        const conflict = [...dev.store.conflicts.values()].sort((a, b) => compareStamps(a.stamp, b.stamp))[0];
        if (!conflict) break;
        const current = dev.store.current(conflict.table, conflict.rowId);
        const write = { table: conflict.table, rowId: conflict.rowId, parentId: SESSION, sealed: textOf(`resolved-${counter}`) };
        if (current?.final) {
          acked.push(dev.replica.save({ table: 'addenda', rowId: hexId(5000 + counter), parentId: conflict.rowId, sealed: textOf(`suggested-${counter}`) }));
          dev.replica.dismiss(conflict);
          handled.add(conflictKey(conflict));
          break;
        }
        acked.push(dev.replica.resolve(conflict, write));
        break;
      }
      case 'flush':
        await dev.flush(publish);
        break;
      case 'deliver': {
        if (files.length === 0) break;
        const file = files[step.file % files.length]!;
        if (file.device === dev.id) break;
        if (step.mode === 'truncated') {
          const outcome = dev.receive(file, { bytes: file.bytes.subarray(0, file.bytes.length - 1 - (step.file % 50)) });
          expect(['SYNC_TRUNCATED', 'skipped']).toContain(outcome);
        } else if (step.mode === 'renamed') {
          expect(['SYNC_MISPLACED', 'skipped']).toContain(dev.receive(file, { seq: file.seq + 1 + (step.file % 3) }));
        } else {
          dev.receive(file, { ignoreImported: step.mode === 'replay' });
          if (step.mode === 'twice') expect(dev.receive(file)).toBe('skipped');
        }
        break;
      }
    }
  }

  await syncAll();
  return { devices, acked, handled };
}

function snapshot(store: MemoryRowStore) {
  return {
    rows: [...store.rows.entries()].sort(([a], [b]) => a.localeCompare(b)),
    conflicts: [...store.conflicts.keys()].sort(),
    dismissed: [...store.dismissed].sort(),
  };
}

function sameVersion(a: RowVersion | undefined, b: RowVersion): boolean {
  return a !== undefined && compareStamps(a.stamp, b.stamp) === 0;
}

function expectNoSaveLost(store: MemoryRowStore, acked: RowVersion[], handled: Set<string>): void {
  const preserved = new Map<RowVersion, boolean>();
  const newestFirst = [...acked].sort((a, b) => compareStamps(b.stamp, a.stamp));
  for (const save of newestFirst) {
    const row = (v: RowVersion) => v.table === save.table && v.rowId === save.rowId;
    const kept =
      sameVersion(store.current(save.table, save.rowId), save) ||
      store.conflicts.has(conflictKey(save)) ||
      handled.has(conflictKey(save)) ||
      newestFirst.some((later) => later !== save && row(later) && hasSeen(later, save) && preserved.get(later) === true);
    preserved.set(save, kept);
  }
  for (const save of acked) {
    const kind = MERGE_KIND[save.table];
    const current = store.current(save.table, save.rowId);
    if (kind === 'insert-only') expect(sameVersion(current, save)).toBe(true);
    if (kind === 'latest') {
      const newest = acked.filter((v) => v.table === save.table && v.rowId === save.rowId).sort((a, b) => compareStamps(b.stamp, a.stamp))[0]!;
      expect(sameVersion(current, newest)).toBe(true);
    }
    if (kind === 'text' && save.sealed !== null) expect(preserved.get(save), `save ${conflictKey(save)} lost`).toBe(true);
    if (save.final) expect(current?.final).toBe(true);
  }
}

describe('sync convergence', () => {
  it('leaves every device with the same rows and loses no acknowledged save, under an adversarial transport and hours of skew', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3 }),
        fc.array(fc.integer({ min: -6 * HOUR, max: 6 * HOUR }), { minLength: 3, maxLength: 3 }),
        fc.array(op, { minLength: 1, maxLength: 60, size: 'max' }),
        async (deviceCount, skews, ops) => {
          const { devices, acked, handled } = await run(deviceCount, skews, ops);
          const first = snapshot(devices[0]!.store);
          for (const dev of devices.slice(1)) expect(snapshot(dev.store)).toEqual(first);
          for (const dev of devices) expectNoSaveLost(dev.store, acked, handled);
        },
      ),
      { numRuns: 150 },
    );
  });
});
