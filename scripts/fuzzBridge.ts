// The long bridge fuzz: `npx tsx scripts/fuzzBridge.ts [calls=100000] [seed]`.
// Same harness and properties as test/main/ipc/bridgeFuzz.test.ts, more calls,
// a fresh canary vault per mode, and the outcome counts printed so a run shows
// how many calls got past validation into the handlers. Exits 1 on the first
// property failure, printing fast-check's seed and shrunk counterexample.
import type { FuzzMode } from '../test/main/ipc/bridgeFuzzHarness';
import { createFuzzWorld, fuzzMode } from '../test/main/ipc/bridgeFuzzHarness';

const SHARES: [FuzzMode, number][] = [
  ['locked', 0.2],
  ['open', 0.5],
  ['psychotherapy', 0.3],
];

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100_000);
  const seed = process.argv[3] === undefined ? Date.now() % 2 ** 31 : Number(process.argv[3]);
  if (!Number.isInteger(total) || total <= 0 || !Number.isInteger(seed)) {
    console.error('usage: tsx scripts/fuzzBridge.ts [calls] [seed]');
    process.exit(2);
  }
  console.log(`fuzzBridge: ${total} calls, seed ${seed}`);
  let calls = 0;
  const started = performance.now();
  for (const [mode, share] of SHARES) {
    const world = await createFuzzWorld();
    const modeStarted = performance.now();
    try {
      await fuzzMode(world, mode, Math.ceil(total * share), seed);
    } finally {
      await world.dispose();
    }
    const seconds = (performance.now() - modeStarted) / 1000;
    calls += world.calls;
    console.log(`  ${mode}: ${world.calls} calls in ${seconds.toFixed(1)} s (${Math.round(world.calls / seconds)} calls/s)`);
    for (const [outcome, count] of [...world.outcomes.entries()].sort()) {
      console.log(`    ${outcome.split(' ')[1]?.padEnd(22)} ${count}`);
    }
  }
  console.log(`fuzzBridge: ${calls} calls, no property failed, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
