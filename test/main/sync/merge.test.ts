import { describe, expect, it } from 'vitest';
import type { Change, RowVersion } from '../../../main/sync/changes';
import { HybridClock } from '../../../main/sync/hlc';
import { applyChange } from '../../../main/sync/merge';
import { SyncReplica } from '../../../main/sync/replica';
import { MemoryRowStore } from '../../../main/sync/rowStore';
import { DEVICE_A, DEVICE_B, fakeSealed, hexId, T0, version } from './fixtures';

const NOTE = hexId(10);
const SESSION = hexId(11);
const HOUR = 3_600_000;

function device(id: string, now: number) {
  let time = now;
  const clock = new HybridClock(id, { now: () => time });
  return { replica: new SyncReplica(new MemoryRowStore(), clock), setTime: (value: number) => (time = value) };
}

async function drain(replica: SyncReplica): Promise<Change[]> {
  let taken: Change[] = [];
  await replica.flush(async (changes) => {
    taken = changes;
  });
  return taken;
}

function store(replica: SyncReplica): MemoryRowStore {
  return replica.store as MemoryRowStore;
}

function draft(replica: SyncReplica, text: string, final = false): RowVersion {
  return replica.save({ table: 'progress_notes', rowId: NOTE, parentId: SESSION, sealed: fakeSealed(text), final });
}

function textOf(version: RowVersion | undefined): string {
  return Buffer.from(version?.sealed?.ciphertext ?? []).toString().split(':')[0]!;
}

async function exchange(from: SyncReplica, to: SyncReplica): Promise<void> {
  to.import(await drain(from));
}

describe('merge rules', async () => {
  it('keeps both texts when two devices edit one draft offline: the later stamp is the draft, the other a visible conflict', async () => {
    const a = device(DEVICE_A, T0);
    const b = device(DEVICE_B, T0);
    draft(a.replica, 'start');
    await exchange(a.replica, b.replica);
    a.setTime(T0 + 1000);
    b.setTime(T0 + 2000);
    draft(a.replica, 'laptop text');
    draft(b.replica, 'desktop text');
    const fromA = await drain(a.replica);
    const fromB = await drain(b.replica);
    a.replica.import(fromB);
    b.replica.import(fromA);
    for (const replica of [a.replica, b.replica]) {
      expect(textOf(replica.store.current('progress_notes', NOTE))).toBe('desktop text');
      expect(replica.store.conflictsOf('progress_notes', NOTE).map(textOf)).toEqual(['laptop text']);
    }
  });

  it('keeps the conflict through hours of clock skew: a device hours behind still wins with a later edit made after seeing the other', async () => {
    const a = device(DEVICE_A, T0 + 5 * HOUR);
    const b = device(DEVICE_B, T0);
    draft(a.replica, 'from the fast clock');
    await exchange(a.replica, b.replica);
    draft(b.replica, 'edited after, on the slow clock');
    await exchange(b.replica, a.replica);
    for (const replica of [a.replica, b.replica]) {
      expect(textOf(replica.store.current('progress_notes', NOTE))).toBe('edited after, on the slow clock');
      expect(replica.store.conflictsOf('progress_notes', NOTE)).toEqual([]);
    }
  });

  it('lets a signature win over a later concurrent draft edit, which stays as a suggestion', async () => {
    const a = device(DEVICE_A, T0);
    const b = device(DEVICE_B, T0);
    draft(a.replica, 'start');
    await exchange(a.replica, b.replica);
    draft(a.replica, 'signed text', true);
    b.setTime(T0 + HOUR);
    draft(b.replica, 'an edit after lunch');
    const fromA = await drain(a.replica);
    const fromB = await drain(b.replica);
    a.replica.import(fromB);
    b.replica.import(fromA);
    for (const replica of [a.replica, b.replica]) {
      const current = replica.store.current('progress_notes', NOTE);
      expect(current?.final).toBe(true);
      expect(textOf(current)).toBe('signed text');
      expect(replica.store.conflictsOf('progress_notes', NOTE).map(textOf)).toEqual(['an edit after lunch']);
    }
  });

  it('never lets a draft written after a signature change the signed note', async () => {
    const store = new MemoryRowStore();
    const signed = version('progress_notes', NOTE, DEVICE_A, { wall: T0, logical: 0 }, { final: true });
    const after = version('progress_notes', NOTE, DEVICE_B, { wall: T0 + 5, logical: 0 }, {
      seen: { [DEVICE_A]: { wall: T0, logical: 0 }, [DEVICE_B]: { wall: T0 + 5, logical: 0 } },
    });
    applyChange(store, { kind: 'version', version: signed });
    const shipped = applyChange(store, { kind: 'version', version: after });
    expect(store.current('progress_notes', NOTE)).toBe(signed);
    expect(shipped).toEqual([{ kind: 'conflict', version: after }]);
  });

  it('takes the latest stamp for clients, with no conflict', async () => {
    const store = new MemoryRowStore();
    const early = version('clients', hexId(1), DEVICE_A, { wall: T0, logical: 0 });
    const late = version('clients', hexId(1), DEVICE_B, { wall: T0 + 1, logical: 0 });
    expect(applyChange(store, { kind: 'version', version: late })).toEqual([]);
    expect(applyChange(store, { kind: 'version', version: early })).toEqual([]);
    expect(store.current('clients', hexId(1))).toBe(late);
    expect(store.conflicts.size).toBe(0);
  });

  it('keeps insert-only rows as first written, whatever arrives again', async () => {
    const store = new MemoryRowStore();
    const addendum = version('addenda', hexId(2), DEVICE_A, { wall: T0, logical: 0 }, { parentId: NOTE });
    applyChange(store, { kind: 'version', version: addendum });
    applyChange(store, { kind: 'version', version: { ...addendum } });
    expect(store.current('addenda', hexId(2))).toBe(addendum);
    expect(store.conflicts.size).toBe(0);
  });

  it('keeps a tombstone against a late older version, and an edit that lost to a later deletion as a conflict', async () => {
    const store = new MemoryRowStore();
    const row = hexId(3);
    const edit = version('psychotherapy_notes', row, DEVICE_B, { wall: T0 + 1, logical: 0 }, { parentId: SESSION, marker: 'kept text' });
    const deletion = version('psychotherapy_notes', row, DEVICE_A, { wall: T0 + 2, logical: 0 }, { parentId: SESSION, deleted: true });
    const older = version('psychotherapy_notes', row, DEVICE_A, { wall: T0, logical: 0 }, { parentId: SESSION });
    applyChange(store, { kind: 'version', version: deletion });
    applyChange(store, { kind: 'version', version: older });
    expect(store.current('psychotherapy_notes', row)).toBe(deletion);
    applyChange(store, { kind: 'version', version: edit });
    expect(store.current('psychotherapy_notes', row)).toBe(deletion);
    expect(store.conflictsOf('psychotherapy_notes', row).map(textOf)).toEqual(['kept text']);
  });

  it('drops a conflict everywhere once resolved, even when a copy arrives again later', async () => {
    const a = device(DEVICE_A, T0);
    const b = device(DEVICE_B, T0);
    draft(a.replica, 'mine');
    b.setTime(T0 + 10);
    draft(b.replica, 'theirs');
    const fromB = await drain(b.replica);
    a.replica.import(fromB);
    const [conflict] = a.replica.store.conflictsOf('progress_notes', NOTE);
    expect(textOf(conflict)).toBe('mine');
    const staleCopy = await drain(a.replica);
    a.replica.resolve(conflict!, { table: 'progress_notes', rowId: NOTE, parentId: SESSION, sealed: fakeSealed('merged') });
    b.replica.import([...staleCopy, ...await drain(a.replica)]);
    a.replica.import(staleCopy);
    for (const replica of [a.replica, b.replica]) {
      expect(textOf(replica.store.current('progress_notes', NOTE))).toBe('merged');
      expect(replica.store.conflictsOf('progress_notes', NOTE)).toEqual([]);
    }
    expect(store(b.replica).dismissed.size).toBe(1);
  });
});
