/**
 * Export timings: one progress note, and a client's whole record of 100
 * notes, through the real IPC handler (resolve, lay out, write the file, log
 * the disclosure) on a real vault. Prints figures; asserts nothing.
 *
 *   npx tsx scripts/benchExport.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExportJobs } from '../main/export/exportJobs';
import { createVaultSearch } from '../main/search/vaultSearch';
import { createSyncControl } from '../main/ipc/syncControl';
import { exportHandlers } from '../main/ipc/handlers/exportHandlers';
import type { IpcServices } from '../main/ipc/services';
import { DEFAULT_KDF_PARAMS } from '../main/vault/kdfParams';
import { openVault } from '../main/vault/vault';
import type { ExportScope } from '../shared/domain/export';
import { SAMPLE_PRACTICE, writeRecord } from '../test/main/export/fixtures';

const WARM_RUNS = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tv-bench-export-'));
  const vault = await openVault(join(dir, 'vault.sqlite'), { kdf: DEFAULT_KDF_PARAMS });
  try {
    await vault.create({ passphrase: 'a benchmark passphrase' });
    vault.settings.save(SAMPLE_PRACTICE);
    const single = writeRecord(vault, { client: { name: 'Zoë Ørsted-Núñez' }, notes: 1, seed: 1, firstDate: '2026-01-05' });
    const record = writeRecord(vault, {
      client: { name: '李小龍', dateOfBirth: '1980-11-27', chartNumber: 'TV-00100' },
      notes: 100,
      seed: 100,
      firstDate: '2024-01-02',
      addendumEvery: 10,
    });
    let file = 0;
    const search = createVaultSearch(vault);
    const services: IpcServices = {
      vault,
      exports: createExportJobs(),
      search,
      sync: createSyncControl({ vault, search, push: () => undefined }),
      dialogs: { chooseSavePath: async () => join(dir, `export-${(file += 1)}.pdf`) },
      push: () => undefined,
    };
    const handler = exportHandlers['export.progressNotes'];

    const time = async (scope: ExportScope) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const outcome = await handler(services, { scope, basis: { kind: 'client-request' }, includeDrafts: false, recipient: 'Benchmark', purpose: 'Benchmark' });
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, pages: outcome.pageCount };
    };
    const measure = async (label: string, scope: ExportScope, targetMs: number) => {
      const cold = await time(scope);
      const warm: Awaited<ReturnType<typeof time>>[] = [];
      for (let run = 0; run < WARM_RUNS; run += 1) warm.push(await time(scope));
      const wall = median(warm.map((run) => run.ms));
      const cpu = median(warm.map((run) => run.cpuMs));
      console.log(
        `export ${label.padEnd(16)} first ${cold.ms.toFixed(0).padStart(5)} ms` +
          `   median of ${WARM_RUNS}: ${wall.toFixed(0).padStart(5)} ms wall, ${cpu.toFixed(0).padStart(5)} ms CPU` +
          `   ${cold.pages} pages   target <= ${targetMs} ms ${wall <= targetMs ? 'met' : 'NOT met'}`,
      );
    };
    await measure('one note', { kind: 'note', noteId: single.entries[0]!.note.id }, 150);
    await measure('100-note record', { kind: 'record', clientId: record.client.id }, 3000);
    console.log('(the first run also reads and parses the fonts, once per app run; CPU time shows the cost when other work shares the cores)');
  } finally {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench-export: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
