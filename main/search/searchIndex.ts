/**
 * A full-text index over one compartment's records, alive only in memory
 * while that compartment is open. The vault builds it after unlock, keeps it
 * current on every write and closes it on lock; psychotherapy notes get an
 * index of their own that the caller opens and closes with that compartment.
 *
 * SQLite errors never leave this module as they are: FTS5 messages can quote
 * the query, and the query is client data.
 */
import type { Statement } from 'better-sqlite3';
import { VaultError } from '../../shared/errors';
import type { IndexDatabase } from './indexDatabase';
import { FIELD_COLUMN_NAMES, FIELD_COLUMNS, openIndexDatabase } from './indexDatabase';
import type { QueryTerm } from './queryText';
import { matchExpression, parseQuery } from './queryText';
import { filterSql } from './searchFilters';
import type {
  LoadText,
  SearchCompartment,
  SearchDocument,
  SearchDocumentRef,
  SearchHit,
  SearchIndex,
  SearchKind,
  SearchQuery,
} from './searchTypes';
import { SEARCH_KINDS } from './searchTypes';
import { matchingFields, snippetOf } from './snippet';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/**
 * bm25 reads every record that holds a query term, so a word found in most of
 * 25,000 notes takes tens of milliseconds to rank. A query that matches more
 * records than this is answered most recently indexed first instead (the vault
 * indexes oldest first, so newest first): a word that common says little about
 * which note is meant, and the latest notes are the likeliest.
 */
export const RANKED_MATCHES = 1000;

type QueryParams = Record<string, string | number>;

interface DocRow {
  doc: number;
  kind: SearchKind;
  id: string;
  client_id: string;
  session_id: string | null;
  date: string;
  template: string | null;
  signed: number | null;
}

function invalid(message: string): VaultError {
  return new VaultError('INVALID_INPUT', message);
}

function checkDocument(document: SearchDocument, compartment: SearchCompartment): void {
  if (!SEARCH_KINDS.includes(document.kind)) throw invalid('Unknown search document kind');
  if ((document.kind === 'psychotherapyNote') !== (compartment === 'psychotherapy')) {
    throw invalid('Psychotherapy notes are indexed only in the psychotherapy index, and only they are');
  }
  for (const value of [document.id, document.clientId, document.date]) {
    if (typeof value !== 'string' || value === '') throw invalid('A search document needs an id, a client id and a date');
  }
  if (Object.values(document.fields).some((value) => typeof value !== 'string')) {
    throw invalid('Search document fields must be text');
  }
}

/** One column per field, in the record's field order; extra fields share the last column. */
function columnValues(fields: Record<string, string>): (string | null)[] {
  const values: (string | null)[] = Object.values(fields);
  const columns = values.slice(0, FIELD_COLUMNS - 1);
  const rest = values.slice(FIELD_COLUMNS - 1);
  columns.push(rest.length > 0 ? rest.join('\n') : null);
  while (columns.length < FIELD_COLUMNS) columns.push(null);
  return columns;
}

function checkPage(query: SearchQuery): { limit: number; offset: number } {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const offset = query.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalid(`A search limit is a whole number from 1 to ${MAX_LIMIT}`);
  }
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalid('A search offset is a whole number from 0');
  return { limit, offset };
}

function refOf(row: DocRow): SearchDocumentRef {
  const ref: SearchDocumentRef = { kind: row.kind, id: row.id, clientId: row.client_id };
  if (row.session_id !== null) ref.sessionId = row.session_id;
  return ref;
}

function hitOf(row: DocRow, terms: readonly QueryTerm[], fields: Record<string, string>, psychotherapy: boolean): SearchHit {
  const matched = matchingFields(fields, terms);
  const best = matched[0];
  const fallback = Object.keys(fields).find((field) => fields[field]!.trim() !== '') ?? '';
  const hit: SearchHit = {
    ...refOf(row),
    date: row.date,
    field: best?.field ?? fallback,
    fields: matched.map((entry) => entry.field),
    snippet: best ? snippetOf(best.text, best.matches) : snippetOf((fields[fallback] ?? '').normalize('NFC'), []),
    psychotherapy,
  };
  if (row.template !== null) hit.template = row.template;
  if (row.signed !== null) hit.signed = row.signed === 1;
  return hit;
}

export function createSearchIndex(compartment: SearchCompartment): SearchIndex {
  let db: IndexDatabase | null = openIndexDatabase();
  const open = (): IndexDatabase => {
    if (db) return db;
    throw compartment === 'psychotherapy'
      ? new VaultError('PSYCHOTHERAPY_LOCKED', 'Psychotherapy note search is closed while that compartment is locked')
      : new VaultError('LOCKED', 'Search is closed while the vault is locked');
  };
  const guarded = <T>(work: (db: IndexDatabase) => T): T => {
    const current = open();
    try {
      return work(current);
    } catch (error) {
      if (error instanceof VaultError) throw error;
      throw new VaultError('INTERNAL', 'The search index failed');
    }
  };

  const statements = {
    find: db.prepare<[string, string], { doc: number }>('SELECT doc FROM docs WHERE kind = ? AND id = ?'),
    deleteEntry: db.prepare<[number]>('DELETE FROM entries WHERE rowid = ?'),
    deleteDoc: db.prepare<[number]>('DELETE FROM docs WHERE doc = ?'),
    // Not INSERT OR REPLACE: with the entries' inserts between, its conflict path tripled the build (3.2 s of CPU against 1.0 s for 51,344 records).
    insertDoc: db.prepare(
      `INSERT INTO docs (kind, id, client_id, session_id, date, template, signed)
       VALUES (@kind, @id, @clientId, @sessionId, @date, @template, @signed)`,
    ),
    updateDoc: db.prepare(
      `UPDATE docs SET kind = @kind, id = @id, client_id = @clientId, session_id = @sessionId, date = @date, template = @template, signed = @signed
       WHERE doc = @doc`,
    ),
    insertEntry: db.prepare(
      `INSERT INTO entries (rowid, ${FIELD_COLUMN_NAMES.join(', ')})
       VALUES (?, ${FIELD_COLUMN_NAMES.map(() => '?').join(', ')})`,
    ),
    redate: db.prepare<[string, string]>('UPDATE docs SET date = ? WHERE session_id = ?'),
    docRow: db.prepare<[number], DocRow>('SELECT * FROM docs WHERE doc = ?'),
    count: db.prepare<[], number>('SELECT count(*) FROM docs').pluck(),
    pages: db.prepare<[], number>('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck(),
  };
  const queries = new Map<string, { newest: Statement<QueryParams, number>; ranked: Statement<QueryParams, DocRow> }>();

  const removeDoc = (kind: SearchKind, id: string): boolean => {
    const existing = statements.find.get(kind, id);
    if (!existing) return false;
    statements.deleteEntry.run(existing.doc);
    statements.deleteDoc.run(existing.doc);
    return true;
  };
  const upsertOne = (document: SearchDocument): void => {
    checkDocument(document, compartment);
    // A replaced record keeps its place in index order, which decides what counts as recent (RANKED_MATCHES).
    const existing = statements.find.get(document.kind, document.id);
    if (existing) statements.deleteEntry.run(existing.doc);
    const values = {
      kind: document.kind,
      id: document.id,
      clientId: document.clientId,
      sessionId: document.sessionId ?? null,
      date: document.date,
      template: document.template ?? null,
      signed: document.signed === undefined ? null : document.signed ? 1 : 0,
    };
    let doc: number | bigint;
    if (existing) {
      statements.updateDoc.run({ ...values, doc: existing.doc });
      doc = existing.doc;
    } else {
      doc = statements.insertDoc.run(values).lastInsertRowid;
    }
    statements.insertEntry.run(doc, ...columnValues(document.fields));
  };

  const matchingRows = (current: IndexDatabase, terms: readonly QueryTerm[], query: SearchQuery): DocRow[] => {
    const { limit, offset } = checkPage(query);
    if (terms.length === 0) return [];
    const { conditions, params } = filterSql(query.filters);
    let prepared = queries.get(conditions);
    if (!prepared) {
      const from = `FROM entries JOIN docs ON docs.doc = entries.rowid WHERE entries MATCH @match${conditions}`;
      prepared = {
        // Without filters the documents table has nothing to say until the page is chosen: the index alone counts and orders.
        newest: current
          .prepare<QueryParams, number>(
            conditions === ''
              ? 'SELECT rowid FROM entries WHERE entries MATCH @match ORDER BY rowid DESC LIMIT @window'
              : `SELECT docs.doc ${from} ORDER BY entries.rowid DESC LIMIT @window`,
          )
          .pluck(),
        ranked: current.prepare<QueryParams, DocRow>(`SELECT docs.* ${from} ORDER BY entries.rank LIMIT @limit OFFSET @offset`),
      };
      queries.set(conditions, prepared);
    }
    const match = matchExpression(terms);
    // One statement both tells a common query from a rare one and holds the newest page: FTS5 gathers a
    // prefix's matches afresh for every statement, which made a separate count cost as much as the page.
    const newest = prepared.newest.all({ ...params, match, window: Math.max(RANKED_MATCHES + 1, offset + limit) });
    if (newest.length > RANKED_MATCHES) return newest.slice(offset, offset + limit).map((doc) => statements.docRow.get(doc)!);
    if (offset >= newest.length) return [];
    return prepared.ranked.all({ ...params, match, limit, offset });
  };

  return {
    compartment,
    upsert: (document) => guarded((current) => current.transaction(() => upsertOne(document))()),
    upsertMany: (documents) =>
      guarded((current) =>
        current.transaction(() => {
          for (const document of documents) upsertOne(document);
        })(),
      ),
    setSessionDate: (sessionId, date) =>
      guarded(() => {
        if (typeof date !== 'string' || date === '') throw invalid('A search document needs a date');
        statements.redate.run(date, sessionId);
      }),
    remove: (kind, id) => guarded((current) => current.transaction(() => removeDoc(kind, id))()),
    query: (query, loadText: LoadText) => {
      const terms = parseQuery(typeof query.text === 'string' ? query.text : '');
      const rows = guarded((current) => matchingRows(current, terms, query));
      const hits: SearchHit[] = [];
      for (const row of rows) {
        const fields = loadText(refOf(row));
        if (fields) hits.push(hitOf(row, terms, fields, compartment === 'psychotherapy'));
      }
      return hits;
    },
    size: () => guarded(() => statements.count.get()!),
    memoryBytes: () => guarded(() => statements.pages.get()!),
    close: () => {
      db?.close();
      db = null;
    },
    get closed() {
      return db === null;
    },
  };
}
