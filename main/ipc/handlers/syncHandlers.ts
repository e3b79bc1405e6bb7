import { VaultError } from '../../../shared/errors';
import type { Handlers } from '../handlerTypes';
import type { IpcServices } from '../services';
import { vaultStatus } from './vaultHandlers';

function chooseFolder(dialogs: IpcServices['dialogs']): Promise<string | null> {
  if (!dialogs.chooseFolder) throw new VaultError('INTERNAL', 'No folder dialog is available here');
  return dialogs.chooseFolder();
}

export const syncHandlers: Handlers<
  | 'sync.status'
  | 'sync.chooseFolder'
  | 'sync.renameDevice'
  | 'sync.runNow'
  | 'sync.turnOff'
  | 'sync.removeDevice'
  | 'sync.acceptRotatedKeys'
  | 'sync.conflicts'
  | 'sync.openConflict'
  | 'sync.resolveConflict'
  | 'vault.chooseJoinFolder'
  | 'vault.join'
> = {
  'sync.status': ({ sync }) => sync.status(),
  'sync.chooseFolder': async ({ sync, dialogs }, { deviceName }) => {
    const folder = await chooseFolder(dialogs);
    return folder === null ? sync.status() : sync.chooseFolder(folder, deviceName);
  },
  'sync.renameDevice': ({ sync }, { name }) => sync.renameDevice(name),
  'sync.runNow': ({ sync }) => sync.runNow(),
  'sync.turnOff': ({ sync }) => sync.turnOff(),
  'sync.removeDevice': ({ sync }, input) => sync.removeDevice(input),
  'sync.acceptRotatedKeys': ({ sync }, { passphrase, psychotherapyPassphrase }) =>
    sync.acceptRotatedKeys({ passphrase, ...(psychotherapyPassphrase !== undefined ? { psychotherapyPassphrase } : {}) }),
  'sync.conflicts': ({ sync }) => sync.conflicts(),
  'sync.openConflict': ({ sync }, { id }) => sync.openConflict(id),
  'sync.resolveConflict': ({ sync }, { id, choice }) => sync.resolveConflict(id, choice),
  'vault.chooseJoinFolder': async ({ sync, vault, dialogs }) => {
    if (vault.isCreated()) throw new VaultError('VAULT_EXISTS', 'This computer already has a vault');
    const folder = await chooseFolder(dialogs);
    return folder === null ? { chosen: false, folderName: null, holdsVault: false } : sync.chooseJoinFolder(folder);
  },
  'vault.join': async ({ sync, vault }, { passphrase, deviceName }) => {
    await sync.join(passphrase, deviceName);
    return vaultStatus(vault);
  },
};
