/*
 * A computer that only reads (docs/SYNC.md section 6), with real vaults
 * through copies of a folder: once it has merged the other's saves and the
 * report interval has passed, its sync service writes a batch of no changes
 * carrying its frontier, which the other merges like any batch, and the
 * other's compaction then deletes the batches it had held back. Merging
 * such a batch is no reason to report in turn, so two computers do not
 * answer each other's reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveSyncKey, openBatch } from '../../../main/sync/batch';
import { batchName } from '../../../main/sync/folder';
import { compactFolder } from '../../../main/sync/snapshot';
import { createSyncService } from '../../../main/sync/syncService';
import { exchange, receiveChanges } from '../../../main/sync/vaultFolderSync';
import { syncTool } from './syncTool';
import type { Device } from './vaultDevices';
import { addClients, devices, HOUR } from './vaultDevices';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function batches(device: Device, of: Device): string[] {
  return readdirSync(join(device.root, 'devices', of.id)).filter((name) => name.startsWith('b-')).sort();
}

describe('a computer that only reads', () => {
  it('reports what it merged in a batch of no changes, so the other computer deletes the batches it held back', { timeout: 120_000 }, async () => {
    const [a, b] = (await devices([0, HOUR], cleanups)) as [Device, Device];
    let time = Date.now();
    const reader = createSyncService({ context: () => b.ctx, folder: () => b.chosen, intervalMs: 3_600_000, reportEveryMs: 6 * HOUR, now: () => time });
    cleanups.push(() => reader.stop());

    addClients(a, 'First', 1);
    await exchange(a.ctx, a.chosen);
    syncTool([a, b], () => 'whole');
    // b's own audit entry goes out here, with a frontier that covers a's first batch.
    expect((await reader.runNow())?.sent.length).toBe(1);
    for (let round = 0; round < 3; round += 1) {
      addClients(a, `Round ${round}`, 2);
      await exchange(a.ctx, a.chosen);
      syncTool([a, b], () => 'whole');
      time += HOUR;
      const read = await reader.runNow();
      expect(read?.sent).toEqual([]);
      expect(read?.received.merged).toBeGreaterThan(0);
    }
    const reported = batches(b, b);
    await receiveChanges(a.ctx, a.chosen);
    // b's last batch reports a's first only: a's later batches are held back.
    expect((await compactFolder(a.ctx, a.chosen)).deleted).toEqual([1]);

    time += 6 * HOUR;
    await reader.runNow();
    const after = batches(b, b);
    expect(after).toHaveLength(reported.length + 1);
    const report = after.at(-1)!;
    const ctx = b.ctx;
    const key = deriveSyncKey(ctx.sodium, ctx.keys.get('progress'));
    const opened = openBatch(ctx.sodium, () => key, { vaultId: ctx.vaultId, device: b.id, seq: Number(report.slice(2, 14)) }, readFileSync(join(b.root, 'devices', b.id, report)));
    expect(opened.body.changes).toEqual([]);
    expect(opened.body.frontier[a.id]).toBe(4);

    syncTool([a, b], () => 'whole');
    const merged = await receiveChanges(a.ctx, a.chosen);
    expect(merged.refused).toEqual([]);
    expect(merged.merged).toBe(0);
    expect(merged.imported.map((ref) => ref.device)).toContain(b.id);
    const compaction = await compactFolder(a.ctx, a.chosen);
    expect(compaction.deleted).toEqual([2, 3]);
    for (const seq of compaction.deleted) expect(batches(a, a)).not.toContain(batchName(seq));

    time += 12 * HOUR;
    const quiet = await reader.runNow();
    expect(quiet?.received.merged).toBe(0);
    expect(batches(b, b)).toEqual(after);
  });
});
