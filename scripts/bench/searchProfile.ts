/**
 * Where search spends its time on the bench vault, steadier than `npm run
 * bench` on a busy machine: the vault's own index build (CPU, and CPU inside
 * the index's inserts), then each query of the bench's mix timed five times
 * through the built index, keeping the fastest, with snippets (text answered
 * from plaintext held in memory), without (the index and its rows alone), and
 * through the vault's search, which decrypts the records shown.
 *
 *   tsx scripts/bench/searchProfile.ts bench/results/cache/<fixture>/vault.sqlite [--top 10]
 */
import { parseArgs } from 'node:util';
import { createVaultSearch } from '../../main/search/vaultSearch';
import { openVault } from '../../main/vault/vault';
import { seededRandom } from '../../test/fixtures/synthetic/random';
import { VAULT_PASSPHRASE } from './fixture';
import { QUERY_KINDS, queryMix } from './queryMix';
import { spreadOf } from './stats';
import { progressDocuments } from './vaultSearch';

const REPEATS = 5;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function fastest(work: () => unknown): number {
  let least = Infinity;
  for (let i = 0; i < REPEATS; i += 1) {
    const started = performance.now();
    work();
    least = Math.min(least, performance.now() - started);
  }
  return least;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '0' } }, allowPositionals: true });
  const path = positionals[0];
  if (!path) throw new Error('usage: searchProfile.ts <vault.sqlite> [--top N]');
  const vault = await openVault(path);
  try {
    await vault.unlock(VAULT_PASSPHRASE);
    const started = cpuMs();
    const search = createVaultSearch(vault);
    const index = search.index('progress')!;
    const upsertMany = index.upsertMany.bind(index);
    let insertMs = 0;
    index.upsertMany = (documents) => {
      const before = cpuMs();
      upsertMany(documents);
      insertMs += cpuMs() - before;
    };
    const build = await search.built('progress');
    if (!build) throw new Error('The search index was not built');
    console.log(
      `build: ${build.ms.toFixed(0)} ms wall, ${(cpuMs() - started).toFixed(0)} ms CPU (${insertMs.toFixed(0)} in the index's inserts), ` +
        `${build.documents} records, index ${(index.memoryBytes() / 1048576).toFixed(1)} MiB`,
    );

    // The same documents and order the bench draws its queries from.
    const documents = progressDocuments(vault);
    const texts = new Map(documents.map((document) => [`${document.kind}:${document.id}`, document.fields]));
    const withText = (ref: { kind: string; id: string }) => texts.get(`${ref.kind}:${ref.id}`) ?? null;
    const mix = queryMix(documents, 100, seededRandom(42, 7));
    const samples = new Map<string, number[]>();
    const timed: { ms: number; kind: string; text: string }[] = [];
    for (const { kind, text } of mix) {
      const indexOnly = fastest(() => index.query({ text }, () => null));
      const whole = fastest(() => index.query({ text }, withText));
      const vaulted = fastest(() => search.search({ text }));
      timed.push({ ms: vaulted, kind, text });
      for (const key of [kind, 'all']) {
        samples.set(`${key} index`, [...(samples.get(`${key} index`) ?? []), indexOnly]);
        samples.set(`${key} whole`, [...(samples.get(`${key} whole`) ?? []), whole]);
        samples.set(`${key} vault`, [...(samples.get(`${key} vault`) ?? []), vaulted]);
      }
    }
    console.log(`queries, fastest of ${REPEATS} each, ms      index alone p50 / p95    with snippets p50 / p95    through the vault p50 / p95`);
    for (const kind of [...QUERY_KINDS, 'all']) {
      const alone = spreadOf(samples.get(`${kind} index`)!);
      const whole = spreadOf(samples.get(`${kind} whole`)!);
      const vaulted = spreadOf(samples.get(`${kind} vault`)!);
      console.log(
        `  ${kind.padEnd(10)} ${alone.median.toFixed(2).padStart(20)} / ${alone.p95.toFixed(2).padStart(5)}` +
          `${whole.median.toFixed(2).padStart(19)} / ${whole.p95.toFixed(2).padStart(5)}` +
          `${vaulted.median.toFixed(2).padStart(23)} / ${vaulted.p95.toFixed(2).padStart(5)}   (n=${whole.n})`,
      );
    }
    const top = Number(values.top);
    if (top > 0) {
      console.log('slowest queries (the synthetic notes\' words, no client data):');
      for (const { ms, kind, text } of timed.sort((a, b) => b.ms - a.ms).slice(0, top)) console.log(`  ${ms.toFixed(2)} ms  ${kind}: ${text}`);
    }
    search.stop();
  } finally {
    await vault.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
