/*
 * The comparison stores (the plaintext floor and the whole-file-encrypted
 * peer): the vault's tables and foreign keys, with one plaintext JSON payload
 * column where the vault keeps nonce and ciphertext. The payload is exactly
 * what the vault seals for that row. The repository below makes the same
 * reads and writes, in the same order, as the vault's repositories and IPC
 * handlers, minus the row crypto and the request validation; its statements
 * are prepared once, as idiomatic better-sqlite3 code does.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { migrate } from '../../main/vault/migrations';
import type { OutcomeMeasure } from '../../shared/domain/measures';
import type { RowTable } from '../../main/vault/tables';
import { byDate } from '../../main/vault/outcomeMeasures';
import { ROW_TABLES, TABLES } from '../../main/vault/tables';
import type { EntryQuery, ExportEntry, ProgressSource } from '../../main/export/progressSource';
import type {
  Addendum,
  Client,
  Diagnosis,
  DiagnosisVersion,
  NoteStatus,
  ProgressNote,
  PsychotherapyNote,
  Session,
  SessionSummary,
  TreatmentPlan,
} from '../../shared/domain/records';
import type { Settings } from '../../shared/domain/schemas';
import { DEFAULT_SETTINGS } from '../../shared/domain/schemas';
import type { TemplateId } from '../../shared/templates';
import { templateFieldIds } from '../../shared/templates';

export type Connection = Database.Database;

/**
 * The vault's own schema, from its migrations, with the three sealing columns
 * of every row table swapped for one payload column. The tables the plaintext
 * stores do not fill (slots, throttle, audit log) are dropped.
 */
function createPlainSchema(db: Connection): void {
  migrate(db);
  db.transaction(() => {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    for (const table of tables) {
      if (!(ROW_TABLES as readonly string[]).includes(table)) db.exec(`DROP TABLE ${table}`);
    }
    // The vault's sealed note summary has no plaintext counterpart: these stores read the note's JSON.
    // Format 13's covering indexes name the sealing columns; the sessions' one is made again over the payload below.
    db.exec(`
      DROP INDEX progress_notes_without_summary;
      DROP INDEX progress_notes_summaries;
      DROP INDEX sessions_rows_by_client;
      ALTER TABLE progress_notes DROP COLUMN summary_nonce;
      ALTER TABLE progress_notes DROP COLUMN summary_ciphertext;
    `);
    for (const table of ROW_TABLES) {
      db.exec(`
        ALTER TABLE ${table} DROP COLUMN key_version;
        ALTER TABLE ${table} DROP COLUMN nonce;
        ALTER TABLE ${table} DROP COLUMN ciphertext;
        ALTER TABLE ${table} ADD COLUMN payload TEXT NOT NULL DEFAULT '';
      `);
    }
    db.exec('CREATE INDEX sessions_rows_by_client ON sessions(client_id, id, payload)');
  })();
}

/** One row as the vault stores it, decrypted: id, parent id, and the sealed payload as JSON. */
export interface PlainRow {
  id: string;
  parent: string | null;
  payload: string;
}

export type PlainRows = Record<RowTable, PlainRow[]>;

/** No rows in any table: a table the fixture does not fill stays empty in the plaintext store too. */
export function emptyPlainRows(): PlainRows {
  return Object.fromEntries(ROW_TABLES.map((table) => [table, []])) as unknown as PlainRows;
}

/** The storage settings of main/vault/db.ts, so only the row crypto differs between the three stores. */
export function applyVaultPragmas(db: Connection): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
}

export function fillPlainStore(db: Connection, rows: PlainRows): void {
  createPlainSchema(db);
  db.transaction(() => {
    for (const table of ROW_TABLES) {
      const fk = TABLES[table].parentColumn;
      const insert = fk
        ? db.prepare(`INSERT INTO ${table} (id, ${fk}, payload) VALUES (?, ?, ?)`)
        : db.prepare(`INSERT INTO ${table} (id, payload) VALUES (?, ?)`);
      for (const row of rows[table]) {
        if (fk) insert.run(row.id, row.parent, row.payload);
        else insert.run(row.id, row.payload);
      }
    }
  })();
}

interface Stored {
  id: string;
  payload: string;
}

type NotePayload = Omit<ProgressNote, 'addenda'>;

export interface DraftInput {
  sessionId: string;
  templateId: TemplateId;
  fields: Record<string, string>;
}

function parsed<T>(row: Stored): T & { id: string } {
  return { ...(JSON.parse(row.payload) as T), id: row.id };
}

function required<T>(row: Stored | undefined, what: string): T & { id: string } {
  if (!row) throw new Error(`${what} not found`);
  return parsed<T>(row);
}

export type PlainStore = ReturnType<typeof plainStore>;

export function plainStore(db: Connection) {
  const statement = (sql: string) => db.prepare(sql);
  const sql = {
    clients: statement('SELECT id, payload FROM clients'),
    client: statement('SELECT id, payload FROM clients WHERE id = ?'),
    session: statement('SELECT id, payload FROM sessions WHERE id = ?'),
    sessionsOf: statement('SELECT id, payload FROM sessions WHERE client_id = ?'),
    note: statement('SELECT id, payload FROM progress_notes WHERE id = ?'),
    noteOf: statement('SELECT id, payload FROM progress_notes WHERE session_id = ?'),
    noteHeadsOf: statement(
      `SELECT n.session_id AS sessionId, json_extract(n.payload, '$.templateId') AS templateId, json_extract(n.payload, '$.status') AS status
       FROM sessions s JOIN progress_notes n ON n.session_id = s.id WHERE s.client_id = ?`,
    ),
    addendaOf: statement('SELECT id, payload FROM addenda WHERE note_id = ?'),
    updateNote: statement('UPDATE progress_notes SET payload = ? WHERE id = ?'),
    insertNote: statement('INSERT INTO progress_notes (id, session_id, payload) VALUES (?, ?, ?)'),
    psychotherapyOf: statement('SELECT id, payload FROM psychotherapy_notes WHERE session_id = ?'),
    settings: statement('SELECT id, payload FROM settings'),
    insertDisclosure: statement('INSERT INTO disclosures (id, client_id, payload) VALUES (?, ?, ?)'),
    diagnosesOf: statement('SELECT id, payload FROM diagnoses WHERE client_id = ?'),
    plansOf: statement('SELECT id, payload FROM treatment_plans WHERE client_id = ?'),
    measuresOf: statement('SELECT id, payload FROM outcome_measures WHERE session_id = ?'),
  };

  const getClient = (id: string) => required<Client>(sql.client.get(id) as Stored | undefined, 'Client');
  const getSession = (id: string) => required<Session>(sql.session.get(id) as Stored | undefined, 'Session');
  const findForSession = (sessionId: string): NotePayload | undefined => {
    const row = sql.noteOf.get(sessionId) as Stored | undefined;
    return row ? parsed<NotePayload>(row) : undefined;
  };
  const withAddenda = (note: NotePayload): ProgressNote => ({
    ...note,
    addenda: (sql.addendaOf.all(note.id) as Stored[])
      .map((row) => parsed<Addendum>(row))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
  });
  const sessionsForClient = (clientId: string): Session[] => {
    getClient(clientId);
    return (sql.sessionsOf.all(clientId) as Stored[])
      .map((row) => parsed<Session>(row))
      .sort((a, b) => b.date.localeCompare(a.date) || b.startTime.localeCompare(a.startTime));
  };
  const getForSession = (sessionId: string): ProgressNote | null => {
    getSession(sessionId);
    const note = findForSession(sessionId);
    return note ? withAddenda(note) : null;
  };

  const store = {
    listClients(includeArchived = false): Client[] {
      return (sql.clients.all() as Stored[])
        .map((row) => parsed<Client>(row))
        .filter((client) => includeArchived || !client.archived)
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    },

    /**
     * The session list of a client's page in the vault's two reads: the
     * sessions, then the template and status of the client's notes in one
     * join. Where the vault opens a sealed summary, a plaintext store reads
     * the two fields out of the note's JSON in SQLite.
     */
    sessionSummaries(clientId: string): SessionSummary[] {
      const sessions = sessionsForClient(clientId);
      const notes = new Map(
        (sql.noteHeadsOf.all(clientId) as { sessionId: string; templateId: TemplateId; status: NoteStatus }[]).map((row) => [
          row.sessionId,
          { templateId: row.templateId, status: row.status },
        ]),
      );
      return sessions.map((session) => ({ ...session, note: notes.get(session.id) ?? null }));
    },

    getForSession,

    /** saveProgressDraft: every autosave is one autocommitted statement, one durable commit. */
    saveDraft(input: DraftInput): ProgressNote {
      getSession(input.sessionId);
      const allowed = templateFieldIds(input.templateId);
      const fields = Object.fromEntries(allowed.map((field) => [field, input.fields[field] ?? '']));
      const existing = findForSession(input.sessionId);
      const now = new Date().toISOString();
      if (existing) {
        if (existing.status === 'signed') throw new Error('A signed note cannot be changed');
        const { id, ...rest } = existing;
        const next = { ...rest, templateId: input.templateId, fields, updatedAt: now };
        sql.updateNote.run(JSON.stringify(next), id);
        return withAddenda({ ...next, id });
      }
      const id = randomBytes(16).toString('hex');
      const status: NoteStatus = 'draft';
      const note = { sessionId: input.sessionId, templateId: input.templateId, fields, status, createdAt: now, updatedAt: now };
      sql.insertNote.run(id, input.sessionId, JSON.stringify(note));
      return { ...note, id, addenda: [] };
    },

    psychotherapyNotesForSession(sessionId: string): PsychotherapyNote[] {
      getSession(sessionId);
      return (sql.psychotherapyOf.all(sessionId) as Stored[])
        .map((row) => parsed<PsychotherapyNote>(row))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },

    /** What the exporter reads, built the way progressSourceOf builds it from the vault. */
    progressSource(): ProgressSource {
      return {
        getClient,
        getSession,
        getNote: (id) => withAddenda(required<NotePayload>(sql.note.get(id) as Stored | undefined, 'Progress note')),
        // The benchmark's exports name a basis that needs no authorization, and the store holds none.
        getAuthorization: () => {
          throw new Error('Authorization not found');
        },
        listForClient: (clientId: string, query: EntryQuery): ExportEntry[] =>
          sessionsForClient(clientId)
            .filter((session) => (!query.from || session.date >= query.from) && (!query.to || session.date <= query.to))
            .flatMap((session) => {
              const note = findForSession(session.id);
              if (!note || (note.status === 'draft' && !query.includeDrafts)) return [];
              return [{ session, note: withAddenda(note) }];
            })
            .reverse(),
        settings: (): Settings => {
          const row = sql.settings.get() as Stored | undefined;
          return row ? { ...DEFAULT_SETTINGS, ...(JSON.parse(row.payload) as Partial<Settings>) } : DEFAULT_SETTINGS;
        },
        /** Each diagnosis as its latest version with every version as history, as listDiagnosesForClient builds it. */
        listDiagnoses: (clientId: string): Diagnosis[] => {
          const chains = new Map<string, DiagnosisVersion[]>();
          for (const version of (sql.diagnosesOf.all(clientId) as Stored[]).map((row) => parsed<DiagnosisVersion>(row))) {
            chains.set(version.diagnosisId, [...(chains.get(version.diagnosisId) ?? []), version]);
          }
          return [...chains.values()].map((versions) => {
            const history = versions.sort((a, b) => a.version - b.version);
            const { id: _id, diagnosisId, version: _version, ...state } = history[history.length - 1]!;
            return { ...state, id: diagnosisId, history };
          });
        },
        currentTreatmentPlan: (clientId: string): TreatmentPlan | null =>
          (sql.plansOf.all(clientId) as Stored[])
            .map((row) => parsed<TreatmentPlan>(row))
            .filter((plan) => plan.status === 'signed')
            .sort((a, b) => b.revision - a.revision)[0] ?? null,
        /** Dated by their sessions, oldest first, as listMeasuresForClient reads them. */
        listMeasures: (clientId: string): OutcomeMeasure[] =>
          sessionsForClient(clientId)
            .flatMap((session) =>
              (sql.measuresOf.all(session.id) as Stored[]).map((row) => ({ ...parsed<Omit<OutcomeMeasure, 'date'>>(row), date: session.date })),
            )
            .sort(byDate),
      };
    },

    recordDisclosure(clientId: string, payload: object): void {
      getClient(clientId);
      sql.insertDisclosure.run(randomBytes(16).toString('hex'), clientId, JSON.stringify(payload));
    },
  };
  return store;
}
