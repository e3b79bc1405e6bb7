/**
 * The crash bench: a child process saving notes, killed with SIGKILL at random
 * moments, N rounds (default 200) on one vault. Every acknowledged save must be
 * present and intact afterwards, integrity_check must pass after each round and
 * the vault must unlock. Prints the figures; exits 1 on any problem.
 *
 *   npx tsx scripts/crashBench.ts [rounds]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCrashRounds } from '../test/fixtures/crashRounds';

const rounds = Number(process.argv[2] ?? 200);
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write('usage: npx tsx scripts/crashBench.ts [rounds]\n');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'tv-crash-bench-'));
try {
  const summary = await runCrashRounds({
    dir,
    rounds,
    onRound: (round, { acknowledged, problems }) => {
      if (round % 10 === 0 || problems.length > 0) {
        process.stdout.write(`crash: round ${round}/${rounds}, ${acknowledged} saves acknowledged, ${problems.length} problems\n`);
      }
    },
  });
  process.stdout.write(
    [
      `crash: ${summary.rounds} SIGKILL rounds, ${summary.msPerRound} ms per round`,
      `crash: ${summary.killedEarly} killed while starting or unlocking, the rest while saving`,
      `crash: ${summary.acknowledged} acknowledged saves, all present and intact: ${summary.problems.length === 0 ? 'yes' : 'NO'}`,
      `crash: ${summary.inFlightCommitted} saves cut off by the kill were found committed (allowed)`,
      ...summary.problems.map((problem) => `crash: PROBLEM ${problem}`),
    ].join('\n') + '\n',
  );
  process.exitCode = summary.problems.length === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
