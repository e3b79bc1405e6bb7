// Proves the layer rules in .dependency-cruiser.cjs catch forbidden imports.
// Runs the real depcruise CLI with the real config (as `npm run lint` does) against two
// fixture trees: test/fixtures/layers/bad (one violation per file) and
// test/fixtures/layers/clean (a miniature of the intended layout, no violation).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const configPath = join(repoRoot, '.dependency-cruiser.cjs');
const depcruiseBin = join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const fixtures = join(repoRoot, 'test', 'fixtures', 'layers');

interface Violation {
  type: string;
  from: string;
  to: string;
  unresolvedTo?: string;
  rule: { name: string; severity: string };
  cycle?: { name: string }[];
}

interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `depcruise --config .dependency-cruiser.cjs main renderer shared` in `cwd`. */
function depcruise(cwd: string, outputType: 'json' | 'err'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [depcruiseBin, '--config', configPath, '--output-type', outputType, 'main', 'renderer', 'shared'],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

function violationsOf(run: Run): Violation[] {
  try {
    return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  } catch {
    throw new Error(`depcruise printed no JSON (exit ${run.exitCode}): ${run.stderr || run.stdout}`);
  }
}

/** One readable line per violation: `rule: from -> import as written` (cycles: their members). */
function describeViolation(v: Violation): string {
  if (v.type === 'cycle') {
    const members = [v.from, ...(v.cycle ?? []).map((m) => m.name)];
    return `${v.rule.name}: ${[...new Set(members)].sort().join(' <-> ')}`;
  }
  return `${v.rule.name}: ${v.from} -> ${v.unresolvedTo ?? v.to}`;
}

describe('layer rules (.dependency-cruiser.cjs)', () => {
  // The json reporter always exits 0, so the exit code is checked with the default
  // `err` reporter, which is what `npm run lint` uses.
  let bad: Violation[];
  let badLint: Run;
  let cleanLint: Run;

  beforeAll(async () => {
    const runs = await Promise.all([
      depcruise(join(fixtures, 'bad'), 'json'),
      depcruise(join(fixtures, 'bad'), 'err'),
      depcruise(join(fixtures, 'clean'), 'err'),
    ]);
    bad = violationsOf(runs[0]!);
    badLint = runs[1]!;
    cleanLint = runs[2]!;
  }, 60_000);

  it('makes every rule an error, so a violation fails the lint step', () => {
    const require = createRequire(import.meta.url);
    const config = require(configPath) as { forbidden: { name: string; severity: string }[] };
    expect(config.forbidden.length).toBeGreaterThan(0);
    for (const rule of config.forbidden) {
      expect({ rule: rule.name, severity: rule.severity }).toEqual({ rule: rule.name, severity: 'error' });
    }
  });

  it('exercises every rule of the config in the bad fixture', () => {
    const require = createRequire(import.meta.url);
    const config = require(configPath) as { forbidden: { name: string }[] };
    expect([...new Set(bad.map((v) => v.rule.name))].sort()).toEqual(config.forbidden.map((r) => r.name).sort());
  });

  it('reports exactly the forbidden imports of the bad fixture, each under its rule', () => {
    expect(bad.map(describeViolation).sort()).toEqual(
      [
        // shared/ imports nothing of node, electron, React/DOM or other project folders
        'shared-no-node-builtins: shared/bad.ts -> fs',
        'electron-only-in-app-and-preload: shared/usesElectron.ts -> electron',
        'shared-no-dom-packages: shared/usesReact.ts -> react',
        'shared-only-shared: shared/usesMain.ts -> ../main/vault/x',
        // renderer/ imports only renderer/ and shared/, no node, electron or main-only packages
        'renderer-only-renderer-and-shared: renderer/bad.ts -> ../main/vault/x',
        'renderer-no-node-builtins: renderer/usesNode.ts -> path',
        'no-main-only-packages-in-renderer-or-shared: renderer/usesSqlite.ts -> better-sqlite3',
        'electron-only-in-app-and-preload: renderer/usesElectron.ts -> electron',
        // main/preload/ imports only shared/ and electron
        'preload-only-shared-and-electron: main/preload/bad.ts -> ../vault/x',
        // main/ never imports renderer/; main/ipc/ never imports main/app/
        'main-not-to-renderer: main/app/usesRenderer.ts -> ../../renderer/view',
        'ipc-only-services-and-shared: main/ipc/bad.ts -> ../app/window',
        // services never import main/ipc/, main/app/ or main/preload/, nor electron
        'services-not-to-upper-layers: main/vault/usesIpc.ts -> ../ipc/handler',
        'electron-only-in-app-and-preload: main/vault/usesElectron.ts -> electron',
        // main/export/ never reaches the psychotherapy-note repository, directly or transitively
        'export-never-reaches-psychotherapy-notes: main/export/bad.ts -> main/vault/psychotherapyNotes.ts',
        'export-never-reaches-psychotherapy-notes: main/export/indirect.ts -> main/vault/psychotherapyNotes.ts',
        // main/release/ does not read through the exporter's ProgressSource
        'release-not-through-export-source: main/release/bad.ts -> ../export/progressSource',
        // main/export/ never imports main/release/; only main/ipc/ does
        'export-never-imports-release: main/export/usesRelease.ts -> ../release/release',
        'release-only-from-ipc: main/vault/usesRelease.ts -> ../release/release',
        // no cycles, no unresolvable imports
        'no-circular: main/search/cycleA.ts <-> main/search/cycleB.ts',
        'not-to-unresolvable: main/backup/missing.ts -> ./doesNotExist',
      ].sort(),
    );
  });

  it('shows the chain through which main/export/ reaches psychotherapy notes', () => {
    const indirect = bad.find(
      (v) => v.rule.name === 'export-never-reaches-psychotherapy-notes' && v.from === 'main/export/indirect.ts',
    ) as (Violation & { via?: { name: string }[] }) | undefined;
    expect(indirect?.via?.map((step) => step.name)).toEqual([
      'main/vault/facade.ts',
      'main/vault/psychotherapyNotes.ts',
    ]);
  });

  it('fails the lint command (non-zero exit, one error line per violation) on the bad fixture', () => {
    expect(badLint.exitCode).toBe(bad.length);
    expect(badLint.stdout).toContain(`${bad.length} dependency violations (${bad.length} errors, 0 warnings)`);
    expect(badLint.stdout).toContain('error export-never-reaches-psychotherapy-notes: main/export/indirect.ts');
  });

  it('passes the clean fixture with zero violations and exit code 0', () => {
    expect(cleanLint.exitCode).toBe(0);
    expect(cleanLint.stdout).toContain('no dependency violations found');
    expect(cleanLint.stderr).toBe('');
  });
});
