import { backupSettingsPath, readBackupSettings } from '../../backup/backupSettings';
import type { Handlers } from '../handlerTypes';

export const todayHandlers: Handlers<'today.summary'> = {
  'today.summary': ({ vault }, request) => {
    const { folder, automatic } = readBackupSettings(backupSettingsPath(vault.path));
    return vault.today.summary(request, { folderChosen: folder !== null, automatic });
  },
};
