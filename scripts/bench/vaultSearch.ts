/**
 * Search through the vault, after the main timings and on its own open of
 * the bench vault: how long the index takes to build after unlock, how long
 * the first client list waits meanwhile, and query latency through the IPC
 * dispatcher (validation, lock check, index, decryption of the rows shown for
 * their snippets) on a mix of one-word, two-word, prefix and phrase queries.
 * The peer is the same FTS5 index over the same records in plaintext, queried
 * directly, with snippets cut from text already in memory.
 */
import { createExportJobs } from '../../main/export/exportJobs';
import { createDispatcher } from '../../main/ipc/dispatch';
import { noteDocuments, clientDocument, sessionDocument } from '../../main/search/searchDocuments';
import { createSearchIndex } from '../../main/search/searchIndex';
import type { SearchDocument } from '../../main/search/searchTypes';
import type { SearchBuild } from '../../main/search/vaultSearch';
import { createVaultSearch } from '../../main/search/vaultSearch';
import { createSyncControl } from '../../main/ipc/syncControl';
import { openVault } from '../../main/vault/vault';
import type { Vault } from '../../main/vault/vaultApi';
import type { SearchReply } from '../../shared/domain/search';
import { seededRandom } from '../../test/fixtures/synthetic/random';
import type { QueryKind } from './queryMix';
import { QUERY_KINDS, queryMix } from './queryMix';
import type { Spread } from './stats';
import { spreadOf } from './stats';

export interface SearchBenchResult {
  build: SearchBuild;
  /** From the unlock reply to the client list's reply, the list asked on the next turn while the index builds. */
  firstClientListMs: number;
  /** The same list once the index is built, for comparison (median of 20). */
  clientListBuiltMs: number;
  indexBytes: number;
  rssMiB: number;
  queries: Record<QueryKind | 'all', Spread>;
  peerQueries: Record<QueryKind | 'all', Spread>;
  peerBuildMs: number;
  meanResults: number;
}

function spreads(samples: Map<string, number[]>): Record<QueryKind | 'all', Spread> {
  return Object.fromEntries([...QUERY_KINDS, 'all'].map((kind) => [kind, spreadOf(samples.get(kind) ?? [])])) as Record<
    QueryKind | 'all',
    Spread
  >;
}

function record(samples: Map<string, number[]>, kind: QueryKind, ms: number): void {
  for (const key of [kind, 'all']) samples.set(key, [...(samples.get(key) ?? []), ms]);
}

/** The clinical record's search documents, client by client: what the bench draws its queries from and the plaintext index holds. */
export function progressDocuments(vault: Vault): SearchDocument[] {
  const documents: SearchDocument[] = [];
  for (const client of vault.records.clients()) {
    documents.push(clientDocument(client));
    const { sessions, notes } = vault.records.clientRecords(client.id);
    const byId = new Map(sessions.map((session) => [session.id, session]));
    documents.push(...sessions.map(sessionDocument));
    for (const note of notes) documents.push(...noteDocuments(note, byId.get(note.sessionId)!));
  }
  return documents;
}

export async function measureVaultSearch(options: {
  vaultPath: string;
  passphrase: string;
  seed: number;
  queriesPerKind: number;
}): Promise<SearchBenchResult> {
  const vault = await openVault(options.vaultPath);
  const search = createVaultSearch(vault);
  const dispatch = createDispatcher({
    vault,
    exports: createExportJobs(),
    search,
    sync: createSyncControl({ vault, search, push: () => undefined }),
    dialogs: { chooseSavePath: () => Promise.resolve(null) },
    push: () => undefined,
  });
  const call = async <T>(channel: Parameters<typeof dispatch>[0], payload: object): Promise<T> => {
    const result = await dispatch(channel, payload);
    if (!result.ok) throw new Error(`${String(channel)} failed: ${result.error.code}`);
    return result.data as T;
  };
  try {
    await call('vault.unlock', { passphrase: options.passphrase });
    const unlocked = performance.now();
    await new Promise((resolve) => setImmediate(resolve));
    await call('clients.list', { includeArchived: false });
    const firstClientListMs = performance.now() - unlocked;
    const build = await search.built('progress');
    if (!build) throw new Error('The search index was not built');
    const index = search.index('progress')!;
    const rssMiB = process.memoryUsage().rss / 1048576;
    const listTimes: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      await call('clients.list', { includeArchived: false });
      listTimes.push(performance.now() - started);
    }

    const documents = progressDocuments(vault);
    const peer = createSearchIndex('progress');
    const peerBuildStarted = performance.now();
    peer.upsertMany(documents);
    const peerBuildMs = performance.now() - peerBuildStarted;
    const texts = new Map(documents.map((document) => [`${document.kind}:${document.id}`, document.fields]));
    const loadText = (ref: { kind: string; id: string }) => texts.get(`${ref.kind}:${ref.id}`) ?? null;

    const mix = queryMix(documents, options.queriesPerKind, seededRandom(options.seed, 7));
    for (const { text } of mix.slice(0, 20)) {
      await call('search.query', { text });
      peer.query({ text }, loadText);
    }
    const vaultSamples = new Map<string, number[]>();
    const peerSamples = new Map<string, number[]>();
    let results = 0;
    for (const [turn, { kind, text }] of mix.entries()) {
      const timeVault = async () => {
        const started = performance.now();
        const reply = await call<SearchReply>('search.query', { text });
        record(vaultSamples, kind, performance.now() - started);
        results += reply.results.length;
      };
      const timePeer = () => {
        const started = performance.now();
        peer.query({ text }, loadText);
        record(peerSamples, kind, performance.now() - started);
      };
      // Which goes first alternates, as in the main timings.
      if (turn % 2 === 0) {
        await timeVault();
        timePeer();
      } else {
        timePeer();
        await timeVault();
      }
    }
    peer.close();
    return {
      build,
      firstClientListMs,
      clientListBuiltMs: spreadOf(listTimes).median,
      indexBytes: index.memoryBytes(),
      rssMiB,
      queries: spreads(vaultSamples),
      peerQueries: spreads(peerSamples),
      peerBuildMs,
      meanResults: results / mix.length,
    };
  } finally {
    search.stop();
    await vault.close();
  }
}

export function searchLines(result: SearchBenchResult): string[] {
  const ms = (value: number) => value.toFixed(2);
  const lines = [
    `index build after unlock: ${(result.build.ms / 1000).toFixed(2)} s for ${result.build.documents} records of ${result.build.clients} clients` +
      ` (${result.build.skippedClients} skipped); FTS5 database ${(result.indexBytes / 1048576).toFixed(1)} MiB; process RSS ${result.rssMiB.toFixed(0)} MiB`,
    `first client list after unlock, while building: ${ms(result.firstClientListMs)} ms (once built: ${ms(result.clientListBuiltMs)} ms)`,
    `peer index build (plaintext records already in memory): ${(result.peerBuildMs / 1000).toFixed(2)} s`,
    `queries (mean ${result.meanResults.toFixed(1)} results, limit 20)   vault p50 / p95   peer p50 / p95   ms`,
  ];
  for (const kind of [...QUERY_KINDS, 'all'] as const) {
    const vault = result.queries[kind];
    const peer = result.peerQueries[kind];
    lines.push(`  ${kind.padEnd(10)} ${ms(vault.median).padStart(8)} / ${ms(vault.p95).padStart(6)}   ${ms(peer.median).padStart(6)} / ${ms(peer.p95).padStart(6)}   (n=${vault.n})`);
  }
  return lines;
}
