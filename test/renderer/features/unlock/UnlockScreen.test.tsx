// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/App';
import { renderWithStores } from '../../helpers/renderWithStores';
import type { TestVault } from '../../helpers/vaultBridge';
import { PASSPHRASE, testVault } from '../../helpers/vaultBridge';

let opened: TestVault[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.map((vault) => vault.dispose()));
  opened = [];
});

describe('unlock screen', () => {
  it('shows the throttle wait after repeated wrong passphrases and unlocks once it has passed', async () => {
    let now = Date.parse('2026-05-01T09:00:00Z');
    const vault = await testVault({ vault: { clock: { now: () => now } } });
    opened.push(vault);
    await vault.host.vault.lock('manual');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(vault.host.vault.unlock(`wrong guess ${attempt}`)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    }
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);

    await user.type(await screen.findByLabelText('Passphrase'), PASSPHRASE);
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByText('Too many attempts. Try again in 1 s.');
    expect((screen.getByRole('button', { name: 'Unlock' }) as HTMLButtonElement).disabled).toBe(true);
    expect(vault.host.vault.state()).toBe('locked');

    now += 1000;
    await screen.findByText('You can try again now.', undefined, { timeout: 5000 });
    await user.type(screen.getByLabelText('Passphrase'), PASSPHRASE);
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('heading', { name: 'Today' }, { timeout: 5000 });
    expect(vault.host.vault.state()).toBe('open');
  });

  it('says a wrong passphrase is wrong without echoing it', async () => {
    const vault = await testVault();
    opened.push(vault);
    await vault.host.vault.lock('manual');
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);

    await user.type(await screen.findByLabelText('Passphrase'), 'my secret attempt');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    const alert = await screen.findByRole('alert', undefined, { timeout: 5000 });
    expect(alert.textContent).toBe('That passphrase does not open this vault.');
    expect(document.body.innerHTML).not.toContain('my secret attempt');
    expect((screen.getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');
  });

  it('shows the first-run screen when there is no vault yet', async () => {
    const vault = await testVault({ created: false });
    opened.push(vault);
    renderWithStores(vault.bridge, <App />);
    await screen.findByRole('heading', { name: 'Create your vault' });
  });

  it('puts focus in the passphrase field, so a passphrase typed straight away lands there', async () => {
    const vault = await testVault();
    opened.push(vault);
    await vault.host.vault.lock('manual');
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);
    const field = await screen.findByLabelText('Passphrase');
    await waitFor(() => expect(document.activeElement).toBe(field));
    await user.keyboard(`${PASSPHRASE}{Enter}`);
    await screen.findByRole('heading', { name: 'Today' }, { timeout: 5000 });
  });

  it('gives focus back to the field after a wrong passphrase', async () => {
    const vault = await testVault();
    opened.push(vault);
    await vault.host.vault.lock('manual');
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);
    await user.type(await screen.findByLabelText('Passphrase'), 'wrong one');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('alert', undefined, { timeout: 5000 });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Passphrase')));
  });
});
