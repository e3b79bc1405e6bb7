import { VaultError } from '../../../shared/errors';
import type { Handlers } from '../handlerTypes';

export const syncHandlers: Handlers<'sync.status' | 'sync.chooseFolder' | 'sync.renameDevice' | 'sync.runNow' | 'sync.turnOff'> = {
  'sync.status': ({ sync }) => sync.status(),
  'sync.chooseFolder': async ({ sync, dialogs }, { deviceName }) => {
    if (!dialogs.chooseFolder) throw new VaultError('INTERNAL', 'No folder dialog is available here');
    const folder = await dialogs.chooseFolder();
    return folder === null ? sync.status() : sync.chooseFolder(folder, deviceName);
  },
  'sync.renameDevice': ({ sync }, { name }) => sync.renameDevice(name),
  'sync.runNow': ({ sync }) => sync.runNow(),
  'sync.turnOff': ({ sync }) => sync.turnOff(),
};
