import { describe, expect, it } from 'vitest';
import { addClient, confirmRecoveryKey, createVault, goToClients, newSession, writeNote } from './flows';
import { seriousAxeViolations } from './harness';
import { focused } from './keyboard';
import { useRunningApp } from './runningApp';

const app = useRunningApp();

describe('search from the keyboard', () => {
  it('opens with Ctrl+F even from a text field, moves with the arrows, and Enter lands on the matched field of the note', async () => {
    const { page } = app;
    const { keyboard } = page;
    await createVault(page);
    await confirmRecoveryKey(page);
    await goToClients(page);
    await addClient(page, { name: 'Élodie Marchand' });
    await newSession(page, { date: '2026-01-08' });
    await writeNote(page, { Subjective: 'Spoke about the lighthouse trip with her brother.' });
    await goToClients(page);
    await addClient(page, { name: 'Noor Haddad' });
    await newSession(page, { date: '2026-02-12' });
    await writeNote(page, { Subjective: 'Calm week.', Plan: 'Revisit the Lighthouse exercise; keep the sleep diary.' });
    await goToClients(page);

    const filter = page.getByLabel('Filter by name or chart number');
    await filter.focus();
    await keyboard.press('Control+f');
    const dialog = page.getByRole('dialog', { name: 'Search' });
    await dialog.waitFor();
    expect(await filter.inputValue()).toBe('');
    expect(await focused(page)).toMatchObject({ name: 'Search the vault', tag: 'input' });

    await keyboard.type('lightho');
    await dialog.getByRole('status').getByText('2 results.').waitFor();
    const options = dialog.getByRole('listbox', { name: 'Results' }).getByRole('option');
    expect(await options.count()).toBe(2);
    expect((await dialog.locator('mark').allTextContents()).sort()).toEqual(['Lighthouse', 'lighthouse']);
    expect(await seriousAxeViolations(page, 'search-results')).toEqual([]);

    const selected = () => dialog.locator('[role="option"][aria-selected="true"]').textContent();
    const first = await selected();
    await keyboard.press('ArrowDown');
    const second = await selected();
    expect(second).not.toEqual(first);
    await keyboard.press('ArrowDown');
    expect(await selected()).toEqual(second);
    await keyboard.press('ArrowUp');
    expect(await selected()).toEqual(first);
    await keyboard.press('ArrowDown');
    const plan = (second ?? '').includes('Noor Haddad');
    await keyboard.press('Enter');

    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: plan ? /^Session on .*Feb 12/ : /^Session on .*Jan 8/ }).waitFor();
    const landed = await focused(page);
    expect(landed).toMatchObject({ tag: 'textarea', name: plan ? 'Plan' : 'Subjective' });
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)).toMatch(/lighthouse/i);

    await keyboard.press('Control+f');
    await dialog.waitFor();
    await keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(app.problems).toEqual([]);
  }, 120_000);
});
