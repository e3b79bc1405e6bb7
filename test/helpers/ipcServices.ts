import { createExportJobs } from '../../main/export/exportJobs';
import type { IpcServices } from '../../main/ipc/services';
import { createVaultSearch } from '../../main/search/vaultSearch';
import type { Vault } from '../../main/vault/vaultApi';

/** Services for a dispatcher in a test: every dialog cancelled and pushes dropped unless `overrides` says otherwise. */
export function testServices(vault: Vault, overrides: Partial<Omit<IpcServices, 'vault'>> = {}): IpcServices {
  return {
    vault,
    exports: createExportJobs(),
    search: createVaultSearch(vault),
    dialogs: { chooseSavePath: async () => null },
    push: () => undefined,
    ...overrides,
  };
}
