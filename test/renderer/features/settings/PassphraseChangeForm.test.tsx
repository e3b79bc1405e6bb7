// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/App';
import { renderWithStores } from '../../helpers/renderWithStores';
import type { TestVault } from '../../helpers/vaultBridge';
import { PASSPHRASE, PSYCH_PASSPHRASE, testVault } from '../../helpers/vaultBridge';

const NEW_PASSPHRASE = 'a brand new vault passphrase';
const NEW_PSYCH_PASSPHRASE = 'a brand new psychotherapy passphrase';

let opened: TestVault[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.map((vault) => vault.dispose()));
  opened = [];
});

async function settingsOf(vault: TestVault) {
  const user = userEvent.setup();
  renderWithStores(vault.bridge, <App />);
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  return user;
}

async function fill(user: ReturnType<typeof userEvent.setup>, name: string, current: string, next: string, confirm = next) {
  const form = screen.getByRole('form', { name: `Change the ${name}` });
  const entries: [string, string][] = [
    [`Current ${name}`, current],
    [`New ${name}`, next],
    [`Confirm new ${name}`, confirm],
  ];
  for (const [label, text] of entries) {
    const input = within(form).getByLabelText(label);
    await user.clear(input);
    await user.type(input, text);
  }
  await user.click(within(form).getByRole('button', { name: `Change the ${name}` }));
  return form;
}

describe('changing passphrases in settings', () => {
  it('changes the vault passphrase only: the old one stops working, the psychotherapy one is untouched', async () => {
    const vault = await testVault();
    opened.push(vault);
    const user = await settingsOf(vault);

    const form = await fill(user, 'vault passphrase', PASSPHRASE, NEW_PASSPHRASE);
    await within(form).findByText(
      'Vault passphrase changed. Use the new one from now on; the psychotherapy passphrase is unchanged. If the old one may be known to someone, rotate the keys below.',
      undefined,
      { timeout: 10_000 },
    );
    for (const input of within(form).getAllByLabelText(/passphrase/)) {
      if (input instanceof HTMLInputElement) expect(input.value).toBe('');
    }

    const { vault: v } = vault.host;
    await v.lock('manual');
    await expect(v.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await v.unlock(NEW_PASSPHRASE);
    await v.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(v.state()).toBe('open+psychotherapy');
  });

  it('changes the psychotherapy passphrase separately from the vault one', async () => {
    const vault = await testVault();
    opened.push(vault);
    const user = await settingsOf(vault);

    const form = await fill(user, 'psychotherapy passphrase', PSYCH_PASSPHRASE, NEW_PSYCH_PASSPHRASE);
    await within(form).findByText(/^Psychotherapy passphrase changed/, undefined, { timeout: 10_000 });

    const { vault: v } = vault.host;
    await expect(v.openPsychotherapy(PSYCH_PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await v.openPsychotherapy(NEW_PSYCH_PASSPHRASE);
    await v.lock('manual');
    await v.unlock(PASSPHRASE);
  });

  it('says a wrong current passphrase is wrong and changes nothing', async () => {
    const vault = await testVault();
    opened.push(vault);
    const user = await settingsOf(vault);

    const form = await fill(user, 'vault passphrase', 'not the current one', NEW_PASSPHRASE);
    const alert = await within(form).findByRole('alert', undefined, { timeout: 10_000 });
    expect(alert.textContent).toBe('That is not the current vault passphrase. Nothing was changed.');
    expect(document.body.innerHTML).not.toContain('not the current one');

    const { vault: v } = vault.host;
    await v.lock('manual');
    await v.unlock(PASSPHRASE);
  });

  it('checks length, confirmation and sameness before asking the vault', async () => {
    const vault = await testVault();
    opened.push(vault);
    const user = await settingsOf(vault);

    let form = await fill(user, 'vault passphrase', PASSPHRASE, 'short');
    expect(within(form).getByText('Use at least 12 characters.')).toBeTruthy();
    form = await fill(user, 'vault passphrase', PASSPHRASE, NEW_PASSPHRASE, `${NEW_PASSPHRASE}!`);
    expect(within(form).getByText('The two passphrases do not match.')).toBeTruthy();
    form = await fill(user, 'vault passphrase', PASSPHRASE, PASSPHRASE);
    expect(within(form).getByText('Choose a passphrase different from the current one.')).toBeTruthy();
    expect(vault.host.vault.audit.list().some((entry) => entry.event === 'passphrase.changed')).toBe(false);
  });
});
