import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './harness';
import { walkScreens } from './screens';
import { walkSyncScreens } from './syncScreens';
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

  it('has none on the sync screens either: conflicts, a refused restore, and a second computer joining', async () => {
    const found: string[] = [];
    const visited: string[] = [];
    const office = await app.launchAnother();
    const others = [office];
    await walkSyncScreens(
      office,
      async () => {
        const home = await app.launchAnother();
        others.push(home);
        return home;
      },
      async (page, name) => {
        visited.push(name);
        found.push(...(await seriousAxeViolations(page, name)));
      },
    );
    expect(visited).toEqual(
      expect.arrayContaining(['sync-conflicts', 'sync-conflict-plan', 'note-conflict', 'psychotherapy-conflict', 'restore-refused', 'create-join-throttled']),
    );
    expect(found).toEqual([]);
    expect(others.flatMap((other) => other.problems)).toEqual([]);
  }, 300_000);
});
