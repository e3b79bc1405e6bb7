/**
 * The search service's contract: what the vault feeds an index, what a query
 * asks and what comes back. Results carry ids and a snippet made of plain
 * text parts, never markup, so the renderer can show them without parsing.
 */
import { SEARCH_RESULT_KINDS } from '../../shared/domain/search';

/** Every kind the index holds is one the window can show: the same list. */
export const SEARCH_KINDS = SEARCH_RESULT_KINDS;

export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Which compartment an index serves; psychotherapy notes never share an index with the clinical record. */
export type SearchCompartment = 'progress' | 'psychotherapy';

/** A record as the vault hands it to the index, in plaintext, for the time it takes to index it. */
export interface SearchDocument {
  kind: SearchKind;
  id: string;
  clientId: string;
  sessionId?: string;
  /** ISO 8601 date or date-time; date filters compare it as text. */
  date: string;
  template?: string;
  signed?: boolean;
  /** Field id to text; each field is indexed on its own so a phrase never spans two fields. */
  fields: Record<string, string>;
}

/** Enough to find the record again and decrypt it. */
export interface SearchDocumentRef {
  kind: SearchKind;
  id: string;
  clientId: string;
  sessionId?: string;
}

export interface SearchFilters {
  clientId?: string;
  /** Inclusive; compared with the document's date as ISO text. */
  from?: string;
  /** Inclusive: a date-only bound covers the whole day. */
  to?: string;
  template?: string;
  /** true: signed only; false: drafts only. Records that are neither (clients) drop out of either. */
  signed?: boolean;
  kinds?: readonly SearchKind[];
}

export interface SearchQuery {
  text: string;
  filters?: SearchFilters;
  /** How many results to return (and decrypt for snippets); defaults to 20, at most 100. */
  limit?: number;
  offset?: number;
}

export interface SnippetPart {
  text: string;
  highlight: boolean;
}

export interface SearchHit extends SearchDocumentRef {
  date: string;
  template?: string;
  signed?: boolean;
  /** The field that holds most of the query's terms; the snippet is cut from it. */
  field: string;
  /** Every field holding at least one query term, best first. */
  fields: string[];
  snippet: SnippetPart[];
  psychotherapy: boolean;
}

/**
 * Decrypts the record a hit points at and returns its fields, or null when the
 * record no longer exists. Called only for the hits being returned.
 */
export type LoadText = (ref: SearchDocumentRef) => Record<string, string> | null;

export interface SearchIndex {
  readonly compartment: SearchCompartment;
  /** Adds the document, replacing any earlier version with the same kind and id. */
  upsert(document: SearchDocument): void;
  /** Adds many documents in one transaction: the path for building an index after unlock. */
  upsertMany(documents: Iterable<SearchDocument>): void;
  /** A session moved to another date: its records (notes, addenda) are filtered by the new one. */
  setSessionDate(sessionId: string, date: string): void;
  /** Returns whether the document was in the index. */
  remove(kind: SearchKind, id: string): boolean;
  query(query: SearchQuery, loadText: LoadText): SearchHit[];
  size(): number;
  /** Bytes held by the in-memory database. */
  memoryBytes(): number;
  /** Frees the in-memory database; every later call throws LOCKED (PSYCHOTHERAPY_LOCKED for that index). */
  close(): void;
  readonly closed: boolean;
}
