/**
 * The search index on its own: builds it over N synthetic progress notes of
 * about 1.5 KB (plus one record per client) and reports build time, memory
 * (RSS growth and the in-memory database's size) and query latency over a
 * mix of one-word, two-word, prefix and phrase queries.
 *
 *   node --expose-gc --import tsx scripts/bench/search.ts [--notes 25000 --seed 42 --queries 100]
 *
 * Queries are timed end to end, snippets included; loadText answers from the
 * plaintext notes held in memory, so the vault's decryption of the shown rows
 * is not part of these figures.
 */
import { parseArgs } from 'node:util';
import { createSearchIndex } from '../../main/search/searchIndex';
import type { SearchDocument, SearchIndex } from '../../main/search/searchTypes';
import { MODALITIES } from '../../shared/domain/schemas';
import { TEMPLATE_IDS } from '../../shared/templates';
import { caseProfile, progressNoteFields } from '../../test/fixtures/synthetic/clinicalText';
import { syntheticPerson } from '../../test/fixtures/synthetic/people';
import { seededRandom } from '../../test/fixtures/synthetic/random';
import type { Query } from './queryMix';
import { QUERY_KINDS, queryMix } from './queryMix';
import type { Spread } from './stats';
import { spreadOf } from './stats';

const NOTE_CHARS = 1500;
const SESSIONS_PER_CLIENT = 125;
const DAY_MS = 86_400_000;
const FIRST_DAY_MS = Date.UTC(2019, 0, 7);

/** Cuts the note's fields in proportion so the whole note is about NOTE_CHARS long, on word boundaries. */
function trimmed(fields: Record<string, string>): Record<string, string> {
  const total = Object.values(fields).reduce((sum, text) => sum + text.length, 0);
  const scale = Math.min(1, NOTE_CHARS / Math.max(total, 1));
  return Object.fromEntries(
    Object.entries(fields).map(([field, text]) => {
      const cut = Math.floor(text.length * scale);
      const end = text.lastIndexOf(' ', cut);
      return [field, cut >= text.length ? text : text.slice(0, end > 0 ? end : cut)];
    }),
  );
}

function syntheticDocuments(notes: number, seed: number): SearchDocument[] {
  const documents: SearchDocument[] = [];
  const clients = Math.ceil(notes / SESSIONS_PER_CLIENT);
  for (let client = 0; client < clients; client += 1) {
    const random = seededRandom(seed, 1, client);
    const person = syntheticPerson(random, client, FIRST_DAY_MS);
    const profile = caseProfile(random, person.significantOtherName);
    const clientId = `client-${client}`;
    documents.push({
      kind: 'client',
      id: clientId,
      clientId,
      date: new Date(FIRST_DAY_MS).toISOString().slice(0, 10),
      fields: { name: person.input.name, chartNumber: person.input.chartNumber ?? '' },
    });
    const sessions = Math.min(SESSIONS_PER_CLIENT, notes - client * SESSIONS_PER_CLIENT);
    for (let session = 0; session < sessions; session += 1) {
      const noteRandom = seededRandom(seed, 2, client, session);
      const template = noteRandom.pick(TEMPLATE_IDS);
      const signed = !noteRandom.chance(0.05);
      const context = {
        profile,
        sessionNumber: session + 1,
        progress: session / SESSIONS_PER_CLIENT,
        modality: noteRandom.pick(MODALITIES),
      };
      documents.push({
        kind: 'progressNote',
        id: `note-${client}-${session}`,
        clientId,
        sessionId: `session-${client}-${session}`,
        date: new Date(FIRST_DAY_MS + (session * 7 + client) * DAY_MS).toISOString(),
        template,
        signed,
        fields: trimmed(progressNoteFields(noteRandom, template, context, 'long', !signed)),
      });
    }
  }
  return documents;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function row(label: string, wall: Spread, cpu: Spread): string {
  const ms = (value: number) => value.toFixed(2).padStart(7);
  return `${label.padEnd(11)} wall p50 ${ms(wall.median)}  p95 ${ms(wall.p95)}   cpu p50 ${ms(cpu.median)}  p95 ${ms(cpu.p95)}  ms (n=${wall.n})`;
}

interface Samples {
  wall: number[];
  cpu: number[];
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Times each query twice: with snippets (loadText answers) and for the index
 * alone (loadText answers null, so no hit is built). CPU time is printed beside
 * wall time because on a shared machine wall time includes waiting for a core.
 */
function timeQueries(index: SearchIndex, documents: readonly SearchDocument[], mix: readonly Query[]) {
  const byId = new Map(documents.map((document) => [`${document.kind}:${document.id}`, document.fields]));
  const withSnippets = (ref: { kind: string; id: string }) => byId.get(`${ref.kind}:${ref.id}`) ?? null;
  const indexOnly = () => null;
  const samples = new Map<string, Samples>();
  let hits = 0;
  for (const { text } of mix.slice(0, 20)) index.query({ text }, withSnippets);
  for (const [mode, loadText] of [['snippets', withSnippets], ['index', indexOnly]] as const) {
    for (const { kind, text } of mix) {
      const wallStart = performance.now();
      const cpuStart = cpuMs();
      const found = index.query({ text }, loadText).length;
      const cpu = cpuMs() - cpuStart;
      const wall = performance.now() - wallStart;
      if (mode === 'snippets') hits += found;
      for (const key of [`${mode} ${kind}`, `${mode} all`]) {
        const entry = samples.get(key) ?? { wall: [], cpu: [] };
        entry.wall.push(wall);
        entry.cpu.push(cpu);
        samples.set(key, entry);
      }
    }
  }
  return { samples, meanHits: hits / mix.length };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      notes: { type: 'string', default: '25000' },
      seed: { type: 'string', default: '42' },
      queries: { type: 'string', default: '100' },
    },
    strict: true,
  });
  const notes = Number(values.notes);
  const seed = Number(values.seed) >>> 0;
  const perKind = Number(values.queries);
  if (![notes, perKind].every((value) => Number.isSafeInteger(value) && value > 0)) {
    throw new Error('--notes and --queries must be positive integers');
  }
  if (!(globalThis as { gc?: unknown }).gc) console.log('(run with node --expose-gc for steadier memory figures)');

  const documents = syntheticDocuments(notes, seed);
  const noteChars = documents
    .filter((document) => document.kind === 'progressNote')
    .map((document) => Object.values(document.fields).reduce((sum, text) => sum + text.length, 0));
  const mix = queryMix(documents, perKind, seededRandom(seed, 3));

  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const cpuStarted = cpuMs();
  const index = createSearchIndex('progress');
  index.upsertMany(documents);
  const buildMs = performance.now() - started;
  const buildCpuMs = cpuMs() - cpuStarted;
  collectGarbage();
  const rssDelta = process.memoryUsage().rss - rssBefore;

  const { samples, meanHits } = timeQueries(index, documents, mix);
  const mean = noteChars.reduce((sum, chars) => sum + chars, 0) / noteChars.length;

  console.log(`${noteChars.length} progress notes (mean ${mean.toFixed(0)} chars) + ${documents.length - noteChars.length} clients, seed ${seed}`);
  console.log(`build        ${buildMs.toFixed(0)} ms wall, ${buildCpuMs.toFixed(0)} ms cpu (${index.size()} records)`);
  console.log(`memory       RSS +${megabytes(rssDelta)}, FTS5 database ${megabytes(index.memoryBytes())}`);
  for (const mode of ['snippets', 'index']) {
    console.log(mode === 'snippets' ? 'queries, top 20 with snippets:' : 'queries, index alone (no snippets):');
    for (const kind of [...QUERY_KINDS, 'all']) {
      const { wall, cpu } = samples.get(`${mode} ${kind}`)!;
      console.log(`  ${row(kind, spreadOf(wall), spreadOf(cpu))}`);
    }
  }
  console.log(`mean hits per query ${meanHits.toFixed(1)} (limit 20); examples: ${mix.slice(0, 4).map((query) => query.text).join(' | ')}`);
  index.close();
}

main();
