import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { joinFromFolder } from '../../main/sync/join';
import { exchange } from '../../main/sync/vaultFolderSync';
import type { Vault } from '../../main/vault/vaultApi';
import {
  askToRestore,
  backUpNow,
  confirmRecoveryKey,
  createVault,
  goToClients,
  goToSettings,
  joinRefused,
  openClient,
  openPsychotherapy,
  PASSPHRASE,
  PSYCH_PASSPHRASE,
  saveSettings,
  startJoining,
} from './flows';
import { nextMillisecond } from '../helpers/nextMillisecond';
import type { RunningApp } from './harness';

/** Called on every screen the walk reaches, with the page showing it and a stable name (used for screenshot files). */
export type VisitPage = (page: Page, name: string) => Promise<void>;

const CLIENT = 'Jordan Avery';
const CLINICIAN = 'Dr. Robin Hale, LCSW';

async function syncNow(section: Locator): Promise<void> {
  await section.getByRole('button', { name: 'Sync now' }).click();
  // The status may still read "Up to date" from the exchange before; the button stays disabled until this one is answered.
  await section.getByRole('button', { name: 'Sync now', disabled: false }).waitFor({ timeout: 20_000 });
  await section.getByRole('status').getByText(/^Up to date with the folder as of /).waitFor({ timeout: 30_000 });
}

async function openSession(page: Page, label: RegExp): Promise<void> {
  await page.getByRole('list', { name: 'Sessions, newest first' }).getByRole('button', { name: label }).click();
  await page.getByRole('heading', { name: /^Session on / }).waitFor();
}

/**
 * Four records edited on this computer and on a laptop before the two
 * synced, each kind of conflict once: a progress note draft, a note the
 * office signed while the laptop still edited it, a treatment plan and a
 * psychotherapy note. The laptop is a real vault joined from the folder.
 */
async function stageConflicts(office: RunningApp, laptop: Vault, folder: string): Promise<void> {
  const { page, host } = office;
  const vault = host.vault;
  const client = vault.clients.create({ name: CLIENT });
  const session = (date: string) => vault.sessions.create({ clientId: client.id, date, startTime: '10:00', endTime: '10:50', modality: 'in-person' });
  const edited = session('2026-11-30');
  const signed = session('2026-12-01');
  const reflective = session('2026-12-02');
  const soap = (subjective: string) => ({
    subjective,
    objective: 'Calm, good eye contact, speech normal in rate and volume.',
    assessment: 'Adjustment symptoms easing; no risk indicators today.',
  });
  vault.progressNotes.saveDraft({ sessionId: edited.id, templateId: 'SOAP', fields: soap('First notes.') });
  const signedNote = vault.progressNotes.saveDraft({ sessionId: signed.id, templateId: 'SOAP', fields: soap('First notes.') });
  const diagnosis = vault.diagnoses.add({ clientId: client.id, code: 'F43.22', rank: 'primary', status: 'active' });
  const plan = (problem: string, frequency: string) => ({
    problems: [
      {
        statement: problem,
        diagnosisIds: [diagnosis.id],
        goals: [{ statement: 'Settles into the new city', objectives: [{ statement: 'Sleeps 7 hours most nights', targetDate: '2027-02-01' }] }],
      },
    ],
    interventions: [{ description: 'Cognitive behavioral therapy', frequency, modality: 'in person' }],
  });
  vault.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry after a move', 'weekly') });
  await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  const psychotherapyNote = vault.psychotherapyNotes.create({ sessionId: reflective.id, text: 'First thoughts.' });

  const section = page.getByRole('region', { name: 'Sync between computers' });
  await syncNow(section);
  await exchange(laptop.syncContext(), folder);
  await laptop.openPsychotherapy(PSYCH_PASSPHRASE);

  laptop.progressNotes.saveDraft({ sessionId: edited.id, templateId: 'SOAP', fields: soap('Talked about the move to Ohio and what it means for the kids.') });
  await nextMillisecond();
  vault.progressNotes.saveDraft({ sessionId: edited.id, templateId: 'SOAP', fields: soap('Slept better this week; still dreads the Monday meetings.') });
  vault.progressNotes.saveDraft({ sessionId: signed.id, templateId: 'SOAP', fields: soap('Practiced the grounding exercise twice this week.') });
  vault.progressNotes.sign(signedNote.id, CLINICIAN);
  laptop.progressNotes.saveDraft({ sessionId: signed.id, templateId: 'SOAP', fields: soap('Practiced grounding; asked about a referral for couples work.') });
  laptop.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry after the move to Ohio', 'twice a week') });
  await nextMillisecond();
  vault.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry and low mood after a move', 'weekly') });
  laptop.psychotherapyNotes.update(psychotherapyNote.id, 'J. named anger at the father for the first time. Watch my urge to rescue.');
  await nextMillisecond();
  vault.psychotherapyNotes.update(psychotherapyNote.id, 'The dream about the lake again. Bring the silence after it to supervision.');
  vault.closePsychotherapy();

  await exchange(laptop.syncContext(), folder);
  await section.getByRole('button', { name: 'Sync now' }).click();
  await section.getByText(/^4 conflicts: changed on two computers before they synced\./).waitFor({ timeout: 20_000 });
}

/** Opens one conflict from the dialog's list, shows it, and goes back to the list. */
async function visitConflict(page: Page, visit: VisitPage, review: RegExp, shows: string, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Conflicts to review' });
  await dialog.getByRole('button', { name: review }).click();
  await dialog.getByText(shows, { exact: true }).first().waitFor();
  await visit(page, name);
  await dialog.getByRole('button', { name: 'Back to the list' }).click();
  await dialog.getByRole('list').waitFor();
}

async function walkConflicts(office: RunningApp, visit: VisitPage): Promise<void> {
  const { page } = office;
  const section = page.getByRole('region', { name: 'Sync between computers' });
  await section.getByText(/^4 conflicts: /).scrollIntoViewIfNeeded();
  await visit(page, 'settings-sync-conflicts');

  await section.getByRole('button', { name: 'Review' }).click();
  const dialog = page.getByRole('dialog', { name: 'Conflicts to review' });
  await dialog.getByRole('list').getByRole('listitem').nth(3).waitFor();
  await visit(page, 'sync-conflicts');
  await visitConflict(page, visit, new RegExp(`^Review Progress note, ${CLIENT}, session of .*Nov 30, 2026$`), 'Talked about the move to Ohio and what it means for the kids.', 'sync-conflict-note');
  await visitConflict(page, visit, new RegExp(`^Review Progress note, ${CLIENT}, session of .*Dec 1, 2026$`), 'Practiced grounding; asked about a referral for couples work.', 'sync-conflict-signed');
  await visitConflict(page, visit, new RegExp(`^Review Treatment plan, ${CLIENT}$`), 'Worry after the move to Ohio', 'sync-conflict-plan');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await goToClients(page);
  await openClient(page, CLIENT);
  await page.getByText(/^This treatment plan was also edited on Laptop before the two computers synced/).waitFor();
  await openSession(page, /Nov 30, 2026/);
  await page.getByText(/^This note was also edited on Laptop before the two computers synced/).waitFor();
  await visit(page, 'note-conflict');
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: CLIENT }).click();
  await openSession(page, /Dec 2, 2026/);
  await openPsychotherapy(page);
  await page.getByText(/^Psychotherapy note 1 was also edited on Laptop before the two computers synced/).waitFor();
  await visit(page, 'psychotherapy-conflict');
  await page.getByRole('button', { name: 'Close psychotherapy notes' }).click();
}

/**
 * A restore refused because the sync folder is gone: this computer's unsent
 * changes could not go out first, so nothing was replaced. The folder comes
 * back afterwards.
 */
async function walkRestoreRefused(office: RunningApp, visit: VisitPage, dir: string, folder: string): Promise<void> {
  const { page, host } = office;
  await goToSettings(page);
  host.backupDir = join(dir, 'Backups');
  mkdirSync(host.backupDir);
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await page.getByText('Backup folder: Backups').waitFor();
  await backUpNow(page);
  host.vault.clients.create({ name: 'Maya Lindqvist' });
  const unplugged = `${folder}-unplugged`;
  renameSync(folder, unplugged);
  try {
    await askToRestore(page);
    await page.getByRole('dialog', { name: 'Replace this vault with a backup?' }).getByRole('button', { name: 'Choose the backup and restore' }).click();
    const refusal = page.getByRole('form', { name: 'Restore from a backup' }).getByText(/^The sync folder is not there/);
    await refusal.waitFor({ timeout: 20_000 });
    await refusal.scrollIntoViewIfNeeded();
    await visit(page, 'restore-refused');
  } finally {
    renameSync(unplugged, folder);
  }
}

/** A second computer's first run: a wrong passphrase, the wait after several, then the vault assembling. */
async function walkJoin(home: RunningApp, visit: VisitPage, folder: string): Promise<void> {
  const { page, host } = home;
  host.backupDir = folder;
  const form = await startJoining(page, 'Dropbox', 'Home office');
  await joinRefused(form, 'violet harbor lantern');
  await visit(page, 'create-join-refused');
  for (let attempt = 1; ; attempt += 1) {
    await form.getByLabel('Vault passphrase').fill(`wrong guess ${attempt}`);
    await form.getByRole('button', { name: 'Join the vault' }).click();
    const outcome = form.getByText(/does not open the vault in this folder|Too many attempts/);
    await outcome.waitFor({ timeout: 30_000 });
    const text = (await outcome.textContent()) ?? '';
    if (/Too many attempts. Try again in ([3-9]|\d\d) s/.test(text)) break;
    if (/Too many attempts/.test(text)) await form.getByText('You can try again now.').waitFor();
  }
  await visit(page, 'create-join-throttled');
  await form.getByText('You can try again now.').waitFor({ timeout: 30_000 });

  // The join's answer is held until the picture is taken, so the progress it pushed stays on screen.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/ipc/vault.join', async (route) => {
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
  });
  await form.getByLabel('Vault passphrase').fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Join the vault' }).click();
  await form.getByRole('status').getByText(/^Assembling the vault: (\d+) of \1 files read/).waitFor({ timeout: 30_000 });
  await visit(page, 'create-join-progress');
  release();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor({ timeout: 30_000 });
  await page.unroute('**/ipc/vault.join');
}

/**
 * The sync screens, reached through the real UI with synthetic data: sync
 * turned on, conflicts with a laptop in Settings, in their dialog (a note, a
 * signed note, a treatment plan) and where each record is edited, a restore
 * refused while the sync folder is missing, and a second computer joining
 * from the folder. `office` is a fresh app at its first run; `launchAnother`
 * gives the second computer.
 */
export async function walkSyncScreens(office: RunningApp, launchAnother: () => Promise<RunningApp>, visit: VisitPage): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tv-sync-screens-'));
  let laptop: Vault | undefined;
  try {
    const { page, host } = office;
    await createVault(page);
    await confirmRecoveryKey(page);
    await saveSettings(page, { name: 'Dr. Robin Hale', credentials: 'LCSW' });
    const folder = join(dir, 'Dropbox');
    mkdirSync(folder);
    host.backupDir = folder;
    const section = page.getByRole('region', { name: 'Sync between computers' });
    await section.getByLabel('Name of this computer').fill('Office desktop');
    await section.getByRole('button', { name: 'Choose sync folder…' }).click();
    // Turning sync on seals the folder's keys and writes its first files: at CI's load it has taken over the 10 s default.
    await section.getByRole('status').getByText(/^Up to date with the folder as of /).waitFor({ timeout: 30_000 });
    laptop = await joinFromFolder({ chosenFolder: folder, passphrase: PASSPHRASE, path: join(dir, 'laptop.sqlite'), deviceName: 'Laptop' });

    await stageConflicts(office, laptop, folder);
    await walkConflicts(office, visit);
    await walkRestoreRefused(office, visit, dir, folder);
    await walkJoin(await launchAnother(), visit, folder);
  } finally {
    await laptop?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
