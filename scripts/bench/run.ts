import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Peer from 'better-sqlite3-multiple-ciphers';
import type { ExportFonts } from '../../main/export/exportFonts';
import { loadExportFonts } from '../../main/export/exportFonts';
import type { KdfParams } from '../../main/vault/kdfParams';
import { tunedParams } from '../../main/vault/kdfParams';
import type { CompartmentKey } from '../../main/vault/keyRing';
import { loadSodium } from '../../main/vault/sodium';
import type { Breakdown } from './breakdown';
import { measureBreakdown } from './breakdown';
import type { Engine, StoreName } from './engines';
import { openPlainEngine, openVaultEngine, STORES } from './engines';
import { memoryFigures, searchFigures, timedFigures } from './figures';
import type { SearchBenchResult } from './vaultSearch';
import { measureVaultSearch } from './vaultSearch';
import type { Fixture, FixtureManifest, StorePaths } from './fixture';
import { PEER_PASSPHRASE, prepareFixture, VAULT_PASSPHRASE, workingCopy } from './fixture';
import { openFloor } from './floor';
import type { MachineInfo } from './machine';
import { machineInfo } from './machine';
import type { MemoryProbe } from './memory';
import { probeMemory } from './memory';
import { openPeer, PEER_SCHEME, peerRawKey } from './peer';
import type { Figure } from './report';
import { renderTable } from './report';
import type { Spread } from './stats';
import { spreadOf } from './stats';
import type { Timings } from './timing';
import { timeOperations } from './timing';
import type { BenchSizes, Workload } from './workload';
import { AUTOSAVE_BYTES, chooseWorkload } from './workload';

export interface BenchOptions {
  clients: number;
  sessionsPerClient: number;
  seed: number;
  sizes: BenchSizes;
  /** Where built stores are kept and reused, keyed by seed, size and the sources that build them. */
  cacheDir: string;
  resultsDir: string;
  log: (line: string) => void;
}

export interface BenchReport {
  startedAt: string;
  durationMs: number;
  machine: MachineInfo & { loadAverageAtEnd: number[] };
  versions: { sqliteFloor: string; sqlitePeer: string; sqlite3mc: string; libsodium: string };
  fixture: FixtureManifest & { reused: boolean };
  sizes: BenchSizes;
  workload: { autosaveBytes: number; recordExportNotes: number; singleNoteExportNotes: number };
  kdf: {
    vault: KdfParams & { memLimitMiB: number; derivationMs: Spread; tunedOpsForThisMachine: number };
    peer: typeof PEER_SCHEME & { kdfIterationsInFile: number | null; impliedKdfMs: number };
  };
  figures: Figure[];
  memory: Record<StoreName, MemoryProbe>;
  breakdown: Breakdown;
  search: SearchBenchResult;
}

function sqliteVersions() {
  const floor = new Database(':memory:');
  const peer = new Peer(':memory:');
  try {
    return {
      sqliteFloor: floor.prepare('SELECT sqlite_version()').pluck().get() as string,
      sqlitePeer: peer.prepare('SELECT sqlite_version()').pluck().get() as string,
      sqlite3mc: peer.prepare('SELECT sqlite3mc_version()').pluck().get() as string,
    };
  } finally {
    floor.close();
    peer.close();
  }
}

function kdfIterationsInFile(peerPath: string): number | null {
  const db = openPeer(peerPath, { passphrase: PEER_PASSPHRASE });
  try {
    const value = Number(db.pragma('kdf_iter', { simple: true }));
    return Number.isFinite(value) ? value : null;
  } finally {
    db.close();
  }
}

function timestampName(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

export interface BenchRun {
  report: BenchReport;
  table: string;
  jsonPath: string;
}

export async function runBench(options: BenchOptions): Promise<BenchRun> {
  const started = new Date();
  const log = (line: string) =>
    options.log(`[${String(Math.round((Date.now() - started.getTime()) / 1000)).padStart(4)} s] ${line}`);
  const fixture = await prepareFixture({
    clients: options.clients,
    sessionsPerClient: options.sessionsPerClient,
    seed: options.seed,
    cacheDir: options.cacheDir,
    log,
  });
  const work = mkdtempSync(join(options.cacheDir, 'run-'));
  try {
    return await measure(options, fixture, workingCopy(fixture, work), started, log);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function measure(
  options: BenchOptions,
  fixture: Fixture,
  stores: StorePaths,
  started: Date,
  log: (line: string) => void,
): Promise<BenchRun> {
  const { manifest } = fixture;
  const machine = machineInfo();
  const { sizes } = options;
  const chooser = openFloor(stores.floorPath);
  let workload: Workload;
  try {
    workload = chooseWorkload(chooser, options.seed, sizes, manifest.autosaveSessionId);
  } finally {
    chooser.close();
  }
  const peerKey = peerRawKey(stores.peerPath, PEER_PASSPHRASE);
  const kdfIterations = kdfIterationsInFile(stores.peerPath);

  let fonts: ExportFonts | undefined;
  const exportFonts = () => (fonts ??= loadExportFonts());
  exportFonts();
  const scratch = mkdtempSync(join(tmpdir(), 'tv-bench-'));
  const vault = await openVaultEngine(stores.vaultPath, VAULT_PASSPHRASE, exportFonts, scratch);
  const engines: Engine[] = [
    vault,
    openPlainEngine('floor', () => openFloor(stores.floorPath), exportFonts, scratch),
    openPlainEngine(
      'peer',
      (withKdf) => openPeer(stores.peerPath, withKdf ? { passphrase: PEER_PASSPHRASE } : { raw: peerKey }),
      exportFonts,
      scratch,
    ),
  ];
  let timings: Timings;
  let progressKey: CompartmentKey;
  try {
    timings = await timeOperations(engines, vault, workload, sizes, log);
    const key = vault.keyRing.get('progress');
    progressKey = { version: key.version, key: key.key.slice() };
  } finally {
    for (const engine of engines) await engine.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  const vaultId = vault.vaultId();
  if (!vaultId) throw new Error('The bench vault has no id');
  const figures = timedFigures(timings);

  log('Measuring memory with the whole vault open (one child process per store)');
  const paths = { vault: stores.vaultPath, floor: stores.floorPath, peer: stores.peerPath };
  const memory = Object.fromEntries(
    STORES.map((store) => [
      store,
      probeMemory({ store, path: paths[store], passphrase: store === 'peer' ? PEER_PASSPHRASE : VAULT_PASSPHRASE }),
    ]),
  ) as Record<StoreName, MemoryProbe>;
  figures.push(...memoryFigures(memory));

  log('Timing the pieces of the vault figures');
  const sodium = await loadSodium();
  let breakdown: Breakdown;
  try {
    breakdown = await measureBreakdown({
      vaultPath: stores.vaultPath,
      vaultId,
      progressKey,
      timelineClients: workload.timelineClients,
      noteSessions: workload.noteSessions,
      autosaveSessionId: manifest.autosaveSessionId,
      kdf: manifest.kdf,
      argon2idRuns: Math.min(3, sizes.unlocks),
    });
  } finally {
    sodium.memzero(progressKey.key);
  }

  log('Timing search through the vault (index build after unlock, then queries)');
  const search = await measureVaultSearch({
    vaultPath: stores.vaultPath,
    passphrase: VAULT_PASSPHRASE,
    seed: options.seed,
    queriesPerKind: sizes.searchQueriesPerKind,
  });
  figures.push(...searchFigures(search));

  const derivation = spreadOf(timings.derivationsMs);
  const peerUnlock = spreadOf(timings.unlock.peer).median - spreadOf(timings.quickUnlock.peer).median;
  const report: BenchReport = {
    startedAt: started.toISOString(),
    durationMs: Math.round(Date.now() - started.getTime()),
    machine: { ...machine, loadAverageAtEnd: machineInfo().loadAverage },
    versions: { ...sqliteVersions(), libsodium: sodium.sodium_version_string() },
    fixture: { ...manifest, reused: fixture.reused },
    sizes,
    workload: {
      autosaveBytes: AUTOSAVE_BYTES,
      recordExportNotes: timings.exportedNotes.record,
      singleNoteExportNotes: timings.exportedNotes.note,
    },
    kdf: {
      vault: {
        ...manifest.kdf,
        memLimitMiB: manifest.kdf.memLimit / 1048576,
        derivationMs: derivation,
        tunedOpsForThisMachine: tunedParams(manifest.kdf, derivation.median).opsLimit,
      },
      peer: { ...PEER_SCHEME, kdfIterationsInFile: kdfIterations, impliedKdfMs: Math.round(peerUnlock) },
    },
    figures,
    memory,
    breakdown,
    search,
  };
  mkdirSync(options.resultsDir, { recursive: true });
  const jsonPath = join(options.resultsDir, `${timestampName(started)}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  return { report, table: renderTable(figures), jsonPath };
}
