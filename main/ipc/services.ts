import type { Vault } from '../vault/vault';

/** What the handlers are given. main/app supplies the real dialog; tests supply their own. */
export interface IpcServices {
  vault: Vault;
  dialogs: {
    /** Asks where to save a file; null when the therapist cancels. Never called with client data. */
    chooseSavePath(defaultFileName: string): Promise<string | null>;
  };
}
