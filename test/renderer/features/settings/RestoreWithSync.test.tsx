// @vitest-environment jsdom
/*
 * Restoring from Settings while sync is on, through the window over a real
 * vault and folder: the confirmation says what sync does around the restore,
 * a missing folder refuses it with the reason and the way to restore without
 * sending, and with the folder back the change made after the backup returns.
 */
import '../../helpers/nodeTypedArrays';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../../../main/backup/backup';
import { systemClock } from '../../../../main/vault/context';
import { App } from '../../../../renderer/App';
import { renderWithStores } from '../../helpers/renderWithStores';
import { seedSession } from '../../helpers/seed';
import { syncFolderFor, turnOnSyncInSettings } from '../../helpers/syncComputers';
import type { TestVault } from '../../helpers/vaultBridge';
import { PASSPHRASE, testVault } from '../../helpers/vaultBridge';

let opened: TestVault[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.map((vault) => vault.dispose()));
  opened = [];
});

async function restoreFromSettings(user: ReturnType<typeof userEvent.setup>) {
  const section = await screen.findByRole('region', { name: 'Backups' });
  const restoreForm = within(section).getByRole('form', { name: 'Restore from a backup' });
  await user.type(within(restoreForm).getByLabelText('Vault passphrase of the backup'), PASSPHRASE);
  await user.click(within(restoreForm).getByRole('button', { name: 'Restore from backup…' }));
  const dialog = screen.getByRole('dialog', { name: 'Replace this vault with a backup?' });
  const said = dialog.textContent ?? '';
  await user.click(within(dialog).getByRole('button', { name: 'Choose the backup and restore' }));
  return { restoreForm, said };
}

describe('restoring from settings while sync is on', () => {
  it('says what sync does, refuses while the folder is missing, and brings back the change made after the backup once it is there', async () => {
    const vault = await testVault();
    opened.push(vault);
    seedSession(vault);
    const backup = await createBackup({ vault: vault.host.vault, folder: vault.host.backupDir ?? '', kind: 'manual', clock: systemClock });
    vault.host.openFile = join(vault.host.backupDir ?? '', backup.fileName);
    const folder = syncFolderFor(vault);
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);
    await turnOnSyncInSettings(user);
    vault.host.vault.clients.create({ name: 'Added after the backup' });
    renameSync(folder, `${folder}-unmounted`);

    const refused = await restoreFromSettings(user);
    expect(refused.said).toContain('Sync is on: this computer first sends the sync folder what it has not sent yet');
    const alert = await within(refused.restoreForm).findByRole('alert', undefined, { timeout: 20_000 });
    expect(alert.textContent).toBe(
      "The sync folder is not there, so the changes this computer has not sent yet cannot be sent before the restore; nothing was changed. Connect the folder and restore again. To restore without sending them, turn off sync first: those changes then stay only in the replaced vault file, kept aside in the vault's folder.",
    );
    expect(alert.textContent).not.toContain(folder);
    expect(vault.host.vault.state()).toBe('open');

    renameSync(`${folder}-unmounted`, folder);
    await restoreFromSettings(user);
    await screen.findByText(/^The backup has been restored and the vault is open on it/, undefined, { timeout: 20_000 });
    const section = await screen.findByRole('region', { name: 'Sync between computers' });
    await within(section).findByText(/^Up to date with the folder as of /, undefined, { timeout: 10_000 });
    await waitFor(() => expect((within(section).getByLabelText(/^Name of this computer/) as HTMLInputElement).value).toBe('Office desktop'), {
      timeout: 10_000,
    });
    expect(vault.host.vault.clients.list().map((client) => client.name)).toContain('Added after the backup');
  });
});
