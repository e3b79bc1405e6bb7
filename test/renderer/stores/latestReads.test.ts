import { describe, expect, it } from 'vitest';
import { latestReads } from '../../../renderer/stores/latestReads';

/** Reads whose replies the test releases one by one, each showing the value it was released with. */
function heldReads() {
  const shown: string[] = [];
  const pending: ((value: string | null) => void)[] = [];
  const reads = latestReads(
    () =>
      new Promise<(() => void) | null>((resolve) => {
        pending.push((value) => resolve(value === null ? null : () => void shown.push(value)));
      }),
  );
  const release = async (index: number, value: string | null) => {
    pending[index]!(value);
    await new Promise((settle) => setTimeout(settle, 0));
  };
  return { reads, shown, pending, release };
}

describe('latestReads', () => {
  it('shows a later reread and drops the earlier one that replies after it', async () => {
    const { reads, shown, release } = heldReads();
    const earlier = reads.reread();
    const later = reads.reread();
    await release(1, 'later');
    await release(0, 'earlier');
    await Promise.all([earlier, later]);
    expect(shown).toEqual(['later']);
  });

  it('reads again when a write replied while it read, and shows only that second read', async () => {
    const { reads, shown, pending, release } = heldReads();
    const reread = reads.reread();
    reads.wrote();
    await release(0, 'older than the write');
    expect(pending).toHaveLength(2);
    await release(1, 'after the write');
    await reread;
    expect(shown).toEqual(['after the write']);
  });

  it('settles an overtaken reread only once the later one is shown', async () => {
    const { reads, shown, release } = heldReads();
    let earlierSettled = false;
    const earlier = reads.reread().then(() => (earlierSettled = true));
    reads.reread();
    await release(0, 'earlier');
    expect(earlierSettled).toBe(false);
    await release(1, 'later');
    await earlier;
    expect(shown).toEqual(['later']);
  });

  it('shows nothing for a read that found nothing to show', async () => {
    const { reads, shown, release } = heldReads();
    const reread = reads.reread();
    await release(0, null);
    await reread;
    expect(shown).toEqual([]);
  });
});
