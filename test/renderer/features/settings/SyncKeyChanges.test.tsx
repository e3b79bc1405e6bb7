// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/App';
import { removeDevice } from '../../../../main/sync/removal';
import { exchange } from '../../../../main/sync/vaultFolderSync';
import { renderWithStores } from '../../helpers/renderWithStores';
import { cleanupAfterEach, joinedComputer, seededVault, syncFolderFor, turnOnSyncInSettings } from '../../helpers/syncComputers';
import { PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/vaultBridge';

const NEW_PASSPHRASE = 'a new passphrase after the laptop went missing';
const NEW_PSYCH_PASSPHRASE = 'and a new psychotherapy passphrase with it';

const track = cleanupAfterEach();

/** Office desktop in the window, syncing with the joined computers named. */
async function syncingWith(...names: string[]) {
  const { vault } = await seededVault(track);
  const folder = syncFolderFor(vault);
  const user = userEvent.setup();
  renderWithStores(vault.bridge, <App />);
  const section = await turnOnSyncInSettings(user);
  const others = [];
  for (const name of names) {
    const other = await joinedComputer(folder, name, track);
    await exchange(other.syncContext(), folder);
    others.push(other);
  }
  await user.click(within(section).getByRole('button', { name: 'Sync now' }));
  return { vault, user, section, folder, others };
}

describe('key changes in Settings → Sync', () => {
  it('removes a computer after a confirmation that names the new passphrases, and shows the new recovery key once', async () => {
    const { vault, user, section } = await syncingWith('Laptop');
    await vault.host.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    await user.click(await within(section).findByRole('button', { name: 'Remove Laptop…' }, { timeout: 10_000 }));
    const dialog = screen.getByRole('dialog', { name: 'Remove Laptop?' });
    expect(dialog.textContent).toContain('your other computers need the new passphrases');
    await user.click(within(dialog).getByRole('button', { name: 'Remove Laptop and change the keys' }));
    expect(within(dialog).getByText('Enter the current passphrase.')).toBeTruthy();

    await user.type(within(dialog).getByLabelText(/^Current vault passphrase/), PASSPHRASE);
    await user.type(within(dialog).getByLabelText(/^Current psychotherapy passphrase/), PSYCH_PASSPHRASE);
    await user.type(within(dialog).getByLabelText(/^New vault passphrase/), PASSPHRASE);
    await user.type(within(dialog).getByLabelText(/^New psychotherapy passphrase/), NEW_PSYCH_PASSPHRASE);
    expect(within(dialog).getByText('Choose a passphrase the removed computer does not know.')).toBeTruthy();
    await user.clear(within(dialog).getByLabelText(/^New vault passphrase/));
    await user.type(within(dialog).getByLabelText(/^New vault passphrase/), NEW_PASSPHRASE);
    await user.click(within(dialog).getByRole('button', { name: 'Remove Laptop and change the keys' }));

    const removed = await screen.findByRole('dialog', { name: 'Laptop is removed' }, { timeout: 30_000 });
    expect(within(removed).getByLabelText('Recovery key').textContent?.length).toBeGreaterThan(20);
    await vault.host.vault.lock('manual');
    await vault.host.vault.unlock(NEW_PASSPHRASE);
  });

  it('after another computer changed the keys, asks for the new passphrase and syncs again with it', async () => {
    const { vault, user, section, folder, others } = await syncingWith('Laptop', 'Old tablet');
    const [laptop, tablet] = others;
    await laptop!.openPsychotherapy(PSYCH_PASSPHRASE);
    await exchange(laptop!.syncContext(), folder);
    const tabletId = tablet!.syncContext().db.prepare('SELECT device_id FROM sync_state').pluck().get() as string;
    await removeDevice(laptop!, folder, {
      deviceId: tabletId,
      passphrase: PASSPHRASE,
      psychotherapyPassphrase: PSYCH_PASSPHRASE,
      newPassphrase: NEW_PASSPHRASE,
      newPsychotherapyPassphrase: NEW_PSYCH_PASSPHRASE,
    });
    await user.click(within(section).getByRole('button', { name: 'Sync now' }));
    const form = await within(section).findByRole('form', { name: 'Enter the new passphrase' }, { timeout: 10_000 });
    await vault.host.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    await user.type(within(form).getByLabelText(/^New vault passphrase/), NEW_PASSPHRASE);
    await user.type(within(form).getByLabelText(/^New psychotherapy passphrase/), NEW_PSYCH_PASSPHRASE);
    await user.click(within(form).getByRole('button', { name: 'Take the new keys' }));
    await within(section).findByText(/^Up to date with the folder as of /, undefined, { timeout: 30_000 });
    expect(within(section).queryByRole('form', { name: 'Enter the new passphrase' })).toBeNull();
    const devices = within(section).getByRole('list', { name: 'Computers syncing this vault' });
    const tabletRow = within(devices).getByText('Old tablet').closest('li')!;
    expect(tabletRow.textContent).toMatch(/Removed /);
    expect(within(tabletRow).queryByRole('button')).toBeNull();
    expect(within(devices).getByRole('button', { name: 'Remove Laptop…' })).toBeTruthy();
  });
});
