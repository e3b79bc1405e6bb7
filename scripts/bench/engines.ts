import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportFonts } from '../../main/export/exportFonts';
import { resolveExport } from '../../main/export/exportScope';
import { renderProgressPdf } from '../../main/export/progressPdf';
import { createDispatcher } from '../../main/ipc/dispatch';
import { createExportJobs } from '../../main/export/exportJobs';
import { createVaultSearch } from '../../main/search/vaultSearch';
import { createSyncControl } from '../../main/ipc/syncControl';
import type { DeriveKey } from '../../main/vault/kdf';
import { deriveKeyInWorker } from '../../main/vault/kdf';
import { KeyRing } from '../../main/vault/keyRing';
import { loadSodium } from '../../main/vault/sodium';
import { openVault } from '../../main/vault/vault';
import type { ProgressNote } from '../../shared/domain/records';
import type { ExportOutcome, ExportScope } from '../../shared/domain/export';
import type { SessionSummary } from '../../shared/domain/records';
import type { Channel } from '../../shared/ipc/contract';
import { contract } from '../../shared/ipc/contract';
import type { TemplateId } from '../../shared/templates';
import type { Connection, PlainStore } from './plainStore';
import { plainStore } from './plainStore';

export const STORES = ['vault', 'floor', 'peer'] as const;
export type StoreName = (typeof STORES)[number];

export interface ExportResult {
  notes: number;
  pages: number;
}

/**
 * One store driven through the operations the bench times. The vault is
 * driven through the IPC dispatcher, exactly as the window drives it (request
 * validation, lock check, handler, result), minus the IPC transport; the floor
 * and the peer through the same request validation and the same reads and
 * writes, without the row crypto.
 */
export interface Engine {
  name: StoreName;
  /** From locked to the client list in hand; `kdf: false` skips the key derivation. Returns the clients listed. */
  unlock(kdf: boolean): Promise<string[]>;
  lock(): Promise<void>;
  /** The client list, as the window asks for it (archived clients left out). */
  listClients(): Promise<string[]>;
  /** A client's page: every session with its note's template and status. */
  timeline(clientId: string): Promise<SessionSummary[]>;
  openNote(sessionId: string): Promise<ProgressNote | null>;
  autosave(sessionId: string, templateId: TemplateId, fields: Record<string, string>): Promise<void>;
  psychotherapyNotes(sessionId: string): Promise<number>;
  exportPdf(scope: ExportScope): Promise<ExportResult>;
  close(): Promise<void>;
}

export interface VaultEngine extends Engine {
  openPsychotherapy(kdf: boolean): Promise<void>;
  closePsychotherapy(): Promise<void>;
  /** How long each real Argon2id derivation took, worker start included. */
  derivationsMs: number[];
  keyRing: KeyRing;
  /** Resolves when the search index of the clinical record is complete; null when the engine was opened without building it. */
  searchBuilt(): Promise<unknown>;
  vaultId(): string | null;
}

const RELEASE = { recipient: 'Benchmark recipient', purpose: 'Benchmark export', basis: { kind: 'client-request' } } as const;

/**
 * A derive that runs the real Argon2id (in its worker) and remembers the KEK
 * it produced; in replay mode it hands back that KEK for the same passphrase
 * and salt, so an unlock can be timed without the KDF and otherwise unchanged.
 * Bench-only: the vault is synthetic.
 */
function replayableDerive() {
  const known = new Map<string, Uint8Array>();
  const derivationsMs: number[] = [];
  let replay = false;
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const derive: DeriveKey = async (passphrase, salt, params) => {
    const id = `${hex(salt)}:${hex(passphrase)}:${params.opsLimit}:${params.memLimit}`;
    const kek = known.get(id);
    if (replay && kek) return kek.slice();
    const started = performance.now();
    const key = await deriveKeyInWorker(passphrase, salt, params);
    derivationsMs.push(performance.now() - started);
    known.set(id, key.slice());
    return key;
  };
  return {
    derive,
    derivationsMs,
    setReplay(on: boolean) {
      replay = on;
    },
  };
}

export async function openVaultEngine(
  path: string,
  passphrase: string,
  fonts: () => ExportFonts,
  scratchDir: string,
  options: { buildSearch?: boolean } = {},
): Promise<VaultEngine> {
  const kdf = replayableDerive();
  const keyRing = new KeyRing(await loadSodium());
  const vault = await openVault(path, { derive: kdf.derive, keyRing });
  const exportPath = join(scratchDir, 'vault-export.pdf');
  // The index's build after unlock is timed on its own (vaultSearch.ts); in the timed runs it would run inside other operations' timings.
  const search = createVaultSearch(vault, options.buildSearch ? {} : { later: () => undefined });
  const push = () => undefined;
  const dispatch = createDispatcher({
    vault,
    exports: createExportJobs({ loadFonts: fonts }),
    search,
    sync: createSyncControl({ vault, search, push }),
    dialogs: { chooseSavePath: () => Promise.resolve(exportPath) },
    push,
  });
  const call = async <T>(channel: Channel, payload: object = {}): Promise<T> => {
    const result = await dispatch(channel, payload);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}`);
    return result.data as T;
  };
  const shownVersions = new Map<string, string | null>();
  const listClients = async () =>
    (await call<{ id: string }[]>('clients.list', { includeArchived: false })).map((client) => client.id);
  return {
    name: 'vault',
    derivationsMs: kdf.derivationsMs,
    keyRing,
    searchBuilt: () => (options.buildSearch ? search.built('progress') : Promise.resolve(null)),
    vaultId: () => vault.id(),
    async unlock(withKdf) {
      kdf.setReplay(!withKdf);
      await call('vault.unlock', { passphrase });
      return listClients();
    },
    listClients,
    async lock() {
      await call('vault.lock');
    },
    timeline: (clientId) => call('sessions.listForClient', { clientId }),
    openNote: (sessionId) => call('progressNotes.getForSession', { sessionId }),
    async autosave(sessionId, templateId, fields) {
      // As the editor does: the first save is based on the note it opened, each later one on the version the last save returned.
      let basedOn = shownVersions.get(sessionId);
      if (basedOn === undefined) {
        basedOn = (await call<{ storedVersion?: string } | null>('progressNotes.getForSession', { sessionId }))?.storedVersion ?? null;
      }
      const saved = await call<{ storedVersion?: string }>('progressNotes.saveDraft', { sessionId, templateId, fields, basedOn });
      shownVersions.set(sessionId, saved.storedVersion ?? null);
    },
    async openPsychotherapy(withKdf) {
      kdf.setReplay(!withKdf);
      await call('psychotherapy.open', { passphrase });
    },
    async closePsychotherapy() {
      await call('psychotherapy.close');
    },
    async psychotherapyNotes(sessionId) {
      return (await call<unknown[]>('psychotherapyNotes.listForSession', { sessionId })).length;
    },
    async exportPdf(scope) {
      const outcome = await call<ExportOutcome>('export.progressNotes', { scope, includeDrafts: true, ...RELEASE });
      rmSync(exportPath, { force: true });
      return { notes: outcome.noteCount, pages: outcome.pageCount };
    },
    close: () => vault.close(),
  };
}

/**
 * The floor or the peer. Locked means closed: neither can drop its key or its
 * page cache without closing, so unlocking opens the file and keys it again.
 * Requests are validated against the same IPC contract as the vault's, since
 * an app on either store would validate them too.
 */
export function openPlainEngine(
  name: Exclude<StoreName, 'vault'>,
  open: (withKdf: boolean) => Connection,
  fonts: () => ExportFonts,
  scratchDir: string,
): Engine {
  let connection: { db: Connection; store: PlainStore } | null = null;
  const exportPath = join(scratchDir, `${name}-export.pdf`);
  const opened = () => {
    if (!connection) throw new Error(`The ${name} store is locked`);
    return connection;
  };
  /** The contract's validation of the request, then the store, as the dispatcher would run them. */
  const serve = <T>(channel: Channel, request: object, work: (store: PlainStore) => T): T => {
    contract[channel].request.parse(request);
    return work(opened().store);
  };
  const listClients = () =>
    serve('clients.list', { includeArchived: false }, (store) => store.listClients().map((client) => client.id));
  const engine: Engine = {
    name,
    unlock(withKdf) {
      contract['vault.unlock'].request.parse({ passphrase: 'validated like the vault passphrase' });
      const db = open(withKdf);
      connection = { db, store: plainStore(db) };
      return Promise.resolve(listClients());
    },
    lock() {
      connection?.db.close();
      connection = null;
      return Promise.resolve();
    },
    listClients: () => Promise.resolve(listClients()),
    timeline: (clientId) => Promise.resolve(serve('sessions.listForClient', { clientId }, (store) => store.sessionSummaries(clientId))),
    openNote: (sessionId) =>
      Promise.resolve(serve('progressNotes.getForSession', { sessionId }, (store) => store.getForSession(sessionId))),
    autosave(sessionId, templateId, fields) {
      const draft = { sessionId, templateId, fields };
      // A whole-file store has one writer and no imports, so there is no version for a save to be based on.
      serve('progressNotes.saveDraft', { ...draft, basedOn: null }, (store) => store.saveDraft(draft));
      return Promise.resolve();
    },
    psychotherapyNotes: (sessionId) =>
      Promise.resolve(
        serve('psychotherapyNotes.listForSession', { sessionId }, (store) => store.psychotherapyNotesForSession(sessionId).length),
      ),
    /** What the export handler does: resolve, render, then the disclosure and the file in one transaction. */
    async exportPdf(scope) {
      contract['export.progressNotes'].request.parse({ scope, includeDrafts: true, ...RELEASE });
      const { store, db } = opened();
      const plan = resolveExport(store.progressSource(), scope, true);
      const rendered = await renderProgressPdf(plan, { fonts: fonts(), release: { ...RELEASE, preparedAt: new Date() } });
      if (!rendered) throw new Error('The export was cancelled');
      db.transaction(() => {
        store.recordDisclosure(plan.client.id, {
          ...RELEASE,
          scope: { kind: scope.kind },
          noteIds: plan.entries.map((entry) => entry.note.id),
          pageCount: rendered.pageCount,
        });
        writeFileSync(exportPath, rendered.bytes, { mode: 0o600 });
      })();
      rmSync(exportPath, { force: true });
      return { notes: plan.entries.length, pages: rendered.pageCount };
    },
    close: () => engine.lock(),
  };
  return engine;
}
