import { createExportJobs } from '../../main/export/exportJobs';
import type { IpcServices } from '../../main/ipc/services';
import { createSyncControl } from '../../main/ipc/syncControl';
import { createVaultSearch } from '../../main/search/vaultSearch';
import type { Vault } from '../../main/vault/vaultApi';

/**
 * Services for a dispatcher in a test: every dialog cancelled and pushes
 * dropped unless `overrides` says otherwise. Sync is off until a test chooses
 * a folder (its settings file sits beside the test's vault).
 */
export function testServices(vault: Vault, overrides: Partial<Omit<IpcServices, 'vault'>> = {}): IpcServices {
  const search = overrides.search ?? createVaultSearch(vault);
  const push = overrides.push ?? (() => undefined);
  return {
    vault,
    exports: createExportJobs(),
    search,
    dialogs: { chooseSavePath: async () => null },
    push,
    ...overrides,
    sync: overrides.sync ?? createSyncControl({ vault, search, push }),
  };
}
