import type { TemplateId } from '../../shared/templates';
import { templateFieldIds } from '../../shared/templates';
import type { Random } from '../../test/fixtures/synthetic/random';
import { seededRandom } from '../../test/fixtures/synthetic/random';
import type { Connection } from './plainStore';

/**
 * What every store is asked to do, chosen once from the seed so the vault, the
 * floor and the peer see the same clients, sessions and notes in the same order.
 */
export interface BenchSizes {
  /** Unlocks with the real KDF (each costs about one Argon2id derivation). */
  unlocks: number;
  /** Unlocks and locks without the KDF. */
  quickUnlocks: number;
  timelines: number;
  noteOpens: number;
  autosaves: number;
  psychotherapyOpens: number;
  psychotherapyLists: number;
  singleNoteExports: number;
  recordExports: number;
  /** Notes in the "whole record" export. */
  recordExportNotes: number;
  /** Search queries of each kind (one word, two words, prefix, phrase). */
  searchQueriesPerKind: number;
}

export const FULL_SIZES: BenchSizes = {
  unlocks: 5,
  quickUnlocks: 30,
  timelines: 200,
  noteOpens: 500,
  autosaves: 300,
  psychotherapyOpens: 3,
  psychotherapyLists: 200,
  singleNoteExports: 10,
  recordExports: 3,
  recordExportNotes: 100,
  searchQueriesPerKind: 100,
};

export interface Workload {
  timelineClients: string[];
  noteSessions: string[];
  psychotherapySessions: string[];
  autosave: { sessionId: string; templateId: TemplateId };
  singleNoteExport: string;
  recordExport: { clientId: string; from: string; to: string; notes: number };
}

export const AUTOSAVE_TEMPLATE: TemplateId = 'SOAP';
export const AUTOSAVE_BYTES = 4096;
const WARM_UP = 3;

/** Warm-up runs before sampling, so the first JIT and page-cache misses are not counted. */
export function warmUpCount(samples: number): number {
  return Math.min(WARM_UP, samples);
}

/**
 * The note being typed: 4 KB of text spread over the template's fields. Each
 * save differs from the last by its final characters, as a pause in typing does.
 */
export function autosaveFields(templateId: TemplateId, save: number): Record<string, string> {
  const ids = templateFieldIds(templateId);
  const per = Math.floor(AUTOSAVE_BYTES / ids.length);
  const sentence = 'Client described the week and the plan agreed at the last session; rehearsed the next steps. ';
  const fields: Record<string, string> = {};
  ids.forEach((id, index) => {
    const length = index === ids.length - 1 ? AUTOSAVE_BYTES - per * (ids.length - 1) : per;
    const body = sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);
    fields[id] = index === ids.length - 1 ? `${body.slice(0, length - 8)}${String(save).padStart(8, '0')}` : body;
  });
  return fields;
}

/** `count` items drawn with replacement when the list is shorter, in a seeded order. */
function draw<T>(random: Random, items: readonly T[], count: number): T[] {
  if (items.length === 0) return [];
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return Array.from({ length: count }, (_, index) => shuffled[index % shuffled.length]!);
}

const column = (db: Connection, sql: string, ...params: unknown[]): string[] =>
  db.prepare(sql).pluck().all(...params) as string[];

/**
 * Picks the workload from the floor's copy (plaintext, same ids as the vault),
 * so choosing it decrypts nothing and costs no store a warm cache.
 */
export function chooseWorkload(floor: Connection, seed: number, sizes: BenchSizes, autosaveSessionId: string): Workload {
  const random = seededRandom(seed, 0xbe9c);
  const clients = column(floor, 'SELECT id FROM clients ORDER BY id');
  const sessions = column(floor, 'SELECT id FROM sessions WHERE id <> ? ORDER BY id', autosaveSessionId);
  const withPsychotherapy = column(floor, 'SELECT DISTINCT session_id FROM psychotherapy_notes ORDER BY session_id');
  const notes = column(floor, 'SELECT id FROM progress_notes WHERE session_id <> ? ORDER BY id', autosaveSessionId);
  const recordClient = floor
    .prepare(
      `SELECT s.client_id AS clientId, COUNT(*) AS notes FROM progress_notes n JOIN sessions s ON s.id = n.session_id
       GROUP BY s.client_id ORDER BY notes DESC, s.client_id LIMIT 1`,
    )
    .get() as { clientId: string; notes: number } | undefined;
  if (!recordClient || notes.length === 0) throw new Error('The bench vault has no notes to open or export');
  const dates = column(
    floor,
    `SELECT json_extract(s.payload, '$.date') FROM sessions s JOIN progress_notes n ON n.session_id = s.id
     WHERE s.client_id = ? ORDER BY 1 DESC`,
    recordClient.clientId,
  );
  const recordNotes = Math.min(sizes.recordExportNotes, dates.length);
  return {
    timelineClients: draw(random, clients, sizes.timelines),
    noteSessions: draw(random, sessions, sizes.noteOpens),
    /** A tiny vault may hold no psychotherapy notes: then the list is timed on sessions that have none. */
    psychotherapySessions: draw(random, withPsychotherapy.length > 0 ? withPsychotherapy : sessions, sizes.psychotherapyLists),
    autosave: { sessionId: autosaveSessionId, templateId: AUTOSAVE_TEMPLATE },
    singleNoteExport: random.pick(notes),
    recordExport: { clientId: recordClient.clientId, from: dates[recordNotes - 1]!, to: dates[0]!, notes: recordNotes },
  };
}
