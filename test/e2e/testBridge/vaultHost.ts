import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Dispatch } from '../../../main/ipc/dispatch';
import { createDispatcher } from '../../../main/ipc/dispatch';
import { BACKUP_EXTENSION } from '../../../main/backup/manifest';
import { createExportJobs } from '../../../main/export/exportJobs';
import { createVaultSearch } from '../../../main/search/vaultSearch';
import type { Push } from '../../../main/ipc/pushEvents';
import { pushVaultEvents } from '../../../main/ipc/pushEvents';
import type { IpcServices } from '../../../main/ipc/services';
import { createSyncControl } from '../../../main/ipc/syncControl';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { systemTimers } from '../../../main/vault/lockState';
import type { Vault } from '../../../main/vault/vaultApi';
import type { VaultOptions } from '../../../main/vault/vault';
import { openVault } from '../../../main/vault/vault';
import type { EventName, EventPayloads } from '../../../shared/ipc/events';

/** The open-file dialog stand-in's default answer: the newest backup in the backup folder. */
export const NEWEST_BACKUP = '<newest backup>';

function newestBackup(folder: string | null): string | null {
  if (folder === null) return null;
  const newest = readdirSync(folder)
    .filter((name) => name.endsWith(BACKUP_EXTENSION))
    .sort()
    .at(-1);
  return newest === undefined ? null : join(folder, newest);
}

export type PushListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface VaultHost {
  vault: Vault;
  dispatch: Dispatch;
  /** Hears every push main would send the window. */
  subscribe(listener: PushListener): () => void;
  /** Where the save dialog stand-in puts exports; null answers "cancelled". */
  exportDir: string | null;
  /** What the folder dialog stand-in answers (backups go there); null answers "cancelled". */
  backupDir: string | null;
  /** What the open-file dialog stand-in answers; NEWEST_BACKUP picks the newest backup in backupDir. */
  openFile: string | null;
  /** While set, the folder and file dialog stand-ins wait for it, as a person choosing would. */
  dialogsWaitFor: Promise<void> | null;
  close(): Promise<void>;
}

/**
 * Main's side of the bridge, without Electron: a real vault file (real
 * Argon2id at the minimum parameters), the real dispatcher and handler table,
 * the real push wiring (state changes, the idle warning, backup progress),
 * and dialog stand-ins that answer with paths in the vault's temp folder.
 */
export async function hostVault(dir: string, options: VaultOptions = {}): Promise<VaultHost> {
  const vault = await openVault(join(dir, 'vault.sqlite'), { kdf: DEFAULT_KDF_PARAMS, ...options });
  const listeners = new Set<PushListener>();
  const push: Push = (event, payload) => {
    for (const listener of [...listeners]) listener(event, payload);
  };
  const exportDir = join(dir, 'exports');
  const backupDir = join(dir, 'backups');
  mkdirSync(exportDir, { recursive: true });
  mkdirSync(backupDir, { recursive: true });
  const host: VaultHost = {
    vault,
    dispatch: async () => ({ ok: false, error: { code: 'INTERNAL', message: 'not ready' } }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exportDir,
    backupDir,
    openFile: NEWEST_BACKUP,
    dialogsWaitFor: null,
    async close() {
      stopPushes();
      services.sync.dispose();
      await vault.close().catch(() => undefined);
    },
  };
  const search = createVaultSearch(vault);
  const services: IpcServices = {
    vault,
    exports: createExportJobs(),
    search,
    sync: createSyncControl({ vault, search, push }),
    dialogs: {
      chooseSavePath: async (defaultFileName) => (host.exportDir === null ? null : join(host.exportDir, defaultFileName)),
      chooseFolder: async () => {
        await host.dialogsWaitFor;
        return host.backupDir;
      },
      chooseOpenFile: async () => {
        await host.dialogsWaitFor;
        return host.openFile === NEWEST_BACKUP ? newestBackup(host.backupDir) : host.openFile;
      },
    },
    push,
  };
  host.dispatch = createDispatcher(services);
  const stopPushes = pushVaultEvents({ vault, push, timers: systemTimers, now: Date.now });
  return host;
}
