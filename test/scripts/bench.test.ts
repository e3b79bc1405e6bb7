import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORES } from '../../scripts/bench/engines';
import { prepareFixture } from '../../scripts/bench/fixture';
import { openFloor } from '../../scripts/bench/floor';
import type { Figure, Value } from '../../scripts/bench/report';
import type { BenchReport } from '../../scripts/bench/run';
import { runBench } from '../../scripts/bench/run';
import type { BenchSizes } from '../../scripts/bench/workload';
import { tempDir } from '../helpers/tempVault';

/**
 * A smoke run of `npm run bench` on a tiny vault: every figure is produced,
 * printed and written, with numbers of the right shape or a stated reason.
 * No figure is compared with any threshold: timings are never asserted.
 */
const TINY: BenchSizes = {
  unlocks: 1,
  quickUnlocks: 2,
  timelines: 2,
  noteOpens: 3,
  autosaves: 3,
  psychotherapyOpens: 1,
  psychotherapyLists: 2,
  singleNoteExports: 1,
  recordExports: 1,
  recordExportNotes: 100,
  searchQueriesPerKind: 2,
};

const FIGURE_IDS = [
  'unlock.total',
  'unlock.withoutKdf',
  'kdf',
  'clients.list',
  'timeline.open',
  'note.open',
  'autosave',
  'psychotherapy.open',
  'psychotherapy.openWithoutKdf',
  'psychotherapy.list',
  'lock',
  'export.note',
  'export.record',
  'memory.rss',
  'memory.heapUsed',
  'memory.rssAfterGc',
  'memory.indexedRss',
  'memory.unlockedRss',
  'memory.baselineRss',
  'search',
  'search.build',
];

const WITH_TARGETS = ['unlock.total', 'clients.list', 'timeline.open', 'note.open', 'autosave', 'memory.rss', 'search', 'search.build'];

function expectSaneValue(value: Value): void {
  if ('na' in value) {
    expect(value.na.length).toBeGreaterThan(0);
    return;
  }
  expect(Number.isInteger(value.n) && value.n >= 1).toBe(true);
  for (const number of [value.median, value.p95, value.min, value.max]) {
    expect(Number.isFinite(number) && number >= 0).toBe(true);
  }
  expect(value.min).toBeLessThanOrEqual(value.median);
  expect(value.median).toBeLessThanOrEqual(value.p95);
  expect(value.p95).toBeLessThanOrEqual(value.max);
}

function expectSaneRatios(figure: Figure): void {
  const measured = (store: 'vault' | 'floor' | 'peer') => !('na' in figure.values[store]);
  for (const [ratio, other] of [
    [figure.ratios.toFloor, 'floor'],
    [figure.ratios.toPeer, 'peer'],
  ] as const) {
    if (measured('vault') && measured(other)) expect(ratio !== null && Number.isFinite(ratio) && ratio > 0).toBe(true);
    else expect(ratio).toBeNull();
  }
}

/** The peer is only a fair comparison if its file is really encrypted: a name in the floor is nowhere in the peer. */
function expectPeerEncrypted(floorPath: string, peerPath: string): void {
  const floor = openFloor(floorPath);
  let name: string;
  try {
    const payload = floor.prepare('SELECT payload FROM clients LIMIT 1').pluck().get() as string;
    name = (JSON.parse(payload) as { name: string }).name;
  } finally {
    floor.close();
  }
  expect(readFileSync(floorPath).includes(name)).toBe(true);
  expect(readFileSync(peerPath).includes(name)).toBe(false);
}

/** Every file of the cached stores and its digest; SQLite's shared-memory index changes on every open and is left out. */
function cachedFiles(dir: string): Record<string, string> {
  const files = readdirSync(dir).filter((name) => !name.endsWith('-shm'));
  return Object.fromEntries(files.map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]));
}

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('npm run bench (smoke run on a tiny vault)', () => {
  it('prints and writes every figure for the vault, the floor and the peer, or says why one is n/a', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const options = {
        clients: 2,
        sessionsPerClient: 3,
        seed: 7,
        sizes: TINY,
        cacheDir: join(dir, 'cache'),
        resultsDir: join(dir, 'results'),
        log: () => undefined,
      };
      const run = await runBench(options);

      expect(existsSync(run.jsonPath)).toBe(true);
      const written = JSON.parse(readFileSync(run.jsonPath, 'utf8')) as BenchReport;
      expect(written).toEqual(JSON.parse(JSON.stringify(run.report)));

      expect(written.figures.map((figure) => figure.id)).toEqual(FIGURE_IDS);
      for (const figure of written.figures) {
        expect(run.table).toContain(figure.label);
        for (const store of STORES) expectSaneValue(figure.values[store]);
        expectSaneRatios(figure);
        if (WITH_TARGETS.includes(figure.id)) expect(typeof figure.target?.met).toBe('boolean');
      }
      const byId = new Map(written.figures.map((figure) => [figure.id, figure]));
      for (const id of ['search', 'search.build']) expect('na' in byId.get(id)!.values.vault).toBe(false);
      for (const id of ['unlock.total', 'unlock.withoutKdf', 'timeline.open', 'note.open', 'autosave', 'export.note', 'export.record']) {
        for (const store of STORES) expect('na' in byId.get(id)!.values[store]).toBe(false);
      }

      expect(written.fixture).toMatchObject({ clients: 2, sessions: 7, reused: false });
      expect(written.kdf.vault.opsLimit).toBeGreaterThanOrEqual(3);
      expect(written.kdf.vault.memLimitMiB).toBeGreaterThanOrEqual(64);
      expect(written.kdf.peer.kdfIterationsInFile).toBe(256_000);
      expect(written.workload.singleNoteExportNotes).toBe(1);
      expect(written.workload.recordExportNotes).toBeGreaterThan(0);
      for (const store of STORES) {
        expect(written.memory[store].notesOpened).toBe(written.fixture.progressNotes);
        expect(written.memory[store].open.rssMB).toBeGreaterThan(0);
      }
      const breakdown = numbersIn(written.breakdown);
      expect(breakdown.length).toBeGreaterThan(20);
      expect(breakdown.every((number) => Number.isFinite(number) && number >= 0)).toBe(true);
      expect(Object.values(written.machine).every((value) => value !== '' && value !== null)).toBe(true);

      const again = await prepareFixture({ ...options, log: () => undefined });
      expect(again.reused).toBe(true);
      expect(again.manifest.key).toBe(written.fixture.key);
      expectPeerEncrypted(again.floorPath, again.peerPath);

      // A run measures a copy: the cached stores stay byte for byte as built, so the next run starts from the same files.
      const before = cachedFiles(again.dir);
      const second = await runBench(options);
      expect(second.report.fixture.reused).toBe(true);
      expect(cachedFiles(again.dir)).toEqual(before);
      expect(readdirSync(options.cacheDir)).toEqual([again.manifest.key]);
    } finally {
      cleanup();
    }
  }, 600_000);
});
