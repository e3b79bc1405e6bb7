import { basename } from 'node:path';
import type { BackupProgress } from '../../../shared/domain/backup';
import { VaultError } from '../../../shared/errors';
import { createBackup } from '../../backup/backup';
import { backupSettingsPath, backupSettingsView, readBackupSettings, saveBackupSettings } from '../../backup/backupSettings';
import type { BackupSettings } from '../../backup/backupSettings';
import { restoreBackup } from '../../backup/restore';
import { verifyBackup } from '../../backup/verify';
import { systemClock } from '../../vault/context';
import type { Vault } from '../../vault/vaultApi';
import type { Handlers } from '../handlerTypes';
import type { IpcServices } from '../services';

type Dialog = () => Promise<string | null>;

function dialog(choose: Dialog | undefined): Dialog {
  if (!choose) throw new VaultError('INTERNAL', 'No file dialog is available here');
  return choose;
}

/** Verify and restore work before a vault exists (a new computer), but not past a locked one. */
function assertOpenOrNew(vault: Vault): void {
  if (vault.isCreated() && vault.state() === 'locked') throw new VaultError('LOCKED', 'The vault is locked');
}

function progressTo(services: IpcServices): (progress: BackupProgress) => void {
  return (progress) => services.push('backup.progress', progress);
}

function updateSettings(vault: Vault, change: Partial<BackupSettings>) {
  const path = backupSettingsPath(vault.path);
  const saved = saveBackupSettings(path, { ...readBackupSettings(path), ...change });
  return backupSettingsView(saved, vault, systemClock.now());
}

export const backupHandlers: Handlers<
  | 'backup.settings'
  | 'backup.updateSettings'
  | 'backup.chooseFolder'
  | 'backup.create'
  | 'backup.verify'
  | 'backup.restore'
> = {
  'backup.settings': ({ vault }) => backupSettingsView(readBackupSettings(backupSettingsPath(vault.path)), vault, systemClock.now()),
  'backup.updateSettings': ({ vault }, preferences) => updateSettings(vault, preferences),
  'backup.chooseFolder': async ({ vault, dialogs }) => {
    const folder = await dialog(dialogs.chooseFolder)();
    return folder === null
      ? backupSettingsView(readBackupSettings(backupSettingsPath(vault.path)), vault, systemClock.now())
      : updateSettings(vault, { folder });
  },

  'backup.create': async (services) => {
    const folder = await dialog(services.dialogs.chooseFolder)();
    if (folder === null) return { saved: false, backup: null };
    const { fileName, kind, createdAt, sizeBytes } = await createBackup({
      vault: services.vault,
      folder,
      kind: 'manual',
      clock: systemClock,
      onProgress: progressTo(services),
    });
    return { saved: true, backup: { fileName, kind, createdAt, sizeBytes } };
  },
  'backup.verify': async (services, { passphrase, psychotherapyPassphrase }) => {
    const { vault } = services;
    assertOpenOrNew(vault);
    const file = await dialog(services.dialogs.chooseOpenFile)();
    if (file === null) return { chosen: false, fileName: null, report: null };
    const { report } = await verifyBackup(file, {
      passphrase,
      psychotherapyPassphrase,
      liveVaultPath: vault.path,
      onProgress: progressTo(services),
    });
    return { chosen: true, fileName: basename(file), report };
  },
  'backup.restore': async (services, { passphrase, psychotherapyPassphrase }) => {
    const { vault } = services;
    assertOpenOrNew(vault);
    const file = await dialog(services.dialogs.chooseOpenFile)();
    if (file === null) return { restored: false, report: null, state: vault.state() };
    const { report } = await services.sync.aroundRestore((sync) =>
      restoreBackup({
        vaultPath: vault.path,
        backupPath: file,
        passphrase,
        psychotherapyPassphrase,
        vault,
        clock: systemClock,
        onProgress: progressTo(services),
        ...(sync ? { sync } : {}),
      }),
    );
    return { restored: true, report, state: vault.state() };
  },
};
