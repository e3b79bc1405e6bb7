import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { StoreName } from './engines';

/**
 * Main-process memory with the whole vault open, one store per fresh Node
 * process, so the three stores never share a heap. The child runs
 * memoryProbe.ts through tsx, whose loader is in every figure, including
 * the baseline taken before the store is opened.
 */
export interface ProbeRequest {
  store: StoreName;
  path: string;
  /** The vault's and the peer's; the floor ignores it. */
  passphrase: string;
}

export interface MemorySnapshot {
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  arrayBuffersMB: number;
}

export interface MemoryProbe {
  /** After imports, before opening the store. */
  baseline: MemorySnapshot;
  /** Unlocked (the vault's Argon2id worker has come and gone) with the client list read, before the walk. */
  unlocked: MemorySnapshot;
  /** Then with the vault's search index of the clinical record built (the same as unlocked for the floor and the peer, which have none). */
  indexed: MemorySnapshot;
  /** After listing every client, opening every client's page and every note once (the vault's search index still open). */
  open: MemorySnapshot;
  /** The same after a full garbage collection: what the open vault holds on to. */
  afterGc: MemorySnapshot;
  clients: number;
  notesOpened: number;
  walkMs: number;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const PROBE = join(import.meta.dirname, 'memoryProbe.ts');
const PROBE_TIMEOUT_MS = 10 * 60 * 1000;

export function snapshot(): MemorySnapshot {
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  return {
    rssMB: mb(usage.rss),
    heapUsedMB: mb(usage.heapUsed),
    heapTotalMB: mb(usage.heapTotal),
    externalMB: mb(usage.external),
    arrayBuffersMB: mb(usage.arrayBuffers),
  };
}

export function probeMemory(request: ProbeRequest): MemoryProbe {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', PROBE, JSON.stringify(request)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
    maxBuffer: 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`The ${request.store} memory probe failed (exit ${child.status}): ${child.stderr.trim().slice(-500)}`);
  }
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as MemoryProbe;
}
