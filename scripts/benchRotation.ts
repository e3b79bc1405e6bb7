/**
 * npm run bench:rotation: how long rotating a compartment's key takes on a
 * synthetic vault, and the longest it blocks the event loop meanwhile.
 *
 *   npm run bench:rotation [-- --clients 40 --sessions 125 --seed 42 --compartment progress]
 *
 * Builds the vault in a temporary folder each run (with the minimum Argon2id
 * parameters: the figure is the re-encryption, not the KDF) and prints one
 * JSON line. See docs/PERFORMANCE.md for the reference figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MIN_MEM_LIMIT, MIN_OPS_LIMIT } from '../main/vault/kdfParams';
import { generateSyntheticVault } from '../test/fixtures/syntheticVault';
import { openVault } from '../main/vault/vault';
import { measureRotation, timedHandBack } from './bench/rotation';

const PASSPHRASE = 'synthetic rotation bench passphrase';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '40' },
      sessions: { type: 'string', default: '125' },
      seed: { type: 'string', default: '42' },
      compartment: { type: 'string', default: 'progress' },
    },
    strict: true,
  });
  const compartment = values.compartment === 'psychotherapy' ? 'psychotherapy' : 'progress';
  const dir = mkdtempSync(join(tmpdir(), 'tv-rotation-bench-'));
  try {
    const built = performance.now();
    const path = join(dir, 'vault.sqlite');
    const { vault, summary } = await generateSyntheticVault({
      path,
      clients: Number(values.clients),
      sessionsPerClient: Number(values.sessions),
      seed: Number.parseInt(values.seed, 10) >>> 0,
      passphrase: PASSPHRASE,
      kdf: { algorithm: 'argon2id13', opsLimit: MIN_OPS_LIMIT, memLimit: MIN_MEM_LIMIT },
    });
    const buildMs = performance.now() - built;
    await vault.close();
    // Reopened with the hand-back between batches timed.
    const handBack = timedHandBack();
    const reopened = await openVault(path, { rotation: { betweenBatches: handBack.betweenBatches } });
    try {
      await reopened.unlock(PASSPHRASE);
      await reopened.openPsychotherapy(PASSPHRASE);
      const figures = await measureRotation(reopened, compartment, PASSPHRASE, handBack);
      const round = (ms: number) => Math.round(ms * 10) / 10;
      console.log(
        JSON.stringify({
          sessions: summary.sessions,
          progressNotes: summary.progressNotes,
          psychotherapyNotes: summary.psychotherapyNotes,
          buildMs: Math.round(buildMs),
          ...figures,
          totalMs: round(figures.totalMs),
          reencryptMs: round(figures.reencryptMs),
          longestBatchMs: round(figures.longestBatchMs),
          longestLoopDelayMs: round(figures.longestLoopDelayMs),
        }),
      );
    } finally {
      await reopened.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
