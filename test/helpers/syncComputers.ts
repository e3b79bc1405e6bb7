/*
 * Computers that sync one vault through a real folder, for the sync channels'
 * tests: each is a real vault file behind the real dispatcher, with its own
 * sync control and search index, its folder dialog answering with a folder
 * the test chooses. Everything made is handed to `track` for the test's
 * cleanup, so a failing test leaves no vault open and no temp folder behind.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SyncConflictView, SyncStatusView } from '../../shared/domain/sync';
import type { EventName, EventPayloads } from '../../shared/ipc/events';
import type { IpcResult } from '../../shared/ipc/result';
import type { Dispatch } from '../../main/ipc/dispatch';
import { createDispatcher } from '../../main/ipc/dispatch';
import type { SyncControlOptions } from '../../main/ipc/syncControl';
import { createSyncControl } from '../../main/ipc/syncControl';
import { createVaultSearch } from '../../main/search/vaultSearch';
import { joinFromFolder } from '../../main/sync/join';
import { DEFAULT_KDF_PARAMS } from '../../main/vault/kdfParams';
import type { Vault } from '../../main/vault/vaultApi';
import { testServices } from './ipcServices';
import { createdVault, PASSPHRASE, tempDir } from './tempVault';

export type Cleanup = () => Promise<void> | void;
export type Pushed = { event: EventName; payload: unknown }[];
/** What the folder dialog answers; a test changes `folder` to pick another one or cancel (null). */
export interface FolderAnswer {
  folder: string | null;
  /** What the open-file dialog answers (a backup to restore); cancelled when absent. */
  file?: string | null;
}

/** A reply's data, or the failure as a thrown error naming its code. */
export function data<T>(reply: IpcResult<unknown>): T {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.data as T;
}

/** What the sync channels' tests drive: a computer's dispatcher. */
export interface Dispatching {
  dispatch: Dispatch;
}

/** One `sync.runNow` on each computer in turn, each expected to end without an error. */
export async function exchangeOn(...computers: Dispatching[]): Promise<void> {
  for (const computer of computers) expect(data<SyncStatusView>(await computer.dispatch('sync.runNow', {})).lastError).toBeNull();
}

/** The open conflicts a computer lists. */
export async function conflictsOn(computer: Dispatching): Promise<SyncConflictView[]> {
  return data<SyncConflictView[]>(await computer.dispatch('sync.conflicts', {}));
}

/**
 * `intervalMs`: the sync timer; the tests that drive every exchange with
 * `sync.runNow` set it out of reach so a timer exchange never races theirs.
 * `now`: the sync control's clock, which decides when compaction is due and times the join throttle.
 * `derive`: the sync control's Argon2id, for the join throttle's tests.
 */
export function syncComputers(track: (cleanup: Cleanup) => void, options: Pick<SyncControlOptions, 'intervalMs' | 'now' | 'derive'> = {}) {
  function host(vault: Vault, answer: FolderAnswer) {
    const pushed: Pushed = [];
    const push = <E extends EventName>(event: E, payload: EventPayloads[E]) => void pushed.push({ event, payload });
    const search = createVaultSearch(vault);
    const sync = createSyncControl({ vault, search, push, settleMs: 20, ...options });
    track(() => {
      sync.dispose();
      search.stop();
    });
    const dialogs = {
      chooseSavePath: async () => null,
      chooseFolder: async () => answer.folder,
      chooseOpenFile: async () => answer.file ?? null,
    };
    const dispatch = createDispatcher(testServices(vault, { search, push, sync, dialogs }));
    return { vault, dispatch, pushed, search, sync };
  }

  /** A new vault and an empty folder named Dropbox for it to sync through (not chosen yet). */
  async function firstComputer() {
    const made = await createdVault();
    track(made.dispose);
    const { dir, cleanup } = tempDir();
    track(cleanup);
    const folder = join(dir, 'Dropbox');
    mkdirSync(folder);
    const answer: FolderAnswer = { folder };
    return { ...made, folder, answer, ...host(made.vault, answer) };
  }

  /** A computer joined from `folder` with the vault passphrase, named and syncing through it. */
  async function joinedComputer(folder: string, deviceName: string) {
    const { dir, cleanup } = tempDir();
    track(cleanup);
    const vault = await joinFromFolder({
      chosenFolder: folder,
      passphrase: PASSPHRASE,
      path: join(dir, 'vault.sqlite'),
      deviceName,
      vaultOptions: { kdf: DEFAULT_KDF_PARAMS },
    });
    track(() => vault.close());
    const computer = host(vault, { folder });
    await computer.dispatch('sync.chooseFolder', { deviceName });
    return computer;
  }

  return { host, firstComputer, joinedComputer };
}
