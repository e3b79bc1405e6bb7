/*
 * Sync in the renderer's tests: a folder beside the test vault that its folder
 * dialog answers with (as the therapist choosing it would), Settings → Sync
 * turned on through the window, and other computers joined from the folder as
 * real vault files.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { joinFromFolder } from '../../../main/sync/join';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import type { Vault } from '../../../main/vault/vaultApi';
import type { TestVault } from './vaultBridge';
import { PASSPHRASE } from './vaultBridge';

/** Makes `name` beside the vault and has the folder dialog answer with it. */
export function syncFolderFor(vault: TestVault, name = 'Dropbox'): string {
  const folder = join(vault.host.backupDir ?? '', '..', name);
  mkdirSync(folder);
  vault.host.backupDir = folder;
  return folder;
}

/** Opens Settings → Sync, names this computer and chooses the folder; resolves once the first exchange is done. */
export async function turnOnSyncInSettings(user: UserEvent, deviceName = 'Office desktop'): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  const section = await screen.findByRole('region', { name: 'Sync between computers' });
  await user.type(within(section).getByLabelText(/^Name of this computer/), deviceName);
  await user.click(within(section).getByRole('button', { name: 'Choose sync folder…' }));
  await within(section).findByText(/^Up to date with the folder as of /, undefined, { timeout: 10_000 });
  return section;
}

/** Another computer joined from `folder` with the vault passphrase, its file beside the folder; `track` closes it. */
export async function joinedComputer(folder: string, deviceName: string, track: (cleanup: () => void) => void): Promise<Vault> {
  const other = await joinFromFolder({
    chosenFolder: folder,
    passphrase: PASSPHRASE,
    path: join(folder, '..', `${deviceName}.sqlite`),
    deviceName,
    vaultOptions: { kdf: DEFAULT_KDF_PARAMS },
  });
  track(() => other.close());
  return other;
}
