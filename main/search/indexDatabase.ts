/**
 * The index's database: SQLite in `:memory:` with temporary storage in memory
 * too, so neither the index nor any sort or spill of it ever reaches a file.
 * The FTS5 table is contentless: it holds the words' positions, not the text,
 * and each document field gets its own column so a phrase never runs from
 * one field into the next.
 *
 * Every query's last bare word is a prefix, so four-letter prefixes (a short
 * word being typed, or a whole four-letter word) get an index of their own:
 * without it FTS5 merges the matches of every word they begin, for every
 * query. On the 25,000-note bench vault it costs 15 MB more index and about
 * 0.35 s of build CPU, of which merging segments 16 at a time instead of
 * FTS5's default 4 wins back about 0.2 s; three-letter prefixes as well would
 * cost another 0.4 s. Measured in docs/PERFORMANCE.md.
 */
import Database from 'better-sqlite3';

export type IndexDatabase = Database.Database;

/** Columns for fields; a record with more fields shares the last column among the rest. */
export const FIELD_COLUMNS = 8;

export const FIELD_COLUMN_NAMES = Array.from({ length: FIELD_COLUMNS }, (_, index) => `f${index}`);

export function openIndexDatabase(): IndexDatabase {
  const db = new Database(':memory:');
  try {
    db.pragma('temp_store = MEMORY');
    db.exec(`
      CREATE TABLE docs (
        doc INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        session_id TEXT,
        date TEXT NOT NULL,
        template TEXT,
        signed INTEGER,
        UNIQUE (kind, id)
      );
      CREATE INDEX docs_client ON docs (client_id);
      CREATE VIRTUAL TABLE entries USING fts5(
        ${FIELD_COLUMN_NAMES.join(', ')},
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '4'
      );
      INSERT INTO entries (entries, rank) VALUES ('automerge', 16);
    `);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
