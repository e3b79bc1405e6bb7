/**
 * npm run bench: the vault against its floor (plaintext better-sqlite3) and
 * its peer (whole-file SQLCipher), same schema, same rows, same workload, one run.
 *
 *   npm run bench [-- --clients 200 --sessions 125 --seed 42 --quick]
 *
 * Builds the synthetic vault once (kept under bench/results/cache, keyed by
 * seed, size and the sources that build it), prints the figures as a table
 * and writes them as JSON to bench/results/<timestamp>.json.
 * See docs/PERFORMANCE.md for the reference run and what the figures mean.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBench } from './bench/run';
import { searchLines } from './bench/vaultSearch';
import type { BenchSizes } from './bench/workload';
import { FULL_SIZES } from './bench/workload';

/** Enough samples to see that every figure is produced, not to trust the figures. */
const QUICK_SIZES: BenchSizes = {
  unlocks: 1,
  quickUnlocks: 3,
  timelines: 5,
  noteOpens: 10,
  autosaves: 10,
  psychotherapyOpens: 1,
  psychotherapyLists: 5,
  singleNoteExports: 1,
  recordExports: 1,
  recordExportNotes: 100,
  searchQueriesPerKind: 5,
};

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '200' },
      sessions: { type: 'string', default: '125' },
      seed: { type: 'string', default: '42' },
      quick: { type: 'boolean', default: false },
      results: { type: 'string', default: resolve(import.meta.dirname, '..', 'bench', 'results') },
    },
    strict: true,
  });
  const resultsDir = resolve(values.results);
  const started = performance.now();
  const { table, jsonPath, report } = await runBench({
    clients: positiveInteger('clients', values.clients),
    sessionsPerClient: positiveInteger('sessions', values.sessions),
    seed: Number.parseInt(values.seed, 10) >>> 0,
    sizes: values.quick ? QUICK_SIZES : FULL_SIZES,
    cacheDir: join(resultsDir, 'cache'),
    resultsDir,
    log: (line) => console.log(line),
  });
  const { machine, fixture, kdf } = report;
  console.log('');
  console.log(
    `${fixture.clients} clients, ${fixture.sessions} sessions, ${fixture.progressNotes} progress notes, ` +
      `${fixture.psychotherapyNotes} psychotherapy notes (seed ${fixture.seed})`,
  );
  console.log(
    `${machine.cpuModel}, ${machine.cpus} CPUs, ${machine.memTotalGiB} GiB, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`,
  );
  console.log(
    `KDF: vault Argon2id ops=${kdf.vault.opsLimit} mem=${kdf.vault.memLimitMiB} MiB (median ${kdf.vault.derivationMs.median.toFixed(0)} ms; ` +
      `this machine would tune to ops=${kdf.vault.tunedOpsForThisMachine}); ` +
      `peer ${kdf.peer.kdf} x ${kdf.peer.kdfIterationsInFile ?? kdf.peer.kdfIterations} (about ${kdf.peer.impliedKdfMs ?? '?'} ms)`,
  );
  console.log('');
  console.log(table);
  console.log('');
  console.log('Search through the vault:');
  for (const line of searchLines(report.search)) console.log(`  ${line}`);
  console.log('');
  console.log("Where the vault's time goes (best of repeated runs; timeline variants: medians; per-row in microseconds):");
  console.log(JSON.stringify(report.breakdown, null, 2));
  console.log('');
  console.log(`Written ${jsonPath} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
