import { describe, expect, it } from 'vitest';
import { addClient, addPsychotherapyNote, confirmRecoveryKey, createVault, goToClients, newSession, openPsychotherapy } from './flows';
import { useRunningApp } from './runningApp';

const CLIENT = 'Sealed Capture Client';
const SEALED = 'SEALED-CANARY noticed my own hurry at the door';
const OPEN_NOTE = 'OPEN-NOTE supervision question about pacing';

const app = useRunningApp();

async function backToClient(): Promise<void> {
  await app.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: CLIENT }).click();
  await app.page.getByRole('heading', { name: CLIENT, level: 1 }).waitFor();
}

describe('psychotherapy notes across screens, and quick capture while closed', () => {
  it('seals a note while closed, shows it only as sealed, and opens it when the compartment opens', async () => {
    const { page } = app;
    await createVault(page);
    await confirmRecoveryKey(page);
    await goToClients(page);
    await addClient(page, { name: CLIENT });
    await newSession(page, { date: '2026-04-07', start: '09:00', end: '09:50' });

    await page.getByRole('button', { name: 'Quick capture (sealed)' }).click();
    const field = page.getByLabel('Sealed psychotherapy note');
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type(SEALED);
    await page.getByRole('button', { name: 'Seal note' }).click();
    await page.getByText('Sealed note 1: sealed, open the compartment to read').waitFor();
    await page.getByText('Note sealed. Open the psychotherapy notes to read it.').waitFor();
    // The window keeps no copy of what was sealed: not in the page, not in a field.
    expect(await page.content()).not.toContain('SEALED-CANARY');
    expect(app.host.vault.state()).toBe('open');

    await openPsychotherapy(page);
    await expect.poll(() => page.getByLabel('Psychotherapy note 1').inputValue()).toBe(SEALED);
    expect(await page.getByText('sealed, open the compartment to read').count()).toBe(0);
  }, 120_000);

  it('stays open moving between sessions and the client page until it is closed', async () => {
    const { page } = app;
    await addPsychotherapyNote(page, OPEN_NOTE);
    await backToClient();
    await newSession(page, { date: '2026-04-14', start: '09:00', end: '09:50' });
    await page.getByRole('button', { name: 'Close psychotherapy notes' }).waitFor();
    await page.getByText('No psychotherapy notes for this session.').waitFor();
    expect(app.host.vault.state()).toBe('open+psychotherapy');

    await backToClient();
    await page.getByRole('button', { name: 'Show psychotherapy notes' }).click();
    const list = page.getByRole('list', { name: 'Psychotherapy notes of this client' });
    await list.getByText(OPEN_NOTE).waitFor();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
    await list.getByText(SEALED).waitFor();
    await list.getByRole('button', { name: /Go to session/ }).first().click();
    await page.getByLabel('Psychotherapy note 1').waitFor();

    await page.getByRole('button', { name: 'Close psychotherapy notes' }).click();
    await page.getByRole('button', { name: 'Open psychotherapy notes…' }).waitFor();
    expect(app.host.vault.state()).toBe('open');
    expect(await page.content()).not.toContain('OPEN-NOTE');
    expect(app.problems).toEqual([]);
  }, 120_000);
});
