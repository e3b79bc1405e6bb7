import { describe, expect, it } from 'vitest';
import { createActivityReporter } from '../../../../renderer/features/shell/activityReporter';

describe('activity reporter', () => {
  it('reports the first input and then at most once per interval', () => {
    let now = 0;
    const sent: number[] = [];
    const reporter = createActivityReporter(() => sent.push(now), () => now, 15_000);
    for (now = 0; now <= 40_000; now += 1000) reporter.seen(false);
    expect(sent).toEqual([0, 15_000, 30_000]);
  });

  it('reports at once while the idle warning is up', () => {
    let now = 0;
    const sent: number[] = [];
    const reporter = createActivityReporter(() => sent.push(now), () => now, 15_000);
    reporter.seen(false);
    now = 2000;
    reporter.seen(true);
    expect(sent).toEqual([0, 2000]);
  });
});
