import type { Vault } from '../vault/vault';
import type { Push } from './pushEvents';

/** What the handlers are given. main/app supplies the real dialog; tests supply their own. */
export interface IpcServices {
  vault: Vault;
  dialogs: {
    /** Asks where to save a file; null when the therapist cancels. Never called with client data. */
    chooseSavePath(defaultFileName: string): Promise<string | null>;
    /** Asks for a folder (where backups go); null when cancelled. Absent where no backup channel is used. */
    chooseFolder?(): Promise<string | null>;
    /** Asks for an existing backup file to verify or restore; null when cancelled. */
    chooseOpenFile?(): Promise<string | null>;
  };
  /** Sends progress of backups, verifies and restores to the window; without it they run silently. */
  push?: Push;
}
