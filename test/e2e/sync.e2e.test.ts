import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinFromFolder } from '../../main/sync/join';
import { exchange } from '../../main/sync/vaultFolderSync';
import type { Vault } from '../../main/vault/vaultApi';
import { confirmRecoveryKey, createVault, goToClients, goToSettings, joinRefused, PASSPHRASE, startJoining } from './flows';
import type { RunningApp } from './harness';
import { launchApp, launchBrowser, seriousAxeViolations } from './harness';

const LAPTOP_CLIENT = 'Marisol Ketteridge';

let browser: Browser;
let app: RunningApp;
let laptop: Vault | undefined;
let dir = '';

beforeAll(async () => {
  browser = await launchBrowser();
  app = await launchApp(browser);
  dir = mkdtempSync(join(tmpdir(), 'tv-e2e-sync-'));
});

afterAll(async () => {
  await laptop?.close();
  await app?.close();
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sync between two computers in the built renderer over real vaults and a real folder', () => {
  it('turns on sync from settings: the folder by name, this computer, up to date', async () => {
    const { page, host } = app;
    await createVault(page);
    await confirmRecoveryKey(page);
    await goToSettings(page);
    const folder = join(dir, 'Dropbox');
    mkdirSync(folder);
    // The folder dialog stand-in answers with the sync folder from here on.
    host.backupDir = folder;
    const section = page.getByRole('region', { name: 'Sync between computers' });
    await section.getByLabel('Name of this computer').fill('Office desktop');
    await section.getByLabel('Name of this computer').press('Enter');
    await section.getByRole('status').getByText(/^Up to date with the folder as of /).waitFor();
    await section.getByText('Dropbox', { exact: true }).waitFor();
    expect(await section.getByRole('list', { name: 'Computers syncing this vault' }).getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Office desktopThis computerAdded /),
    ]);
    expect(await seriousAxeViolations(page, 'settings with sync on')).toEqual([]);
  });

  it('a client added on the laptop appears in the client list on its own once the sync tool delivers the file', async () => {
    const { page } = app;
    const folder = join(dir, 'Dropbox');
    laptop = await joinFromFolder({ chosenFolder: folder, passphrase: PASSPHRASE, path: join(dir, 'laptop.sqlite'), deviceName: 'Laptop' });
    laptop.clients.create({ name: LAPTOP_CLIENT });
    await goToClients(page);
    expect(await page.getByText(LAPTOP_CLIENT).count()).toBe(0);
    await exchange(laptop.syncContext(), folder);
    await page.getByRole('button', { name: new RegExp(LAPTOP_CLIENT) }).waitFor({ timeout: 20_000 });

    await goToSettings(page);
    const section = page.getByRole('region', { name: 'Sync between computers' });
    const devices = section.getByRole('list', { name: 'Computers syncing this vault' }).getByRole('listitem');
    await devices.nth(1).waitFor();
    expect((await devices.allTextContents()).map((text) => text.replace(/Added .*$/, ''))).toEqual(['Office desktopThis computer', 'Laptop']);
  });

  it('a draft edited on both computers before they synced: the count, Review, both texts, and keep both', async () => {
    const { page, host } = app;
    const folder = join(dir, 'Dropbox');
    const client = host.vault.clients.list().find((one) => one.name === LAPTOP_CLIENT)!;
    const session = host.vault.sessions.create({ clientId: client.id, date: '2026-11-30', startTime: '09:00', endTime: '09:50', modality: 'video' });
    host.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'First words.' } });
    const section = page.getByRole('region', { name: 'Sync between computers' });
    await section.getByRole('button', { name: 'Sync now' }).click();
    // "Up to date" may be the previous exchange's; the laptop needs this one's session before it edits the draft.
    await section.getByRole('button', { name: 'Sync now', disabled: false }).waitFor();
    await section.getByRole('status').getByText(/^Up to date with the folder as of /).waitFor();
    await exchange(laptop!.syncContext(), folder);
    laptop!.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'Talked about the move to Ohio.' } });
    const note = host.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'Slept better this week.' } });
    await exchange(laptop!.syncContext(), folder);
    await section.getByRole('button', { name: 'Sync now' }).click();
    await section.getByText(/^1 conflict: changed on two computers before they synced\./).waitFor({ timeout: 20_000 });

    await section.getByRole('button', { name: 'Review' }).click();
    const dialog = page.getByRole('dialog', { name: 'Conflicts to review' });
    await dialog.getByRole('button', { name: new RegExp(`^Review Progress note, ${LAPTOP_CLIENT}, session of `) }).click();
    await dialog.getByRole('region', { name: 'Subjective' }).getByText('Talked about the move to Ohio.').waitFor();
    expect(await seriousAxeViolations(page, 'sync conflict opened')).toEqual([]);
    await dialog.getByRole('button', { name: 'Keep both: add the text from Laptop after it' }).click();
    await dialog.getByText('No conflicts are left to review.').waitFor();
    expect(host.vault.progressNotes.get(note.id).fields.subjective).toBe('Slept better this week.\n\nTalked about the move to Ohio.');
    await page.keyboard.press('Escape');
    await section.getByText('0', { exact: true }).waitFor();
    await section.getByRole('button', { name: 'Sync now' }).click();
    await section.getByRole('button', { name: 'Sync now', disabled: false }).waitFor();
    await exchange(laptop!.syncContext(), folder);
    expect(laptop!.progressNotes.get(note.id).fields.subjective).toBe('Slept better this week.\n\nTalked about the move to Ohio.');
  });

  it('the Logs screen lists the laptop’s audit entries beside this computer’s, each with its computer and its link in words', async () => {
    const { page } = app;
    const folder = join(dir, 'Dropbox');
    laptop!.audit.record('backup.created', { kind: 'manual' });
    await exchange(laptop!.syncContext(), folder);
    const section = page.getByRole('region', { name: 'Sync between computers' });
    await section.getByRole('button', { name: 'Sync now' }).click();
    await section.getByRole('button', { name: 'Sync now', disabled: false }).waitFor();
    await section.getByRole('status').getByText(/^Up to date with the folder as of /).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Logs' }).click();
    const table = page.getByRole('table', { name: 'Audit entries from every computer, newest first' });
    const laptopBackup = table.getByRole('row').filter({ hasText: 'Backup made' }).filter({ hasText: 'Laptop' });
    await laptopBackup.waitFor();
    expect(await laptopBackup.getByRole('cell').allTextContents()).toEqual([expect.any(String), 'Laptop', expect.any(String), 'Backup made', 'Verified', 'kind: manual']);
    expect(await table.getByRole('cell', { name: 'Office desktop (this computer)' }).count()).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page, 'logs with two computers')).toEqual([]);
    await goToSettings(page);
  });

  it('a conflict shown in the note editor: Review the conflict, use the laptop’s text, the editor reads it, the Logs screen lists the resolve', async () => {
    const { page, host } = app;
    const folder = join(dir, 'Dropbox');
    const client = host.vault.clients.list().find((one) => one.name === LAPTOP_CLIENT)!;
    const session = host.vault.sessions.create({ clientId: client.id, date: '2026-12-01', startTime: '09:00', endTime: '09:50', modality: 'video' });
    host.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'First words.' } });
    const section = page.getByRole('region', { name: 'Sync between computers' });
    await section.getByRole('button', { name: 'Sync now' }).click();
    await section.getByRole('button', { name: 'Sync now', disabled: false }).waitFor();
    await exchange(laptop!.syncContext(), folder);
    laptop!.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'Planned the first week in Ohio.' } });
    host.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'Slept badly again.' } });
    await exchange(laptop!.syncContext(), folder);
    await section.getByRole('button', { name: 'Sync now' }).click();
    await section.getByText(/^1 conflict: /).waitFor({ timeout: 20_000 });

    await goToClients(page);
    await page.getByRole('button', { name: new RegExp(LAPTOP_CLIENT) }).click();
    await page.getByRole('button', { name: /Dec 1, 2026/ }).first().click();
    const editor = page.getByRole('textbox', { name: 'Subjective' });
    expect(await editor.inputValue()).toBe('Slept badly again.');
    await page.getByText(/^This note was also edited on Laptop before the two computers synced/).waitFor();
    expect(await seriousAxeViolations(page, 'note editor with a sync conflict')).toEqual([]);
    await page.getByRole('button', { name: 'Review the conflict' }).click();
    const dialog = page.getByRole('dialog', { name: 'Conflicts to review' });
    await dialog.getByRole('region', { name: 'Subjective' }).getByText('Planned the first week in Ohio.').waitFor();
    await dialog.getByRole('button', { name: 'Use the text from Laptop' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => editor.inputValue()).toBe('Planned the first week in Ohio.');
    expect(await page.getByRole('button', { name: 'Review the conflict' }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Logs' }).click();
    const resolved = page.getByRole('table', { name: 'Audit entries from every computer, newest first' }).getByRole('row').filter({ hasText: 'Sync conflict resolved' });
    await resolved.first().waitFor();
    expect(await resolved.first().textContent()).toContain('choice: keepOther');
    await goToSettings(page);
  });

  it('a treatment plan edited on both computers opens field by field, and the laptop’s plan can be chosen', async () => {
    const { page, host } = app;
    const folder = join(dir, 'Dropbox');
    const client = host.vault.clients.list().find((one) => one.name === LAPTOP_CLIENT)!;
    const diagnosis = host.vault.diagnoses.add({ clientId: client.id, code: 'F43.22', rank: 'primary', status: 'active' });
    const plan = (statement: string, frequency: string) => ({
      problems: [{ statement, diagnosisIds: [diagnosis.id], goals: [{ statement: 'Settles in', objectives: [{ statement: 'Sleeps 7 hours', targetDate: '2027-02-01' }] }] }],
      interventions: [{ description: 'Cognitive behavioral therapy', frequency, modality: 'video' }],
    });
    const draft = host.vault.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry after a move', 'weekly') });
    const section = page.getByRole('region', { name: 'Sync between computers' });
    await section.getByRole('button', { name: 'Sync now' }).click();
    await section.getByRole('button', { name: 'Sync now', disabled: false }).waitFor();
    await exchange(laptop!.syncContext(), folder);
    laptop!.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry after the move to Ohio', 'twice a week') });
    host.vault.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry and low mood after a move', 'weekly') });
    await exchange(laptop!.syncContext(), folder);
    await section.getByRole('button', { name: 'Sync now' }).click();
    await section.getByText(/^1 conflict: /).waitFor({ timeout: 20_000 });

    await section.getByRole('button', { name: 'Review' }).click();
    const dialog = page.getByRole('dialog', { name: 'Conflicts to review' });
    await dialog.getByRole('button', { name: `Review Treatment plan, ${LAPTOP_CLIENT}` }).click();
    await dialog.getByRole('region', { name: 'Problem 1', exact: true }).getByText('Worry after the move to Ohio').waitFor();
    expect(await dialog.getByRole('region', { name: 'Problem 1, goal 1, objective 1' }).textContent()).toMatch(/Sleeps 7 hours \(by .*Feb 1, 2027\)/);
    expect(await dialog.textContent()).not.toMatch(/[{}"]/);
    expect(await seriousAxeViolations(page, 'treatment plan conflict opened')).toEqual([]);
    await dialog.getByRole('button', { name: 'Use the plan from Laptop' }).click();
    await dialog.getByText('No conflicts are left to review.').waitFor();
    expect(host.vault.treatmentPlans.get(draft.id).content.problems[0]?.statement).toBe('Worry after the move to Ohio');
    await page.keyboard.press('Escape');
  });

  it('sync now and turn off from the keyboard', async () => {
    const { page } = app;
    const section = page.getByRole('region', { name: 'Sync between computers' });
    await section.getByRole('button', { name: 'Sync now' }).focus();
    await page.keyboard.press('Enter');
    // The status may still read "Up to date" from the exchange before; the buttons stay disabled until this one is answered.
    await section.getByRole('button', { name: 'Turn off sync', disabled: false }).waitFor();
    await section.getByRole('status').getByText(/^Up to date with the folder as of /).waitFor();
    await section.getByRole('button', { name: 'Turn off sync' }).focus();
    await page.keyboard.press('Enter');
    await section.getByRole('form', { name: 'Turn on sync' }).waitFor();
    expect(await section.getByLabel('Name of this computer').inputValue()).toBe('Office desktop');
    expect(app.problems).toEqual([]);
  });
});

describe('a third computer joins from the folder on its first-run screen', () => {
  let office: RunningApp | undefined;

  afterAll(async () => {
    await office?.close();
  });

  it('a wrong passphrase is refused with nothing left behind; the right one assembles the vault with progress and opens it', async () => {
    office = await launchApp(browser);
    const { page, host } = office;
    host.backupDir = join(dir, 'Dropbox');
    const form = await startJoining(page, 'Dropbox', 'Home office');
    await joinRefused(form, 'not the passphrase of this vault');
    expect(host.vault.isCreated()).toBe(false);
    expect(readdirSync(dirname(host.vault.path)).filter((name) => name.includes('.joining-'))).toEqual([]);
    expect(await seriousAxeViolations(page, 'join refused')).toEqual([]);

    const progress: { imported: number; total: number; joining: boolean }[] = [];
    const stopListening = host.subscribe((event, payload) => {
      if (event === 'sync.progress') progress.push(payload as (typeof progress)[number]);
    });
    await form.getByLabel('Vault passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Join the vault' }).click();
    await form.getByRole('status').getByText(/^(Opening the keys with your passphrase|Assembling the vault)/).waitFor();
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor({ timeout: 30_000 });
    stopListening();
    const last = progress.filter((step) => step.joining).at(-1);
    expect(last?.total).toBeGreaterThanOrEqual(2);
    expect(last?.imported).toBe(last?.total);
    await goToClients(page);
    await page.getByRole('button', { name: new RegExp(LAPTOP_CLIENT) }).waitFor();
    await goToSettings(page);
    const devices = page.getByRole('region', { name: 'Sync between computers' }).getByRole('list', { name: 'Computers syncing this vault' });
    await devices.getByText('Home office').waitFor();
    expect(office.problems).toEqual([]);
  });
});
