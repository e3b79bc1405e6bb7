import { describe, expect, it } from 'vitest';
import { runCrashRounds } from '../../fixtures/crashRounds';
import { tempDir } from '../../helpers/tempVault';

/**
 * 30 rounds here; scripts/crashBench.ts runs 200 (npm run bench). Each round is
 * a real child process killed with SIGKILL, so this test takes tens of seconds.
 */
describe('a process saving notes killed with SIGKILL at random moments', () => {
  it('loses no acknowledged save, leaves the file intact and the vault unlockable, over 30 rounds', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const summary = await runCrashRounds({ dir, rounds: 30 });
      expect(summary.problems).toEqual([]);
      expect(summary.rounds).toBe(30);
      expect(summary.acknowledged).toBeGreaterThan(0);
    } finally {
      cleanup();
    }
  }, 600_000);
});
