/*
 * Runs exchanges while the vault is unlocked: on a timer, and soon after the
 * sync tool changes something in the vault's folder (fs.watch). One exchange
 * at a time; a trigger during a run asks for one more run after it. An
 * exchange awaits file I/O between batch files and merges one batch per
 * transaction, so the main process keeps answering the window meanwhile.
 * Wiring (the chosen folder, the lock state) is main/app's; this is plain Node.
 */
import type { FSWatcher } from 'node:fs';
import { watch as fsWatch } from 'node:fs';
import { SyncError, VaultError } from '../../shared/errors';
import type { VaultContext } from '../vault/context';
import { vaultFolder } from './folder';
import { compactFolder, compactionDue } from './snapshot';
import type { ExchangeOutcome, ExchangeProgress } from './vaultFolderSync';
import { exchange, sendFrontier } from './vaultFolderSync';
import { VaultReplica } from './vaultReplica';

export interface SyncStatus {
  running: boolean;
  /** When the last exchange finished without error (ms since epoch). */
  lastExchangeAt: number | null;
  /** The error code of the last exchange that failed, cleared by one that succeeds. */
  lastError: string | null;
  /** Changes of this device not in a batch yet. */
  unsent: number;
  conflicts: number;
  /** Batch files refused at the last pass (half-copied ones among them until whole). */
  refused: number;
}

export interface SyncServiceOptions {
  /** The open vault's context, or null while locked: nothing runs then. */
  context: () => VaultContext | null;
  /** The chosen folder, or null when sync is not set up. */
  folder: () => string | null;
  intervalMs: number;
  /** How long after a folder event to wait for more before running. */
  settleMs?: number;
  now?: () => number;
  watch?: (path: string, listener: () => void) => FSWatcher;
  /**
   * How often to write a snapshot and drop this device's batches every other
   * device has merged (compactFolder, docs/SYNC.md section 6), after an
   * exchange, counted from the last one (from this device's newest snapshot
   * in the folder after a restart, compactionDue); never when absent.
   */
  compactEveryMs?: number;
  /**
   * How long after this device last wrote a batch (or the service started) a
   * device that has merged changes since, but saved nothing, writes a batch
   * carrying only its frontier (sendFrontier), so it does not hold back the
   * deletion of the others' batches; never when absent.
   */
  reportEveryMs?: number;
  onStatus?: (status: SyncStatus) => void;
  onProgress?: (progress: ExchangeProgress) => void;
}

export interface SyncService {
  start(): void;
  stop(): void;
  /** Runs an exchange now (or after the one running); null when locked or not set up. */
  runNow(): Promise<ExchangeOutcome | null>;
  status(): SyncStatus;
}

const defaultWatch = (path: string, listener: () => void): FSWatcher => fsWatch(path, { recursive: true }, listener);

export function createSyncService(options: SyncServiceOptions): SyncService {
  const now = options.now ?? Date.now;
  const watch = options.watch ?? defaultWatch;
  let state: SyncStatus = { running: false, lastExchangeAt: null, lastError: null, unsent: 0, conflicts: 0, refused: 0 };
  let timer: NodeJS.Timeout | null = null;
  let settle: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  let watchedPath: string | null = null;
  let current: Promise<ExchangeOutcome | null> | null = null;
  let again = false;
  /** Aborted by stop(): a compaction under way ends at its next step instead of holding up a lock. */
  let stopping = new AbortController();
  let lastCompaction: number | null = null;
  /** When this device last wrote a batch while the service ran, and whether it merged changes after that. */
  let lastWritten = now();
  let mergedSinceWritten = false;

  const publish = (next: Partial<SyncStatus>) => {
    state = { ...state, ...next };
    options.onStatus?.(state);
  };

  const counts = (ctx: VaultContext) => {
    const replica = new VaultReplica(ctx.db, ctx.clock);
    return { unsent: replica.unsentCount(), conflicts: replica.conflicts().length };
  };

  const watchFolder = (ctx: VaultContext, chosen: string) => {
    const path = vaultFolder(chosen, ctx.vaultId);
    if (watchedPath === path) return;
    watcher?.close();
    watcher = null;
    watchedPath = null;
    try {
      watcher = watch(path, () => {
        if (settle) clearTimeout(settle);
        settle = setTimeout(() => void service.runNow().catch(() => undefined), options.settleMs ?? 500);
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
        watchedPath = null;
      });
      watchedPath = path;
    } catch {
      // No events for this folder (it is gone, or the platform refuses): the timer still runs.
    }
  };

  /** Counted from the last compaction this service ran, or from this device's newest snapshot in the folder before the first. */
  const compactionIsDue = async (ctx: VaultContext, chosen: string, everyMs: number): Promise<boolean> => {
    if (stopping.signal.aborted) return false;
    if (lastCompaction !== null) return now() - lastCompaction >= everyMs;
    return compactionDue(ctx, chosen, everyMs, now());
  };

  /** A batch written carries the frontier after this exchange's imports (exchange sends after it receives). */
  const reportFrontier = async (ctx: VaultContext, chosen: string, outcome: ExchangeOutcome): Promise<void> => {
    if (outcome.sent.length > 0) {
      lastWritten = now();
      mergedSinceWritten = false;
      return;
    }
    if (outcome.received.merged > 0) mergedSinceWritten = true;
    if (options.reportEveryMs === undefined || !mergedSinceWritten || now() - lastWritten < options.reportEveryMs) return;
    if ((await sendFrontier(ctx, chosen)) === null) return;
    lastWritten = now();
    mergedSinceWritten = false;
  };

  const runOnce = async (): Promise<ExchangeOutcome | null> => {
    const ctx = options.context();
    const chosen = options.folder();
    if (!ctx || !chosen) return null;
    publish({ running: true });
    try {
      new VaultReplica(ctx.db, ctx.clock).stampUnstamped(ctx);
      const outcome = await exchange(ctx, chosen, options.onProgress);
      await reportFrontier(ctx, chosen, outcome);
      if (options.compactEveryMs !== undefined && (await compactionIsDue(ctx, chosen, options.compactEveryMs))) {
        const { snapshot } = await compactFolder(ctx, chosen, now(), stopping.signal);
        if (snapshot !== null && !stopping.signal.aborted) lastCompaction = now();
      }
      watchFolder(ctx, chosen);
      publish({ running: false, lastExchangeAt: now(), lastError: null, refused: outcome.received.refused.length, ...counts(ctx) });
      return outcome;
    } catch (error) {
      if (!(error instanceof SyncError || error instanceof VaultError)) {
        publish({ running: false, lastError: 'INTERNAL' });
        throw error;
      }
      publish({ running: false, lastError: error.code, ...(error.code === 'LOCKED' ? {} : counts(ctx)) });
      return null;
    }
  };

  const service: SyncService = {
    start() {
      if (timer) return;
      stopping = new AbortController();
      lastWritten = now();
      timer = setInterval(() => void service.runNow().catch(() => undefined), options.intervalMs);
      void service.runNow().catch(() => undefined);
    },
    stop() {
      stopping.abort();
      if (timer) clearInterval(timer);
      if (settle) clearTimeout(settle);
      timer = null;
      settle = null;
      watcher?.close();
      watcher = null;
      watchedPath = null;
    },
    runNow() {
      if (current) {
        again = true;
        return current;
      }
      current = runOnce().finally(() => {
        current = null;
        if (again) {
          again = false;
          void service.runNow().catch(() => undefined);
        }
      });
      return current;
    },
    status: () => state,
  };
  return service;
}
