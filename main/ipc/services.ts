/*
 * What the handlers are given: the services, built once by main/app (or by a
 * test, with its own dialog answers and push listener).
 */
import type { ExportJobs } from '../export/exportJobs';
import type { VaultSearch } from '../search/vaultSearch';
import type { Vault } from '../vault/vaultApi';
import type { Push } from './pushEvents';
import type { SyncControl } from './syncControl';

export interface IpcServices {
  vault: Vault;
  exports: ExportJobs;
  /** Built with the vault (createVaultSearch), so its indexes follow the vault's lock state. */
  search: VaultSearch;
  /** Built with the vault (createSyncControl): starts at unlock and stops at lock when a sync folder is set. */
  sync: SyncControl;
  dialogs: {
    /** Asks where to save a file; null when the therapist cancels. Never called with client data. */
    chooseSavePath(defaultFileName: string): Promise<string | null>;
    /** Asks for a folder (where backups go, the sync folder); null when cancelled. Absent where no backup channel is used. */
    chooseFolder?(): Promise<string | null>;
    /** Asks for an existing backup file to verify or restore; null when cancelled. */
    chooseOpenFile?(): Promise<string | null>;
  };
  /** The one way to the window: lock-state changes, the idle warning, export and backup progress. */
  push: Push;
}
