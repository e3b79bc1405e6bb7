// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/App';
import { renderWithStores } from '../../helpers/renderWithStores';
import type { TestVault } from '../../helpers/vaultBridge';
import { PASSPHRASE, PSYCH_PASSPHRASE, testVault } from '../../helpers/vaultBridge';

const NEW_PASSPHRASE = 'brand new passphrase after forgetting';

let opened: TestVault[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.map((vault) => vault.dispose()));
  opened = [];
});

async function lockedVault(options: Parameters<typeof testVault>[0] = {}) {
  const vault = await testVault(options);
  opened.push(vault);
  await vault.host.vault.lock('manual');
  return vault;
}

async function fillRecovery(user: ReturnType<typeof userEvent.setup>, recoveryKey: string, passphrase = NEW_PASSPHRASE) {
  await user.click(await screen.findByRole('button', { name: 'Use recovery key' }));
  await user.type(screen.getByLabelText('Recovery key'), recoveryKey);
  for (const label of ['New vault passphrase', 'Confirm new vault passphrase']) {
    await user.click(screen.getByLabelText(label));
    await user.paste(passphrase);
  }
  await user.click(screen.getByRole('button', { name: 'Unlock and set the new passphrase' }));
}

describe('unlocking with the recovery key', () => {
  it('opens the vault and replaces the forgotten passphrase, keeping the psychotherapy one', async () => {
    const vault = await lockedVault();
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);

    await fillRecovery(user, vault.recoveryKey.toUpperCase());
    await screen.findByRole('heading', { name: 'Today' }, { timeout: 10_000 });
    expect(vault.host.vault.state()).toBe('open');

    await vault.host.vault.lock('manual');
    await expect(vault.host.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await vault.host.vault.unlock(NEW_PASSPHRASE);
    await vault.host.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(vault.host.vault.state()).toBe('open+psychotherapy');
  });

  it('refuses a key that does not open this vault and stays locked', async () => {
    const vault = await lockedVault();
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);

    await fillRecovery(user, '0123abcd-'.repeat(8).slice(0, -1));
    await screen.findByText('That recovery key does not open this vault. Check it against your printed copy, group by group.', undefined, {
      timeout: 5000,
    });
    expect(vault.host.vault.state()).toBe('locked');
  });

  it('shows the throttle wait when earlier attempts failed, and stays locked', async () => {
    const now = Date.parse('2026-05-01T09:00:00Z');
    const vault = await lockedVault({ vault: { clock: { now: () => now } } });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(vault.host.vault.unlock(`wrong guess ${attempt}`)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    }
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);

    await fillRecovery(user, vault.recoveryKey);
    await screen.findByText('Too many attempts. Try again in 1 s.', undefined, { timeout: 5000 });
    expect(vault.host.vault.state()).toBe('locked');
  });

  it('explains a refusal of the input in the therapist’s terms, not the request’s field names', async () => {
    const vault = await lockedVault();
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);

    await fillRecovery(user, vault.recoveryKey, 'far too long '.repeat(100));
    const alert = await screen.findByRole('alert', undefined, { timeout: 5000 });
    expect(alert.textContent).toBe(
      'The vault could not accept that: check that the recovery key is 8 groups of 8 letters and digits, and that each new passphrase has 12 to 1024 characters.',
    );
    expect(vault.host.vault.state()).toBe('locked');
  });

  it('checks the key shape and the new passphrase before asking the vault', async () => {
    const vault = await lockedVault();
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);

    await user.click(await screen.findByRole('button', { name: 'Use recovery key' }));
    await user.type(screen.getByLabelText('Recovery key'), 'not a key');
    await user.type(screen.getByLabelText('New vault passphrase'), 'short');
    await user.click(screen.getByRole('button', { name: 'Unlock and set the new passphrase' }));
    expect(screen.getByText('A recovery key is 64 letters and digits, in 8 groups of 8.')).toBeTruthy();
    expect(screen.getByText('Use at least 12 characters.')).toBeTruthy();
  });
});
