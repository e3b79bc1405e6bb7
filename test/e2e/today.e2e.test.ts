import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addClient, confirmRecoveryKey, createVault, lock, PASSPHRASE, PSYCH_PASSPHRASE, startPractice } from './flows';
import type { RunningApp } from './harness';
import { focused } from './keyboard';
import { useRunningApp } from './runningApp';

const CLIENT = 'Tomás Herrera-Núñez';
const OTHER = 'Maya Lindqvist';

const app = useRunningApp();

/** Today's date as the page sees it: the harness runs the page in UTC. */
const todayUtc = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name, level: 1 }).waitFor();
const focusedName = async (page: Page) => (await focused(page)).name;

beforeAll(async () => {
  const { page } = app;
  await startPractice(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Clients' }).click();
  await addClient(page, { name: CLIENT, preferredName: 'Tom', chartNumber: 'C-0107' });
  const { vault } = app.host;
  const tomas = vault.clients.list().find((client) => client.name === CLIENT);
  const maya = vault.clients.create({ name: OTHER, chartNumber: 'C-0112' });
  if (!tomas) throw new Error('client missing');
  vault.sessions.create({ clientId: tomas.id, date: todayUtc(), startTime: '00:00', endTime: '00:01', modality: 'in-person' });
  const old = vault.sessions.create({ clientId: maya.id, date: daysAgo(5), startTime: '10:00', endTime: '10:50', modality: 'video' });
  vault.progressNotes.saveDraft({ sessionId: old.id, templateId: 'SOAP', fields: { subjective: 'Earlier draft', plan: 'Keep the sleep diary' } });
  vault.sessions.create({ clientId: maya.id, date: daysAgo(2), startTime: '10:00', endTime: '10:50', modality: 'video' });
}, 120_000);

describe('Today and the keyboard', () => {
  it('counts at most 4 actions from unlock to a signed note for a session scheduled today', async () => {
    const { page } = app;
    await lock(page);
    let actions = 0;
    const act = async (step: () => Promise<void>) => {
      actions += 1;
      await step();
    };

    // The lock screen has focus in the passphrase field: typing needs no click.
    await page.keyboard.type(PASSPHRASE);
    await act(() => page.keyboard.press('Enter'));
    await heading(page, 'Today');
    const todays = page.getByRole('list', { name: /Today's sessions/ });
    await act(() => todays.getByRole('button', { name: new RegExp(CLIENT) }).click());
    await heading(page, /^Session on /);
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    expect(await focusedName(page)).toBe('Subjective');
    await page.keyboard.type('Reports a calmer week; slept six hours most nights.');
    await act(() => page.keyboard.press('Control+Enter'));
    const dialog = page.getByRole('dialog', { name: 'Sign this progress note?' });
    await dialog.waitFor();
    await dialog.getByRole('group', { name: `Client ${CLIENT}` }).waitFor();
    await act(() => page.keyboard.press('Control+Enter'));
    await page.locator('.signature').getByText('Signed', { exact: true }).waitFor();

    expect(actions).toBeLessThanOrEqual(4);
    console.log(`actions from unlock to a signed note: ${actions}`);
  }, 60_000);

  it('lists the day, the notes to write and the drafts to sign, each opening its note', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Today' }).click();
    await heading(page, 'Today');
    const todays = page.getByRole('list', { name: /Today's sessions/ });
    expect(await todays.getByRole('button').allTextContents()).toEqual([`00:00–00:01${CLIENT} (Tom)AttendedSigned`]);
    const toWrite = page.getByRole('list', { name: /Notes to write/ });
    expect(await toWrite.getByRole('button').count()).toBe(1);
    expect(await toWrite.getByRole('button').textContent()).toContain(OTHER);
    const toSign = page.getByRole('list', { name: /Drafts to sign/ });
    const draft = toSign.getByRole('button', { name: new RegExp(OTHER) });
    expect(await draft.textContent()).toMatch(/\d+ days.*Overdue.*Draft/);

    await draft.click();
    await heading(page, /^Session on /);
    await page.getByRole('group', { name: `Client ${OTHER}` }).waitFor();
    expect(await focusedName(page)).toBe('Subjective');
  });

  it('asks for a backup folder on Today until one is set, and the banner can be dismissed for the day', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Today' }).click();
    const banner = page.getByRole('region', { name: 'Backups' });
    await banner.getByText(/No backup folder is set/).waitFor();
    await banner.getByRole('button', { name: 'Dismiss for today' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Clients' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Today' }).click();
    await heading(page, 'Today');
    expect(await page.getByRole('region', { name: 'Backups' }).count()).toBe(0);
    await page.getByText('Backups: no folder chosen.').waitFor();
  });

  it('finds a client with Ctrl+K ignoring case and accents, with the arrow keys, Enter and Escape', async () => {
    const { page } = app;
    await page.keyboard.press('Control+k');
    const finder = page.getByRole('dialog', { name: 'Find a client' });
    await finder.waitFor();
    expect(await focusedName(page)).toBe('Find a client');
    await page.keyboard.press('Escape');
    await finder.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+k');
    await page.keyboard.type('tomas');
    const options = finder.getByRole('option');
    expect(await options.allTextContents()).toEqual([`${CLIENT} (Tom) · C-0107`]);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('c-01');
    expect(await options.count()).toBe(2);
    await page.keyboard.press('ArrowDown');
    const active = await page.getByRole('combobox', { name: 'Find a client' }).getAttribute('aria-activedescendant');
    expect(await finder.locator(`[id="${active}"]`).getAttribute('aria-selected')).toBe('true');
    const chosen = (await finder.locator(`[id="${active}"]`).textContent()) ?? '';
    await page.keyboard.press('Enter');
    await heading(page, chosen.split(' (')[0]?.split(' · ')[0] ?? '');
  });

  it('starts a session for the client on screen with Ctrl+N and lands in the note', async () => {
    const { page } = app;
    await page.keyboard.press('Control+k');
    await page.keyboard.type('herrera');
    await page.keyboard.press('Enter');
    await heading(page, CLIENT);
    await page.getByRole('group', { name: `Client ${CLIENT}` }).getByText('C-0107').waitFor();
    await page.keyboard.press('Control+n');
    await page.getByRole('form', { name: 'New session' }).waitFor();
    expect(await focusedName(page)).toBe('Date');
    await page.keyboard.press('Enter');
    await heading(page, /^Session on /);
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    expect(await focusedName(page)).toBe('Subjective');
  });

  it('starts from the previous note with only the plan, showing the earlier note beside', async () => {
    const { page } = app;
    const vault = app.host.vault;
    const maya = vault.clients.list().find((client) => client.name === OTHER);
    if (!maya) throw new Error('client missing');
    vault.sessions.create({ clientId: maya.id, date: daysAgo(1), startTime: '10:00', endTime: '10:50', modality: 'video' });
    await page.keyboard.press('Control+k');
    await page.keyboard.type('maya');
    await page.keyboard.press('Enter');
    await heading(page, OTHER);
    // Newest first: yesterday's session, after the draft of five days ago.
    await page.getByRole('list', { name: 'Sessions, newest first' }).getByRole('button').first().click();
    await heading(page, /^Session on /);
    await page.getByRole('button', { name: 'Start from the previous note' }).click();
    await page.getByText(/^Copied Plan from the previous note/).waitFor();
    expect(await page.getByLabel('Plan', { exact: true }).inputValue()).toBe('Keep the sleep diary');
    expect(await page.getByLabel('Subjective', { exact: true }).inputValue()).toBe('');
    const previous = page.getByRole('complementary', { name: 'Previous note' });
    await previous.getByText('Earlier draft').waitFor();
  });

  it('shows the shortcuts with Ctrl+/ and none of them takes typing from a note', async () => {
    const { page } = app;
    await page.keyboard.press('Control+/');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.getByText('Ctrl+K').waitFor();
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });

    await page.getByLabel('Assessment', { exact: true }).click();
    await page.keyboard.type('k/n? Enter-free text');
    expect(await page.getByLabel('Assessment', { exact: true }).inputValue()).toBe('k/n? Enter-free text');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('focuses the passphrase field after Ctrl+L so the passphrase can be typed at once', async () => {
    const { page } = app;
    await page.getByLabel('Assessment', { exact: true }).click();
    await page.keyboard.press('Control+l');
    await heading(page, 'Vault locked');
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'password');
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Enter');
    await heading(page, 'Today');
    expect(app.problems).toEqual([]);
  });
});

describe('first run and the bugs seen', () => {
  let fresh: RunningApp;
  beforeAll(async () => {
    fresh = await app.launchAnother();
  });

  it('asks for a backup folder after the recovery key; with one chosen Today does not nag', async () => {
    const { page } = fresh;
    await createVault(page);
    await confirmRecoveryKey(page, { chooseBackupFolder: true });
    await page.getByText('Backups: none yet; one is made automatically when you lock.').waitFor();
    expect(await page.getByRole('region', { name: 'Backups' }).count()).toBe(0);
  });

  it("clears \"Enter the client's name.\" once a name is typed after a failed submit", async () => {
    const { page } = fresh;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Clients' }).click();
    await page.getByRole('button', { name: 'Add client' }).click();
    const form = page.getByRole('form', { name: 'New client' });
    await form.getByRole('button', { name: 'Add client' }).click();
    await form.getByText("Enter the client's name.").waitFor();
    await page.getByLabel('Full name').fill('Ines Okafor');
    expect(await form.getByText("Enter the client's name.").count()).toBe(0);
    await form.getByRole('button', { name: 'Add client' }).click();
    await heading(page, 'Ines Okafor');
  });

  it('keeps the first key typed right after Add psychotherapy note, and a passphrase retyped while opening', async () => {
    const { page } = fresh;
    await page.keyboard.press('Control+n');
    await page.keyboard.press('Enter');
    await heading(page, /^Session on /);
    await page.getByRole('button', { name: 'Open psychotherapy notes…' }).click();
    const field = page.getByLabel('Psychotherapy passphrase');
    await field.fill('not the passphrase');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+a');
    await page.keyboard.type(PSYCH_PASSPHRASE);
    await page.getByText('That passphrase does not open this vault.').waitFor();
    expect(await field.inputValue()).toBe(PSYCH_PASSPHRASE);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Close psychotherapy notes' }).waitFor();

    await page.getByRole('button', { name: 'Add psychotherapy note' }).click();
    await page.keyboard.type('Noticed my own hurry.');
    const note = page.getByLabel('Psychotherapy note 1', { exact: true });
    await expect.poll(() => note.inputValue()).toBe('Noticed my own hurry.');
    expect(fresh.problems).toEqual([]);
  });
});
