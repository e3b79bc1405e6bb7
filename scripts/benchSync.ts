/*
 * Sync figures for docs/PERFORMANCE.md: the first device writes a generated
 * vault to the folder, a second device joins from it (keys file, every
 * batch), then 1,000 saves on the first are exchanged to the second; then
 * the first compacts the folder (a snapshot, its batches deleted) and a third
 * device joins from the snapshot. During the compaction it measures the
 * event loop's longest stall (what the window would feel in the app) and the
 * longest garbage-collection pause, after 3 s of the same measure idle. The
 * load average is printed before and after: the figures mean little without
 * it on a shared machine.
 *
 *   npx tsx scripts/benchSync.ts [clients] [sessionsPerClient]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { listSnapshotFiles, vaultFolder } from '../main/sync/folder';
import { joinFromFolder } from '../main/sync/join';
import { compactFolder } from '../main/sync/snapshot';
import { exchange } from '../main/sync/vaultFolderSync';
import { VaultReplica } from '../main/sync/vaultReplica';
import { DEFAULT_KDF_PARAMS } from '../main/vault/kdfParams';
import { generateSyntheticVault } from '../test/fixtures/syntheticVault';

const PASSPHRASE = 'synthetic sync bench passphrase';

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return result;
}

/** Nanoseconds from a delay histogram, as whole milliseconds. */
const millis = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(0);

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

async function main(): Promise<void> {
  console.log(`load average before: ${loadAverage()}`);
  const clients = Number(process.argv[2] ?? 100);
  const sessionsPerClient = Number(process.argv[3] ?? 50);
  const dir = mkdtempSync(join(tmpdir(), 'tv-sync-bench-'));
  try {
    const path = join(dir, 'first.sqlite');
    const { vault: first, summary } = await timed('generate', () => generateSyntheticVault({ path, clients, sessionsPerClient, seed: 7, passphrase: PASSPHRASE }));
    console.log(`vault: ${summary.clients} clients, ${summary.sessions} sessions, ${summary.progressNotes} progress notes, ${summary.psychotherapyNotes} psychotherapy notes`);
    const chosen = join(dir, 'synced');
    mkdirSync(chosen);
    const written = await timed('first device writes every row to the folder', () => exchange(first.syncContext(), chosen));
    console.log(`batches written: ${written.sent.length}`);
    let files = 0;
    const second = await timed('second device joins (keys file, every batch)', () =>
      joinFromFolder({
        chosenFolder: chosen,
        passphrase: PASSPHRASE,
        path: join(dir, 'second.sqlite'),
        deviceName: 'Bench laptop',
        vaultOptions: { kdf: DEFAULT_KDF_PARAMS },
        onProgress: (progress) => {
          files = progress.total;
        },
      }),
    );
    console.log(`batch files imported by the join: ${files}`);
    const saves = 1000;
    await timed(`first device saves ${saves} new clients`, async () => {
      for (let index = 0; index < saves; index += 1) first.clients.create({ name: `Bench Client ${index}` });
    });
    console.log(`changes waiting to be sent: ${new VaultReplica(first.syncContext().db, first.syncContext().clock).unsentCount()}`);
    await timed(`exchange of ${saves} changes: first sends`, () => exchange(first.syncContext(), chosen));
    await timed(`exchange of ${saves} changes: second imports`, () => exchange(second.syncContext(), chosen));
    await exchange(first.syncContext(), chosen);
    // The window is served by this event loop: its longest delay is the longest the window would freeze.
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    idle.disable();
    console.log(`event loop idle for 3 s (the machine's own noise): longest stall ${millis(idle.max)} ms`);
    const pauses: number[] = [];
    const collections = new PerformanceObserver((list) => pauses.push(...list.getEntries().map((entry) => entry.duration)));
    collections.observe({ entryTypes: ['gc'] });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const compaction = await timed('first device compacts (snapshot written, batches deleted)', () => compactFolder(first.syncContext(), chosen, Date.now() + 91 * 24 * 3_600_000));
    delay.disable();
    collections.disconnect();
    const snapshotFiles = (await listSnapshotFiles(vaultFolder(chosen, first.id()!))).filter((ref) => ref.seq === compaction.snapshot);
    const snapshotBytes = snapshotFiles.reduce((sum, ref) => sum + statSync(ref.path).size, 0);
    console.log(`snapshot ${compaction.snapshot}: ${snapshotFiles.length} parts, ${(snapshotBytes / 1e6).toFixed(1)} MB; batches deleted: ${compaction.deleted.length}`);
    console.log(`event loop during compaction: longest stall ${millis(delay.max)} ms, p99 ${millis(delay.percentile(99))} ms, mean ${millis(delay.mean)} ms`);
    console.log(`garbage collection during compaction: longest pause ${Math.max(0, ...pauses).toFixed(0)} ms, ${pauses.length} pauses`);
    const third = await timed('third device joins from the snapshot (keys file, snapshot, later batches)', () =>
      joinFromFolder({
        chosenFolder: chosen,
        passphrase: PASSPHRASE,
        path: join(dir, 'third.sqlite'),
        deviceName: 'Bench tablet',
        vaultOptions: { kdf: DEFAULT_KDF_PARAMS },
      }),
    );
    console.log(`load average after: ${loadAverage()}`);
    await first.close();
    await second.close();
    await third.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
