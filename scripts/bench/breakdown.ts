import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Client } from '../../shared/domain/records';
import { progressDraftSchema } from '../../shared/domain/schemas';
import { listClients } from '../../main/vault/clients';
import type { VaultContext } from '../../main/vault/context';
import { systemClock } from '../../main/vault/context';
import type { VaultDatabase } from '../../main/vault/db';
import type { KdfParams } from '../../main/vault/kdfParams';
import type { CompartmentKey } from '../../main/vault/keyRing';
import { KeyRing } from '../../main/vault/keyRing';
import { getProgressNoteForSession, saveProgressDraft } from '../../main/vault/progressNotes';
import type { RowRef } from '../../main/vault/rowCipher';
import { openRow, rowAad, sealRow } from '../../main/vault/rowCipher';
import { listSessionsForClient } from '../../main/vault/sessions';
import type { Sodium } from '../../main/vault/sodium';
import { loadSodium } from '../../main/vault/sodium';
import { applyVaultPragmas } from './plainStore';
import { elapsedMs, elapsedSyncMs, spreadOf } from './stats';
import { AUTOSAVE_TEMPLATE, autosaveFields } from './workload';

/**
 * Where the vault's time goes, piece by piece, measured on the bench vault
 * after the timed run (the vault closed, its file opened here with the vault's
 * pragmas and a copy of the progress key; only the autosave draft is written). Each piece is the best of repeated runs (the
 * timeline variants: the median over many clients, run in turn); per-row
 * figures are in microseconds.
 *
 * The timeline variants are before-and-after figures for fixes, measured
 * without touching the vault's modules: the vault's own repository functions
 * over a connection whose prepare() returns a cached statement (a statement
 * cache in main/vault/rows.ts), and a two-query prototype of the page.
 */
export interface BreakdownInput {
  vaultPath: string;
  vaultId: string;
  progressKey: CompartmentKey;
  timelineClients: readonly string[];
  noteSessions: readonly string[];
  autosaveSessionId: string;
  kdf: KdfParams;
  /** In-thread Argon2id runs, to separate the derivation from its worker's start-up. */
  argon2idRuns: number;
}

interface StoredRow {
  id: string;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
}

const REPEATS = 15;
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (samples: readonly number[]) => spreadOf(samples).median;
const WARM_UP = 3;

/**
 * The best of `times` timed runs, after a few untimed ones for the JIT and the
 * caches: the cost of the piece itself, with as little as possible of what
 * else the machine was doing (a shared machine inflates medians unevenly).
 */
function repeatMs(work: () => unknown, times = REPEATS): number {
  for (let run = 0; run < WARM_UP; run += 1) work();
  return Math.min(...Array.from({ length: times }, () => elapsedSyncMs(work)));
}

/** Counts prepare() calls and, when asked, hands back one statement per SQL text. */
function instrumented(db: VaultDatabase, cache: boolean) {
  const statements = new Map<string, Database.Statement>();
  const counts = { prepares: 0 };
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          counts.prepares += 1;
          if (!cache) return target.prepare(sql);
          let statement = statements.get(sql);
          if (!statement) {
            statement = target.prepare(sql);
            statements.set(sql, statement);
          }
          return statement;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, counts };
}

/** Counts row decryptions made through a context. */
/**
 * Counts row decryptions: rows open through libsodium's exported decrypt on
 * the module under the wrappers (main/vault/aeadBlock.ts). Every row has an
 * AAD; the stack scrub that follows each open has none and is not counted.
 */
function countingSodium(sodium: Sodium) {
  const counts = { decrypts: 0 };
  type Module = Record<string, unknown> & { _crypto_aead_xchacha20poly1305_ietf_decrypt: (...args: number[]) => number };
  const module = (sodium as unknown as { libsodium: Module }).libsodium;
  const countingModule = new Proxy(module, {
    get(target, property) {
      if (property === '_crypto_aead_xchacha20poly1305_ietf_decrypt') {
        return (...args: number[]) => {
          if ((args[7] ?? 0) > 0) counts.decrypts += 1;
          return target._crypto_aead_xchacha20poly1305_ietf_decrypt(...args);
        };
      }
      return Reflect.get(target, property, target) as unknown;
    },
  });
  const proxy = new Proxy(sodium, {
    get(target, property) {
      if (property === 'libsodium') return countingModule;
      return Reflect.get(target, property, target) as unknown;
    },
  });
  return { sodium: proxy, counts };
}

/**
 * ChaCha20-Poly1305 in OpenSSL (node:crypto): what a native binding would pay
 * for the same AEAD over the same bytes. XChaCha adds one HChaCha20 block.
 */
const AAD = Buffer.from('row|aad');

function nativeDecryptUs(plaintexts: readonly Uint8Array[]): number {
  const key = randomBytes(32);
  const sealed = plaintexts.map((plaintext) => {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    cipher.setAAD(AAD, { plaintextLength: plaintext.length });
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { nonce, body, tag: cipher.getAuthTag() };
  });
  const ms = repeatMs(() => {
    for (const row of sealed) {
      const decipher = createDecipheriv('chacha20-poly1305', key, row.nonce, { authTagLength: 16 });
      decipher.setAAD(AAD, { plaintextLength: row.body.length });
      decipher.setAuthTag(row.tag);
      decipher.update(row.body);
      decipher.final();
    }
  });
  return (ms * 1000) / sealed.length;
}

/** Decrypt-only, then decode+parse, then the whole openRow, per row, for rows of one table. */
function rowCosts(ctx: VaultContext, table: 'clients' | 'sessions' | 'progress_notes', rows: readonly StoredRow[]) {
  const { sodium } = ctx;
  const key = ctx.keys.get('progress');
  const refs = rows.map((row): RowRef => ({ vaultId: ctx.vaultId, table, rowId: row.id }));
  const aads = refs.map((ref, index) => rowAad(ref, 'progress', rows[index]!.key_version));
  const decryptAll = () =>
    rows.map((row, index) =>
      sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, row.ciphertext, aads[index]!, row.nonce, key.key),
    );
  const plaintexts = decryptAll();
  const perRow = (ms: number) => round((ms * 1000) / rows.length, 1);
  return {
    rows: rows.length,
    ciphertextBytesMedian: median(rows.map((row) => row.ciphertext.length)),
    decryptUs: perRow(repeatMs(decryptAll)),
    decodeAndParseUs: perRow(repeatMs(() => plaintexts.map((plaintext) => JSON.parse(sodium.to_string(plaintext)) as unknown))),
    openRowUs: perRow(
      repeatMs(() =>
        rows.map((row, index) =>
          openRow(sodium, key, refs[index]!, { keyVersion: row.key_version, nonce: row.nonce, ciphertext: row.ciphertext }),
        ),
      ),
    ),
    nativeDecryptUs: round(nativeDecryptUs(plaintexts), 1),
  };
}

const AUTOSAVES = 100;

/** The vault's saveProgressDraft, durable commit included, as is and over cached statements, in turn. */
function autosaveWithAndWithoutCache(ctx: VaultContext, cachedCtx: VaultContext, sessionId: string) {
  const asIs: number[] = [];
  const cached: number[] = [];
  for (let save = 0; save < AUTOSAVES + WARM_UP; save += 1) {
    const draft = (n: number) => ({ sessionId, templateId: AUTOSAVE_TEMPLATE, fields: autosaveFields(AUTOSAVE_TEMPLATE, n) });
    const plainMs = elapsedSyncMs(() => saveProgressDraft(ctx, draft(2 * save)));
    const cachedMs = elapsedSyncMs(() => saveProgressDraft(cachedCtx, draft(2 * save + 1)));
    if (save < WARM_UP) continue;
    asIs.push(plainMs);
    cached.push(cachedMs);
  }
  const summary = (samples: number[]) => {
    const spread = spreadOf(samples);
    return { median: round(spread.median), p95: round(spread.p95) };
  };
  return { saveMs: summary(asIs), saveWithStatementCacheMs: summary(cached) };
}

const SODIUM_PATH = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo');

/** What main/vault/kdf.ts pays before Argon2id starts: a worker thread that loads libsodium. */
function startSodiumWorker(): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      `require(require('node:worker_threads').workerData).ready.then(() => process.exit(0));`,
      { eval: true, workerData: SODIUM_PATH },
    );
    worker.once('error', reject);
    worker.once('exit', () => resolve());
  });
}

export type Breakdown = Awaited<ReturnType<typeof measureBreakdown>>;

interface NoteSummary {
  sessionId: string;
  templateId: string;
  status: string;
}

export async function measureBreakdown(input: BreakdownInput) {
  const sodium = await loadSodium();
  const raw = new Database(input.vaultPath, { fileMustExist: true });
  applyVaultPragmas(raw);
  const keys = new KeyRing(sodium);
  keys.set('progress', { version: input.progressKey.version, key: input.progressKey.key.slice() });
  try {
    const base = { sodium, vaultId: input.vaultId, keys, clock: systemClock };
    const ctx: VaultContext = { ...base, db: raw };
    const cachedCtx: VaultContext = { ...base, db: instrumented(raw, true).db };
    const counting = instrumented(raw, false);
    const countingCrypto = countingSodium(sodium);
    const countingCtx: VaultContext = { ...base, db: counting.db, sodium: countingCrypto.sodium };

    const clientsSql = 'SELECT id, NULL AS parent, key_version, nonce, ciphertext FROM clients';
    const selectAll = raw.prepare(clientsSql);
    const clientRows = selectAll.all() as StoredRow[];
    const key = keys.get('progress');
    const inStorageOrder = clientRows.map((row) =>
      ({ ...openRow<Client>(sodium, key, { vaultId: input.vaultId, table: 'clients', rowId: row.id }, { keyVersion: row.key_version, nonce: row.nonce, ciphertext: row.ciphertext }), id: row.id }),
    );
    const clientList = {
      ...rowCosts(ctx, 'clients', clientRows),
      sqliteReadAllMs: round(repeatMs(() => selectAll.all())),
      prepareMs: round(repeatMs(() => raw.prepare(clientsSql))),
      sortMs: round(repeatMs(() => [...inStorageOrder].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)))),
      repositoryMs: round(repeatMs(() => listClients(ctx))),
    };

    const noteSql = 'SELECT id, session_id AS parent, key_version, nonce, ciphertext FROM progress_notes WHERE session_id = ?';
    const noteStatement = raw.prepare(noteSql);
    const noteSessions = [...new Set(input.noteSessions)].slice(0, 200);
    const noteRows = noteSessions.map((sessionId) => noteStatement.get(sessionId) as StoredRow);
    const perNote = (on: VaultContext) =>
      round((repeatMs(() => noteSessions.map((sessionId) => getProgressNoteForSession(on, sessionId))) * 1000) / noteSessions.length, 1);
    const notes = {
      ...rowCosts(ctx, 'progress_notes', noteRows),
      sqliteReadUs: round((repeatMs(() => noteSessions.map((sessionId) => noteStatement.get(sessionId))) * 1000) / noteSessions.length, 1),
      prepareUs: round(repeatMs(() => raw.prepare(noteSql)) * 1000, 1),
      repositoryUs: perNote(ctx),
      withStatementCacheUs: perNote(cachedCtx),
    };

    const timelineClients = [...new Set(input.timelineClients)].slice(0, 40);
    /** What the 'sessions.listForClient' handler does, through the vault's repositories. */
    const handlerTimeline = (on: VaultContext, clientId: string) =>
      listSessionsForClient(on, clientId).map((session) => {
        const note = getProgressNoteForSession(on, session.id);
        return { ...session, note: note ? { templateId: note.templateId, status: note.status } : null };
      });
    /**
     * A prototype of the same page in two queries: the sessions, then the
     * client's notes in one join, each row opened once (addenda are not on
     * the page). Same row crypto, same parent check.
     */
    const notesOfClient = raw.prepare(
      `SELECT n.id, n.session_id AS parent, n.key_version, n.nonce, n.ciphertext
       FROM progress_notes n JOIN sessions s ON s.id = n.session_id WHERE s.client_id = ?`,
    );
    const batchedTimeline = (clientId: string) => {
      const sessions = listSessionsForClient(cachedCtx, clientId);
      const bySession = new Map<string, NoteSummary>();
      for (const row of notesOfClient.all(clientId) as (StoredRow & { parent: string })[]) {
        const note = openRow<NoteSummary>(sodium, key, { vaultId: input.vaultId, table: 'progress_notes', rowId: row.id }, {
          keyVersion: row.key_version,
          nonce: row.nonce,
          ciphertext: row.ciphertext,
        });
        if (note.sessionId !== row.parent) throw new Error('A note is linked to the wrong session');
        bySession.set(row.parent, note);
      }
      return sessions.map((session) => {
        const note = bySession.get(session.id);
        return { ...session, note: note ? { templateId: note.templateId, status: note.status } : null };
      });
    };
    const variants = {
      asIsMs: (clientId: string) => handlerTimeline(ctx, clientId),
      withStatementCacheMs: (clientId: string) => handlerTimeline(cachedCtx, clientId),
      batchedMs: batchedTimeline,
      sessionsOnlyMs: (clientId: string) => listSessionsForClient(cachedCtx, clientId),
    };
    const timelineSamples = Object.fromEntries(Object.keys(variants).map((name) => [name, [] as number[]]));
    for (let pass = 0; pass < 4; pass += 1) {
      for (const clientId of timelineClients) {
        for (const [name, run] of Object.entries(variants)) {
          const ms = elapsedSyncMs(() => run(clientId));
          if (pass > 0) timelineSamples[name]!.push(ms);
        }
      }
    }
    const sessions = timelineClients.reduce((sum, clientId) => sum + handlerTimeline(countingCtx, clientId).length, 0);
    const perTimeline = (count: number) => round(count / timelineClients.length, 1);
    const sessionSql = 'SELECT id, client_id AS parent, key_version, nonce, ciphertext FROM sessions WHERE client_id = ?';
    const sessionRows = timelineClients.flatMap((clientId) => raw.prepare(sessionSql).all(clientId) as StoredRow[]);
    const timeline = {
      clients: timelineClients.length,
      sessionsPerTimeline: perTimeline(sessions),
      preparesPerTimeline: perTimeline(counting.counts.prepares),
      decryptsPerTimeline: perTimeline(countingCrypto.counts.decrypts),
      ...Object.fromEntries(Object.entries(timelineSamples).map(([name, samples]) => [name, round(median(samples))])),
      sessionRow: rowCosts(ctx, 'sessions', sessionRows),
    } as {
      clients: number;
      sessionsPerTimeline: number;
      preparesPerTimeline: number;
      decryptsPerTimeline: number;
      sessionRow: ReturnType<typeof rowCosts>;
    } & Record<keyof typeof variants, number>;

    const draft = { sessionId: input.autosaveSessionId, templateId: AUTOSAVE_TEMPLATE, fields: autosaveFields(AUTOSAVE_TEMPLATE, 1) };
    const payload = { ...draft, status: 'draft', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() };
    const ref: RowRef = { vaultId: input.vaultId, table: 'progress_notes', rowId: '0'.repeat(32) };
    const micro = (work: () => unknown) => round(repeatMs(work, 200) * 1000, 1);
    const autosave = {
      /** Once by the dispatcher, once more by the vault: the same schema. */
      validateUs: micro(() => progressDraftSchema.parse(draft)),
      sealUs: micro(() => sealRow(sodium, key, ref, payload)),
      /** The reads saveProgressDraft makes around its write: the session, the note, its addenda. */
      readsUs: micro(() => getProgressNoteForSession(ctx, input.autosaveSessionId)),
      ...autosaveWithAndWithoutCache(ctx, cachedCtx, input.autosaveSessionId),
    };

    const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
    const argon2idInThreadMs = round(
      Math.min(
        ...Array.from({ length: input.argon2idRuns }, () =>
          elapsedSyncMs(() =>
            sodium.crypto_pwhash(32, 'bench', salt, input.kdf.opsLimit, input.kdf.memLimit, sodium.crypto_pwhash_ALG_ARGON2ID13),
          ),
        ),
      ),
      1,
    );

    const workerStarts: number[] = [];
    for (let run = 0; run < input.argon2idRuns; run += 1) workerStarts.push(await elapsedMs(startSodiumWorker));

    return {
      clientList,
      notes,
      timeline,
      autosave,
      kdf: { argon2idInThreadMs, workerStartMs: round(Math.min(...workerStarts), 1) },
    };
  } finally {
    keys.wipeAll();
    raw.close();
  }
}
