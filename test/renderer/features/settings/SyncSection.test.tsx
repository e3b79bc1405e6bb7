// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/App';
import { renderWithStores } from '../../helpers/renderWithStores';
import { seedSession } from '../../helpers/seed';
import { syncFolderFor } from '../../helpers/syncComputers';
import type { TestVault } from '../../helpers/vaultBridge';
import { testVault } from '../../helpers/vaultBridge';

let opened: TestVault[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.map((vault) => vault.dispose()));
  opened = [];
});

async function openSettings() {
  const vault = await testVault();
  opened.push(vault);
  seedSession(vault);
  const folder = syncFolderFor(vault, 'Syncthing');
  const user = userEvent.setup();
  renderWithStores(vault.bridge, <App />);
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  const section = await screen.findByRole('region', { name: 'Sync between computers' });
  return { vault, user, section, folder };
}

describe('sync settings', () => {
  it('names this computer, chooses the folder, and shows the devices, last exchange, waiting changes and conflicts', async () => {
    const { vault, user, section, folder } = await openSettings();
    const turnOn = within(section).getByRole('form', { name: 'Turn on sync' });
    await user.click(within(turnOn).getByRole('button', { name: 'Choose sync folder…' }));
    expect(within(turnOn).getByText('Enter a name for this computer.')).toBeTruthy();
    expect(readdirSync(folder)).toEqual([]);

    await user.type(within(turnOn).getByLabelText(/^Name of this computer/), 'Office desktop');
    await user.click(within(turnOn).getByRole('button', { name: 'Choose sync folder…' }));
    const live = within(section).getAllByRole('status')[0]!;
    await within(section).findByText(/^Up to date with the folder as of /, undefined, { timeout: 10_000 });
    expect(live.textContent).toMatch(/^Up to date with the folder as of /);
    expect(within(section).getByText('Syncthing')).toBeTruthy();
    expect(section.textContent).not.toContain(folder);
    expect(readdirSync(folder)).toEqual([`therapist-vault-${vault.host.vault.id()}`]);

    const facts = (term: string) => within(section).getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(facts('Waiting to be sent')).toBe('0 changes');
    expect(facts('Conflicts')).toBe('0');
    const devices = within(section).getByRole('list', { name: 'Computers syncing this vault' });
    expect(within(devices).getAllByRole('listitem').map((item) => item.textContent)).toEqual([expect.stringMatching(/^Office desktopThis computerAdded /)]);

    vault.host.vault.clients.create({ name: 'Waiting Client' });
    await user.click(within(section).getByRole('button', { name: 'Sync now' }));
    await within(section).findByRole('button', { name: 'Sync now' });
    expect(facts('Waiting to be sent')).toBe('0 changes');

    // A file another computer's sync app has only begun to copy.
    const other = join(folder, `therapist-vault-${vault.host.vault.id()}`, 'devices', 'ab'.repeat(16));
    mkdirSync(other);
    writeFileSync(join(other, 'b-000000000001.tvsb'), 'TVSYNCB');
    await user.click(within(section).getByRole('button', { name: 'Sync now' }));
    await within(section).findByText(/^1 file in the folder could not be read at the last exchange\./);
  });

  it('renames this computer and turns sync off, back to choosing a folder', async () => {
    const { user, section } = await openSettings();
    await user.type(within(section).getByLabelText(/^Name of this computer/), 'Laptop');
    await user.click(within(section).getByRole('button', { name: 'Choose sync folder…' }));
    const rename = await within(section).findByRole('form', { name: 'Rename this computer' });
    const name = within(rename).getByLabelText('Name of this computer');
    await user.clear(name);
    await user.type(name, 'Home laptop');
    await user.click(within(rename).getByRole('button', { name: 'Rename' }));
    await within(section).findByText('Home laptop', { selector: 'strong' });

    await user.click(within(section).getByRole('button', { name: 'Turn off sync' }));
    const turnOn = await within(section).findByRole('form', { name: 'Turn on sync' });
    expect((within(turnOn).getByLabelText(/^Name of this computer/) as HTMLInputElement).value).toBe('Home laptop');
  });

  it('says in the live region when the folder has gone, and syncs again once a folder is chosen', async () => {
    const { user, section, folder } = await openSettings();
    await user.type(within(section).getByLabelText(/^Name of this computer/), 'Laptop');
    await user.click(within(section).getByRole('button', { name: 'Choose sync folder…' }));
    await within(section).findByText(/^Up to date with the folder as of /, undefined, { timeout: 10_000 });
    rmSync(folder, { recursive: true });
    await user.click(within(section).getByRole('button', { name: 'Sync now' }));
    const live = await within(section).findByText(/^The sync folder is not there\./, undefined, { timeout: 10_000 });
    expect(live.getAttribute('role')).toBe('status');
    expect(live.textContent).toBe(
      'The sync folder is not there. Connect the drive it is on or start the sync app, or choose the folder again. Your saves stay in this vault meanwhile.',
    );

    mkdirSync(folder);
    await user.click(within(section).getByRole('button', { name: 'Choose another folder…' }));
    await within(section).findByText(/^Up to date with the folder as of /, undefined, { timeout: 10_000 });
    expect(readdirSync(folder)).toHaveLength(1);
  });
});
