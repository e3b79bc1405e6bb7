import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Compartment } from '../../main/vault/compartments';
import type { RotationRunnerParts } from '../../main/vault/rotationRunner';
import type { Vault } from '../../main/vault/vaultApi';

/**
 * What a key rotation costs the app: the whole rotation, and the longest
 * stretch it kept the event loop (in the app, Electron's main process, so IPC
 * and the progress bar) from running anything else.
 */
export interface RotationFigures {
  compartment: Compartment;
  /** Rows re-encrypted, as the progress reports count them. */
  rows: number;
  progressReports: number;
  /** From rotateKeys to the last row re-encrypted, the passphrase's two Argon2id derivations included. */
  totalMs: number;
  /** From the first progress report to the last: the re-encryption alone. */
  reencryptMs: number;
  /** The longest stretch between two hand-backs to the event loop: the longest batch. */
  longestBatchMs: number;
  /** The longest the event loop waited to run a timer, as Node measures it; on a loaded machine this includes time the OS gave to other processes. */
  longestLoopDelayMs: number;
}

/** The hand-back the vault makes between batches, timed: pass it to openVault's `rotation` option. */
export function timedHandBack(): { betweenBatches: NonNullable<RotationRunnerParts['betweenBatches']>; longest(): number; reset(): void } {
  let last = performance.now();
  let longest = 0;
  return {
    async betweenBatches() {
      longest = Math.max(longest, performance.now() - last);
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = performance.now();
    },
    longest: () => longest,
    reset() {
      last = performance.now();
      longest = 0;
    },
  };
}

export async function measureRotation(
  vault: Vault,
  compartment: Compartment,
  passphrase: string,
  handBack: ReturnType<typeof timedHandBack>,
): Promise<RotationFigures> {
  let rows = 0;
  let progressReports = 0;
  let firstReport: number | undefined;
  let lastReport = 0;
  const unsubscribe = vault.onRotationProgress((progress) => {
    rows = progress.total;
    progressReports += 1;
    firstReport ??= performance.now();
    lastReport = performance.now();
  });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  let finished = started;
  try {
    await vault.rotateKeys({ compartment, passphrase });
    handBack.reset();
    await vault.rotationSettled();
    finished = performance.now();
    // The loop's delay is recorded when its timer next runs: give it that turn before reading it.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    loop.disable();
    unsubscribe();
  }
  return {
    compartment,
    rows,
    progressReports,
    totalMs: finished - started,
    reencryptMs: lastReport - (firstReport ?? lastReport),
    longestBatchMs: handBack.longest(),
    longestLoopDelayMs: loop.max / 1e6,
  };
}
