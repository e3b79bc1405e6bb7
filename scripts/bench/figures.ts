import type { StoreName } from './engines';
import { STORES } from './engines';
import type { MemoryProbe } from './memory';
import type { Figure, Value } from './report';
import { figure, targets } from './report';
import { single, spreadOf } from './stats';
import type { Samples, Timings } from './timing';
import type { SearchBenchResult } from './vaultSearch';
import { AUTOSAVE_BYTES } from './workload';

const spreads = (samples: Samples): Record<StoreName, Value> => ({
  vault: spreadOf(samples.vault),
  floor: spreadOf(samples.floor),
  peer: spreadOf(samples.peer),
});

const na = (vault: Value, reason: string): Record<StoreName, Value> => ({
  vault,
  floor: { na: reason },
  peer: { na: reason },
});

const NO_COMPARTMENTS = 'no compartments: one key opens the whole file';

/** The timed figures the bench prints, with the targets, from one run's samples. */
export function timedFigures(t: Timings): Figure[] {
  return [
    figure({
      id: 'unlock.total',
      label: 'Unlock to client list ready, with the KDF',
      values: spreads(t.unlock),
      target: targets.atMost(1200, 'median'),
      note: 'floor: open + list (no key); peer: open + PRAGMA key (PBKDF2) + list',
    }),
    figure({
      id: 'unlock.withoutKdf',
      label: 'Unlock to client list ready, without the KDF',
      values: spreads(t.quickUnlock),
      note: 'vault: Argon2id replaced by its remembered result; peer: PRAGMA key with the raw page key',
    }),
    figure({
      id: 'kdf',
      label: 'Key derivation alone',
      values: {
        vault: spreadOf(t.derivationsMs),
        floor: { na: 'no key' },
        peer: { na: 'inside PRAGMA key: the difference of the two unlock rows' },
      },
      note: 'vault: Argon2id in its worker thread, worker start included, inside the timed unlocks',
    }),
    figure({ id: 'clients.list', label: `List clients (${t.clients})`, values: spreads(t.list), target: targets.notSlowerThanPeer() }),
    figure({
      id: 'timeline.open',
      label: "Open a client's session timeline",
      values: spreads(t.timeline),
      target: targets.notSlowerThanPeer(),
      note: "'sessions.listForClient': every session with its note's template and status",
    }),
    figure({ id: 'note.open', label: 'Open one note (decrypt + parse)', values: spreads(t.note), target: targets.notSlowerThanPeer() }),
    figure({
      id: 'autosave',
      label: `Autosave a ${AUTOSAVE_BYTES / 1024} KB note (encrypt + durable commit)`,
      values: spreads(t.autosave),
      target: targets.autosave(5, 1.5),
    }),
    figure({
      id: 'psychotherapy.open',
      label: 'Open the psychotherapy compartment, with the KDF',
      values: na(spreadOf(t.psychotherapyOpen), NO_COMPARTMENTS),
    }),
    figure({
      id: 'psychotherapy.openWithoutKdf',
      label: 'Open the psychotherapy compartment, without the KDF',
      values: na(spreadOf(t.psychotherapyQuickOpen), NO_COMPARTMENTS),
    }),
    figure({ id: 'psychotherapy.list', label: "List a session's psychotherapy notes", values: spreads(t.psychotherapyList) }),
    figure({
      id: 'lock',
      label: 'Lock (wipe keys + drop caches)',
      values: spreads(t.lock),
      note: 'vault: flush hooks, audit entry, keys wiped; floor and peer: close the connection (the peer wipes its key)',
    }),
    figure({ id: 'export.note', label: 'PDF export of 1 note', values: spreads(t.singleExport) }),
    figure({
      id: 'export.record',
      label: `PDF export of a ${t.exportedNotes.record}-note record`,
      values: spreads(t.recordExport),
    }),
  ];
}

const NO_SEARCH_INDEX = 'no index built over this store';

/**
 * Search through the vault (vaultSearch.ts). The floor's column is the same
 * FTS5 index over the same records in plaintext, queried directly.
 */
export function searchFigures(result: SearchBenchResult): Figure[] {
  return [
    figure({
      id: 'search',
      label: 'Search query (mixed one-word, two-word, prefix, phrase; top 20 with snippets)',
      values: { vault: result.queries.all, floor: result.peerQueries.all, peer: { na: NO_SEARCH_INDEX } },
      target: targets.atMost(5, 'p95'),
      note: 'vault: through the dispatcher, decrypting the rows shown; floor: the same index over plaintext',
    }),
    figure({
      id: 'search.build',
      label: 'Search index build after unlock',
      values: { vault: single(result.build.ms), floor: single(result.peerBuildMs), peer: { na: NO_SEARCH_INDEX } },
      target: targets.atMost(3000, 'median'),
      note: 'vault: reads and decrypts every record, in slices between other requests; floor: indexing alone',
    }),
  ];
}

/** Memory with the whole vault open, one fresh process per store. */
export function memoryFigures(memory: Record<StoreName, MemoryProbe>): Figure[] {
  const values = (pick: (probe: MemoryProbe) => number) =>
    Object.fromEntries(STORES.map((store) => [store, single(pick(memory[store]))])) as Record<StoreName, Value>;
  const walked =
    `after listing ${memory.vault.clients} clients, opening every client's page and ${memory.vault.notesOpened} notes once; a fresh Node process per store; ` +
    'vault: its search index built and open (the floor and the peer have none)';
  return [
    figure({
      id: 'memory.rss',
      label: 'Main-process RSS, whole vault open',
      unit: 'MB',
      values: values((probe) => probe.open.rssMB),
      target: targets.atMost(250, 'median'),
      note: walked,
    }),
    figure({ id: 'memory.heapUsed', label: 'Main-process heap used, whole vault open', unit: 'MB', values: values((probe) => probe.open.heapUsedMB) }),
    figure({
      id: 'memory.rssAfterGc',
      label: 'RSS after a full GC, whole vault open',
      unit: 'MB',
      values: values((probe) => probe.afterGc.rssMB),
    }),
    figure({
      id: 'memory.indexedRss',
      label: 'RSS unlocked, search index built, before opening any client',
      unit: 'MB',
      values: values((probe) => probe.indexed.rssMB),
    }),
    figure({
      id: 'memory.unlockedRss',
      label: 'RSS unlocked, before opening any client',
      unit: 'MB',
      values: values((probe) => probe.unlocked.rssMB),
    }),
    figure({
      id: 'memory.baselineRss',
      label: 'RSS before opening (Node + tsx + modules)',
      unit: 'MB',
      values: values((probe) => probe.baseline.rssMB),
    }),
  ];
}

