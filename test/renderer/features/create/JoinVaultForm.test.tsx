// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { nameThisDevice } from '../../../../main/sync/devices';
import { exchange } from '../../../../main/sync/vaultFolderSync';
import { App } from '../../../../renderer/App';
import { createdVault } from '../../../helpers/tempVault';
import { renderWithStores } from '../../helpers/renderWithStores';
import { cleanupAfterEach } from '../../helpers/syncComputers';
import type { TestVault } from '../../helpers/vaultBridge';
import { PASSPHRASE, testVault } from '../../helpers/vaultBridge';

const CLIENT = 'Joined Client Okonkwo';

const track = cleanupAfterEach();

/** The office computer's vault, synced into a folder; a new computer with no vault whose folder dialog answers with it. */
async function newComputerBesideOffice() {
  const office = await createdVault();
  track(office.dispose);
  const folder = join(office.dir, 'Dropbox');
  mkdirSync(folder);
  nameThisDevice(office.vault.syncContext(), 'Office desktop');
  office.vault.clients.create({ name: CLIENT });
  await exchange(office.vault.syncContext(), folder);
  const laptop: TestVault = await testVault({ created: false });
  track(() => laptop.dispose());
  laptop.host.backupDir = folder;
  const user = userEvent.setup();
  renderWithStores(laptop.bridge, <App />);
  await user.click(await screen.findByRole('button', { name: 'Join a vault from a sync folder' }));
  const form = await screen.findByRole('form', { name: 'Join a vault from a sync folder' });
  return { laptop, user, form, folder };
}

describe('joining from a sync folder on the first-run screen', () => {
  it('asks for the folder, the passphrase and a name; a wrong passphrase is refused and leaves nothing; the right one opens the vault', async () => {
    const { laptop, user, form } = await newComputerBesideOffice();
    await user.click(within(form).getByRole('button', { name: 'Join the vault' }));
    expect(within(form).getByText('Choose the sync folder that holds your vault.')).toBeTruthy();
    expect(within(form).getByText('Enter the vault passphrase.')).toBeTruthy();
    expect(within(form).getByText('Enter a name for this computer.')).toBeTruthy();

    await user.click(within(form).getByRole('button', { name: 'Choose sync folder…' }));
    await within(form).findByText('Dropbox', { selector: 'strong' });
    await user.type(within(form).getByLabelText(/^Vault passphrase/), 'a wrong passphrase entirely');
    await user.type(within(form).getByLabelText(/^Name of this computer/), 'Laptop');
    await user.click(within(form).getByRole('button', { name: 'Join the vault' }));
    const refused = await within(form).findByRole('alert', undefined, { timeout: 20_000 });
    expect(refused.textContent).toBe(
      'That passphrase does not open the vault in this folder. Use the passphrase you unlock it with on your other computer.',
    );
    const vaultDir = dirname(laptop.host.vault.path);
    expect(readdirSync(vaultDir).filter((name) => name.includes('.joining-'))).toEqual([]);
    expect(laptop.host.vault.isCreated()).toBe(false);

    await user.type(within(form).getByLabelText(/^Vault passphrase/), PASSPHRASE);
    await user.click(within(form).getByRole('button', { name: 'Join the vault' }));
    await screen.findByRole('heading', { name: 'Today', level: 1 }, { timeout: 20_000 });
    expect(laptop.host.vault.clients.list().map((client) => client.name)).toEqual([CLIENT]);
  });

  it('shows the throttle wait after repeated wrong passphrases, as the unlock screen does, and joins once it has passed', async () => {
    const { laptop, user, form } = await newComputerBesideOffice();
    await user.click(within(form).getByRole('button', { name: 'Choose sync folder…' }));
    await within(form).findByText('Dropbox', { selector: 'strong' });
    await user.type(within(form).getByLabelText(/^Name of this computer/), 'Laptop');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await user.type(within(form).getByLabelText(/^Vault passphrase/), `wrong guess ${attempt}`);
      await user.click(within(form).getByRole('button', { name: 'Join the vault' }));
      await within(form).findByRole('alert', undefined, { timeout: 20_000 });
      await within(form).findByRole('button', { name: 'Join the vault' }, { timeout: 20_000 });
    }
    await user.type(within(form).getByLabelText(/^Vault passphrase/), PASSPHRASE);
    await user.click(within(form).getByRole('button', { name: 'Join the vault' }));
    await within(form).findByText('Too many attempts. Try again in 1 s.', undefined, { timeout: 20_000 });
    expect(within(form).queryByRole('alert')).toBeNull();
    expect((within(form).getByRole('button', { name: 'Join the vault' }) as HTMLButtonElement).disabled).toBe(true);
    expect((within(form).getByLabelText(/^Vault passphrase/) as HTMLInputElement).value).toBe('');
    expect(laptop.host.vault.isCreated()).toBe(false);

    await within(form).findByText('You can try again now.', undefined, { timeout: 5000 });
    await user.type(within(form).getByLabelText(/^Vault passphrase/), PASSPHRASE);
    await user.click(within(form).getByRole('button', { name: 'Join the vault' }));
    // The line about trying again is the last attempt's; beside "Joining…" it would contradict it.
    expect(within(form).queryByText('You can try again now.')).toBeNull();
    await screen.findByRole('heading', { name: 'Today', level: 1 }, { timeout: 20_000 });
  });

  it('says so when the chosen folder holds no vault', async () => {
    const { laptop, user, form, folder } = await newComputerBesideOffice();
    const empty = join(folder, '..', 'Empty');
    mkdirSync(empty);
    laptop.host.backupDir = empty;
    await user.click(within(form).getByRole('button', { name: 'Choose sync folder…' }));
    await within(form).findByText(/^This folder holds no vault to join/);
  });
});
