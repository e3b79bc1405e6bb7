/**
 * Run in a child process whose working folder and TMPDIR are fresh, empty
 * folders: does some SQLite work while watching both, then prints every file
 * event and every new name left behind as one JSON line. `index` builds and
 * queries a search index; `spilling` is the control, a plain SQLite database
 * made to spill a large sort to a temporary file, proving the watch sees one.
 */
import { readdirSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { createSearchIndex } from '../../../main/search/searchIndex';
import type { SearchDocument } from '../../../main/search/searchTypes';

const WORDS = ['panic', 'sleep', 'grief', 'work', 'family', 'exposure', 'Tomás', 'anxiety', 'plan', 'homework'];

function indexWork(): void {
  const index = createSearchIndex('progress');
  const documents: SearchDocument[] = Array.from({ length: 3000 }, (_, i) => ({
    kind: 'progressNote',
    id: `n${i}`,
    clientId: `c${i % 40}`,
    date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
    template: 'SOAP',
    signed: i % 3 !== 0,
    fields: {
      subjective: Array.from({ length: 120 }, (_, w) => `${WORDS[(i * 7 + w) % WORDS.length]}${w % 13}`).join(' '),
      plan: `${WORDS[i % WORDS.length]} review ${i}`,
    },
  }));
  index.upsertMany(documents);
  const loadText = (ref: { id: string }) => documents[Number(ref.id.slice(1))]!.fields;
  for (const text of ['panic', 'sleep work', 'gri', '"family review"', 'tomas']) {
    index.query({ text, limit: 100 }, loadText);
    index.query({ text, filters: { clientId: 'c3', signed: true, from: '2024-01-05', to: '2024-01-20' } }, loadText);
  }
  for (let i = 0; i < 500; i += 1) index.remove('progressNote', `n${i}`);
  index.close();
}

function spillingWork(): void {
  const db = new Database(':memory:');
  db.pragma('temp_store = FILE');
  db.pragma('cache_size = 20');
  db.prepare(
    `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000)
     SELECT x, randomblob(100) AS r FROM n ORDER BY r`,
  ).all();
  db.close();
}

const folders = [process.cwd(), tmpdir()];
// The loader may cache compiled modules in TMPDIR before this line runs; only what appears from here on counts.
const before = new Set(folders.flatMap((folder) => readdirSync(folder)));
const events: string[] = [];
const watchers = folders.map((folder) => watch(folder, (event, name) => events.push(`${event} ${name}`)));
(process.argv[2] === 'spilling' ? spillingWork : indexWork)();
setTimeout(() => {
  for (const watcher of watchers) watcher.close();
  console.log(JSON.stringify({ events, left: folders.flatMap((folder) => readdirSync(folder)).filter((name) => !before.has(name)) }));
}, 200);
