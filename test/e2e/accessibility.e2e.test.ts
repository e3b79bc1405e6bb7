import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './harness';
import { walkScreens } from './screens';
import { useRunningApp } from './runningApp';

const app = useRunningApp();

describe('accessibility of every screen', () => {
  it('has no serious or critical axe-core violation on any screen, in light or dark', async () => {
    const { page } = app;
    const found: string[] = [];
    const visited: string[] = [];
    await walkScreens(page, async (name) => {
      visited.push(name);
      found.push(...(await seriousAxeViolations(page, name)));
    });
    expect(visited.length).toBeGreaterThanOrEqual(21);
    expect(visited).toEqual(
      expect.arrayContaining(['diagnosis-picker', 'treatment-plan-editor', 'treatment-plan', 'measure-form', 'session-measures', 'client-measures']),
    );
    expect(found).toEqual([]);
    expect(app.problems).toEqual([]);
  }, 300_000);
});
