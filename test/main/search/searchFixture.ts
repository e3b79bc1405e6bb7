import { createSearchIndex } from '../../../main/search/searchIndex';
import type { LoadText, SearchCompartment, SearchDocument, SearchHit, SearchIndex, SearchQuery } from '../../../main/search/searchTypes';

/**
 * An index with its records kept beside it in plaintext, standing in for the
 * vault: loadText answers from the same records and counts its calls, so tests
 * can see which rows would have been decrypted.
 */
export interface IndexedRecords {
  index: SearchIndex;
  records: Map<string, SearchDocument>;
  loads: string[];
  loadText: LoadText;
  add(...documents: SearchDocument[]): void;
  search(text: string, options?: Omit<SearchQuery, 'text'>): SearchHit[];
  ids(text: string, options?: Omit<SearchQuery, 'text'>): string[];
}

export function indexedRecords(compartment: SearchCompartment = 'progress'): IndexedRecords {
  const index = createSearchIndex(compartment);
  const records = new Map<string, SearchDocument>();
  const loads: string[] = [];
  const loadText: LoadText = (ref) => {
    loads.push(ref.id);
    return records.get(`${ref.kind}:${ref.id}`)?.fields ?? null;
  };
  const search = (text: string, options: Omit<SearchQuery, 'text'> = {}) => index.query({ text, ...options }, loadText);
  return {
    index,
    records,
    loads,
    loadText,
    add(...documents) {
      for (const document of documents) records.set(`${document.kind}:${document.id}`, document);
      index.upsertMany(documents);
    },
    search,
    ids: (text, options) => search(text, options).map((hit) => hit.id),
  };
}

let counter = 0;

export function note(fields: Record<string, string>, extra: Partial<SearchDocument> = {}): SearchDocument {
  counter += 1;
  return {
    kind: 'progressNote',
    id: `note-${counter}`,
    clientId: 'client-a',
    sessionId: `session-${counter}`,
    date: '2024-03-05',
    template: 'SOAP',
    signed: true,
    fields,
    ...extra,
  };
}
