import { describe, expect, it } from 'vitest';
import { PASSPHRASE, PSYCH_PASSPHRASE } from './flows';
import { focused, tabTo } from './keyboard';
import { useRunningApp } from './runningApp';

const app = useRunningApp();

describe('the main workflow with the keyboard only', () => {
  it('creates, writes, signs, amends, adds a psychotherapy note, locks and unlocks without a pointer', async () => {
    const { page } = app;
    const { keyboard } = page;
    const heading = (name: string | RegExp) => page.getByRole('heading', { name, level: 1 }).waitFor();

    await heading('Create your vault');
    await tabTo(page, 'Vault passphrase');
    await keyboard.type(PASSPHRASE);
    await tabTo(page, 'Confirm vault passphrase');
    await keyboard.type(PASSPHRASE);
    await tabTo(page, 'Use a separate passphrase for psychotherapy notes');
    await keyboard.press('Space');
    await tabTo(page, 'Psychotherapy passphrase');
    await keyboard.type(PSYCH_PASSPHRASE);
    await tabTo(page, 'Confirm psychotherapy passphrase');
    await keyboard.type(PSYCH_PASSPHRASE);
    await tabTo(page, 'Create vault');
    await keyboard.press('Enter');

    await heading('Your recovery key');
    await tabTo(page, 'I have stored the recovery key somewhere safe');
    await keyboard.press('Space');
    await tabTo(page, 'Continue to the vault');
    await keyboard.press('Enter');

    await heading('Choose a backup folder');
    await tabTo(page, 'Skip for now');
    await keyboard.press('Enter');

    await heading('Today');
    await tabTo(page, 'Settings');
    await keyboard.press('Enter');
    await heading('Settings');
    await tabTo(page, 'Your name');
    await keyboard.type('Sam Okafor');
    await tabTo(page, 'Credentials');
    await keyboard.type('PsyD');
    await tabTo(page, 'Save settings');
    await keyboard.press('Enter');
    await page.getByText('Settings saved').waitFor();

    await tabTo(page, 'Clients');
    await keyboard.press('Enter');
    await heading('Clients');
    await tabTo(page, 'Add client');
    await keyboard.press('Enter');
    await keyboard.type('Keyboard Client');
    await keyboard.press('Enter');
    await heading('Keyboard Client');

    await tabTo(page, 'New session');
    await keyboard.press('Enter');
    expect((await focused(page)).name).toBe('Date');
    await keyboard.press('Enter');
    await heading(/^Session on /);

    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    expect((await focused(page)).name).toBe('Subjective');
    await keyboard.type('Typed with the keyboard only.');
    await tabTo(page, 'Plan');
    await keyboard.type('Meet again next week.');
    await tabTo(page, 'Sign note…');
    await page.locator('.progress-note .save-status').getByText('Saved', { exact: true }).waitFor();
    await keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Sign this progress note?' }).waitFor();
    await tabTo(page, 'Sign note', { max: 3 });
    await keyboard.press('Enter');
    await page.locator('.signature').getByText('Signed', { exact: true }).waitFor();

    await tabTo(page, 'New addendum');
    await keyboard.type('Addendum by keyboard.');
    await tabTo(page, 'Add addendum');
    await keyboard.press('Enter');
    await page.locator('.addendum').getByText('Addendum by keyboard.').waitFor();

    await tabTo(page, 'Open psychotherapy notes…');
    await keyboard.press('Enter');
    await keyboard.type(PSYCH_PASSPHRASE);
    await keyboard.press('Enter');
    await page.getByRole('button', { name: 'Close psychotherapy notes' }).waitFor();
    await tabTo(page, 'Add psychotherapy note');
    await keyboard.press('Enter');
    await page.getByLabel('Psychotherapy note 1').waitFor();
    expect((await focused(page)).name).toBe('Psychotherapy note 1');
    await keyboard.type('Private process note.');
    await page.locator('.psychotherapy-note').getByText('Saved', { exact: true }).waitFor();

    await keyboard.press('Control+L');
    await heading('Vault locked');
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'password');
    expect((await focused(page)).name).toBe('Passphrase');
    await keyboard.type(PASSPHRASE);
    await keyboard.press('Enter');

    await heading('Today');
    await tabTo(page, 'Clients');
    await keyboard.press('Enter');
    await heading('Clients');
    await tabTo(page, /^Keyboard Client/);
    await keyboard.press('Enter');
    await heading('Keyboard Client');
    await tabTo(page, /Signed$/);
    await keyboard.press('Enter');
    await page.locator('.signed-fields').getByText('Typed with the keyboard only.').waitFor();
    await page.getByRole('button', { name: 'Open psychotherapy notes…' }).waitFor();
    expect(await page.content()).not.toContain('Private process note.');
    expect(app.problems).toEqual([]);
  });
});
