import type { Page } from 'playwright-core';
import {
  addAddendum,
  addClient,
  addDiagnosis,
  addPsychotherapyNote,
  askToRestore,
  enterMeasure,
  backUpNow,
  createVault,
  goToAgenda,
  goToClients,
  lock,
  newSession,
  openClient,
  PASSPHRASE,
  PSYCH_PASSPHRASE,
  saveSettings,
  setStandingAppointment,
  signNote,
  signTreatmentPlan,
  unlock,
  verifyBackup,
  writeNote,
  writeTreatmentPlan,
} from './flows';

/** Called on every screen the walk reaches, with a stable name (used for screenshot files). */
export type VisitScreen = (name: string) => Promise<void>;

const CLIENT = 'Jordan Avery';

async function openSession(page: Page, label: RegExp): Promise<void> {
  await page.getByRole('list', { name: 'Sessions, newest first' }).getByRole('button', { name: label }).click();
  await page.getByRole('heading', { name: /^Session on / }).waitFor();
}

async function backToClient(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: CLIENT }).click();
  await page.getByRole('heading', { name: CLIENT, level: 1 }).waitFor();
}

async function setVaultIdleMinutes(page: Page, minutes: number): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Lock the vault after (minutes without activity)').fill(String(minutes));
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved').waitFor();
}

/**
 * Every screen of the app, reached in order through the real UI with
 * synthetic demo data: first run (and its restore and join), recovery key, clients, a
 * client's page, forms, the note editor, signing, a signed note with an
 * addendum, quick capture and a sealed note, the psychotherapy panel closed and
 * open, a client's psychotherapy notes, search, settings, backups with a
 * verify report and the restore question, sync turned on, the idle warning, and the lock
 * screen plain and throttled.
 */
/** The release dialog: a subpoena refused before anything is sent, then a judge's order, released. */
async function releasePsychotherapyNotes(page: Page, visit: VisitScreen): Promise<void> {
  await page.getByRole('button', { name: 'Release psychotherapy notes…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Release psychotherapy notes' });
  await dialog.getByRole('checkbox').first().check();
  await dialog.getByLabel('A court order signed by a judge').check();
  await dialog.getByLabel('Signed by', { exact: true }).selectOption('attorney');
  await dialog.getByLabel('Court', { exact: true }).fill('Superior Court of California, County of Marin');
  await dialog.getByLabel("Judge's name").fill('Hon. Ada Brennan');
  await dialog.getByLabel('Case number').fill('FL-26-0042');
  await dialog.getByLabel('Date signed').fill('2026-03-02');
  await dialog.getByRole('button', { name: 'Choose where to save…' }).click();
  await dialog.getByText('A subpoena signed by an attorney or a clerk does not release psychotherapy notes.', { exact: false }).waitFor();
  await visit('release-refused');
  await dialog.getByLabel('Signed by', { exact: true }).selectOption('judge');
  await dialog.getByLabel('The order names psychotherapy notes specifically').check();
  await dialog.getByLabel('Recipient').fill('Dr. Sam Ortiz, court-appointed custody evaluator');
  await dialog.getByLabel('Purpose').fill('Custody evaluation ordered by the court');
  await dialog.getByLabel('Psychotherapy passphrase').fill(PSYCH_PASSPHRASE);
  await visit('release-dialog');
  await dialog.getByRole('button', { name: 'Choose where to save…' }).click();
  // The passphrase goes through the real KDF, slow on a loaded machine.
  const released = dialog.getByText('Released 1 psychotherapy note', { exact: false });
  await released.or(dialog.getByRole('alert')).waitFor({ timeout: 60_000 });
  if (!(await released.isVisible())) throw new Error(`release refused: ${await dialog.getByRole('alert').textContent()}`);
  await visit('release-done');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Fills every structured part of the open draft, leaving each disclosure open, with a service time that draws the warning. */
async function openStructuredParts(page: Page): Promise<void> {
  const part = (title: string) => page.locator('details.note-part', { has: page.locator('summary', { hasText: title }) }).locator('summary');
  await part('Service').click();
  await page.getByLabel('Service code').selectOption('90837');
  await part('Attendees').click();
  await page.getByLabel('Who took part').fill('Client');
  await page.getByLabel('Who took part').blur();
  await part('Diagnoses addressed').click();
  await page.getByLabel(/F33\.1 /).check();
  await part('Mental status').click();
  await page.getByRole('button', { name: 'Within normal limits' }).click();
  await page.getByLabel('Affect (mental status)').fill('Anxious, congruent');
  await part('Risk assessment').click();
  await page.getByLabel('Suicidal ideation').selectOption('denied');
  await page.getByLabel('Homicidal ideation').selectOption('denied');
  await page.getByLabel('Self-harm').selectOption('denied');
  await page.getByLabel('Protective factors').fill('Supportive partner, engaged in work');
  await part('Interventions').click();
  await page.getByLabel('CBT', { exact: true }).check();
  await page.getByLabel('Mindfulness', { exact: true }).check();
  await part('Treatment-plan progress').click();
  await page.getByLabel(/^1\.1\.1 /).selectOption('progressing');
  await page.locator('.progress-note .save-status').getByText('Saved', { exact: true }).waitFor();
}

export async function walkScreens(page: Page, visit: VisitScreen): Promise<void> {
  await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
  await visit('create-vault');
  await page.getByRole('button', { name: 'Restore from a backup' }).click();
  await page.getByRole('heading', { name: 'Restore from a backup' }).waitFor();
  await visit('create-restore');
  await page.getByRole('button', { name: 'Create a new vault instead' }).click();
  await page.getByRole('button', { name: 'Join a vault from a sync folder' }).click();
  await page.getByRole('heading', { name: 'Join a vault from a sync folder' }).waitFor();
  await page.getByRole('button', { name: 'Join the vault' }).click();
  await page.getByText('Enter a name for this computer.').waitFor();
  await visit('create-join');
  await page.getByRole('button', { name: 'Create a new vault instead' }).click();
  await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
  await page.getByLabel('Vault passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm vault passphrase').fill('violet harbour');
  await page.getByLabel('Use a separate passphrase for psychotherapy notes').check();
  await page.getByRole('button', { name: 'Create vault' }).click();
  await page.getByText('The two passphrases do not match.').waitFor();
  await visit('create-vault-errors');

  await page.getByLabel('Vault passphrase', { exact: true }).fill('');
  await createVault(page);
  await visit('recovery-key');
  await page.getByLabel('I have stored the recovery key somewhere safe').check();
  await page.getByRole('button', { name: 'Continue to the vault' }).click();
  await page.getByRole('heading', { name: 'Choose a backup folder' }).waitFor();
  await visit('backup-setup');
  await page.getByRole('button', { name: 'Skip for now' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await visit('today-empty');
  await goToClients(page);
  await visit('clients-empty');

  await saveSettings(page, { name: 'Dr. Robin Hale', credentials: 'LCSW', practice: 'Harbor Street Counseling' });
  await visit('settings');

  await goToClients(page);
  await page.getByRole('button', { name: 'Add client' }).click();
  await visit('client-form');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await addClient(page, { name: 'Maya Lindqvist', chartNumber: 'C-0112' });
  await goToClients(page);
  await addClient(page, { name: 'Tomás Herrera-Núñez', preferredName: 'Tom', chartNumber: 'C-0107' });
  await goToClients(page);
  await addClient(page, { name: CLIENT, chartNumber: 'C-0098' });
  await goToClients(page);
  await visit('clients');

  await openClient(page, CLIENT);
  await newSession(page, { date: '2026-02-26', start: '10:00', end: '10:50' });
  await writeNote(page, {
    Subjective: 'Reports sleeping better since starting the wind-down routine; work stress "still a 6 out of 10".',
    Objective: 'Calm, well groomed, good eye contact. PHQ-9: 8 (down from 12).',
    Assessment: 'Mild depressive symptoms, improving. No risk indicators today.',
    Plan: 'Continue behavioral activation; review the thought record next session.',
  });
  await enterMeasure(page, 'PHQ-9', [2, 2, 1, 2, 1, 1, 1, 1, 1], () => visit('measure-form'));
  await page.getByRole('note', { name: 'Risk flag' }).waitFor();
  await visit('session-measures');
  await signNote(page);
  await backToClient(page);
  await newSession(page, { date: '2026-03-05', start: '10:00', end: '10:50' });
  await page.getByLabel('Template').selectOption('DAP');
  await writeNote(page, { Data: 'Discussed the upcoming performance review; practiced a grounding exercise.' });
  await enterMeasure(page, 'PHQ-9', [1, 1, 1, 1, 1, 1, 1, 1, 0]);
  await enterMeasure(page, 'GAD-7', [2, 2, 1, 1, 1, 1, 1]);
  await backToClient(page);
  await newSession(page, { date: '2026-03-12', start: '10:00', end: '10:50' });
  await visit('session-new');
  await backToClient(page);
  await visit('client-page');

  await page.getByRole('button', { name: 'New session' }).click();
  await visit('session-form');
  await page.getByRole('form', { name: 'New session' }).getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Record an authorization…' }).click();
  await page.getByRole('form', { name: 'Record an authorization' }).getByLabel('Information to be disclosed').fill('Progress notes from February 2026 onward');
  await page.getByRole('form', { name: 'Record an authorization' }).getByLabel('Recipient').fill('Dr. Ana Ortiz, psychiatry');
  await page.getByRole('form', { name: 'Record an authorization' }).getByLabel('Purpose').fill('Coordination of care');
  await page.getByRole('form', { name: 'Record an authorization' }).getByLabel('Expiry date').fill('2026-12-31');
  await page.getByRole('form', { name: 'Record an authorization' }).getByLabel('Date signed').fill('2026-02-20');
  await page.getByRole('form', { name: 'Record an authorization' }).getByLabel('By a personal representative').check();
  await page.getByRole('form', { name: 'Record an authorization' }).getByLabel("Representative's name").fill('Maria Ortega');
  await page.getByRole('form', { name: 'Record an authorization' }).getByLabel('Authority to act').fill('Legal guardian');
  await visit('authorization-form');
  await page.getByRole('form', { name: 'Record an authorization' }).getByRole('button', { name: 'Record authorization' }).click();
  await page.getByRole('list', { name: 'Authorizations' }).getByText('to Dr. Ana Ortiz, psychiatry').waitFor();
  await visit('authorizations');
  await page.getByRole('button', { name: 'Export to PDF…' }).click();
  await visit('export-form');
  await page.getByRole('form', { name: 'Export progress notes' }).getByRole('button', { name: 'Close' }).click();
  await setStandingAppointment(page, { weekdays: ['Monday', 'Wednesday', 'Friday'], start: '10:00', location: 'Room 2' }, () =>
    visit('standing-form'),
  );

  await addDiagnosis(page, { query: 'adjustment mixed', option: 'F43.23', rank: 'Secondary', onset: '2026-01-15' });
  await page.getByRole('button', { name: 'Add diagnosis' }).click();
  await page.getByRole('combobox', { name: 'Diagnosis (ICD-10-CM)' }).fill('dépressive moderate');
  await page.getByRole('option').first().waitFor();
  await visit('diagnosis-picker');
  await page.getByRole('form', { name: 'Add a diagnosis' }).getByRole('button', { name: 'Cancel' }).click();
  await addDiagnosis(page, { query: 'dépressive recurrent moderate', option: 'F33.1', onset: '2025-11-03' });
  await page.getByRole('button', { name: 'Write plan' }).click();
  // A review date already past, so Today lists the plan as due.
  await page.getByLabel('Review date').fill('2026-03-01');
  await writeTreatmentPlan(page, {
    problem: 'Low mood and withdrawal from friends since the job change.',
    goal: 'Re-engage in valued activities.',
    objective: 'Schedules and completes three pleasant activities a week for four weeks running.',
    targetDate: '2026-05-29',
    intervention: 'Behavioral activation with weekly activity scheduling',
    frequency: 'weekly, 50 minutes',
    modality: 'individual, in person',
  });
  await visit('treatment-plan-editor');
  await signTreatmentPlan(page);
  await visit('treatment-plan');
  await page.getByRole('table', { name: 'Scores by session, oldest first' }).waitFor();
  await visit('client-measures');

  await openSession(page, /Mar 5,/);
  await page.getByLabel('Assessment').fill('Anxiety about the review is proportionate; coping skills in use.');
  await page.locator('.progress-note .save-status').getByText('Saved', { exact: true }).waitFor();
  await visit('session-editor');
  await openStructuredParts(page);
  await visit('session-structured');
  await page.getByRole('button', { name: 'Sign note…' }).click();
  await visit('sign-dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await backToClient(page);
  await openSession(page, /Feb 26,/);
  await addAddendum(page, 'Correction: the PHQ-9 was administered at the start of the session, not the end.');
  await visit('signed-note');
  await page.getByRole('button', { name: 'Quick capture (sealed)' }).click();
  await page.getByLabel('Sealed psychotherapy note').fill('Caught myself rushing the ending. Ask J. about the silence after the question on work.');
  await visit('psychotherapy-capture');
  await page.getByRole('button', { name: 'Seal note' }).click();
  await page.getByText('Sealed note 1: sealed, open the compartment to read').waitFor();
  await visit('psychotherapy-sealed');
  await page.getByRole('button', { name: 'Open psychotherapy notes…' }).click();
  await visit('psychotherapy-passphrase');
  await page.getByLabel('Psychotherapy passphrase').fill('not the passphrase');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByText('That passphrase does not open this vault.').waitFor();
  await page.getByLabel('Psychotherapy passphrase').fill(PSYCH_PASSPHRASE);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'Close psychotherapy notes' }).waitFor();
  await addPsychotherapyNote(page, 'Noticed my own impatience when J. minimized the conflict with their father. Bring to supervision.');
  await visit('psychotherapy-open');
  await backToClient(page);
  await page.getByRole('button', { name: 'Show psychotherapy notes' }).click();
  await page.getByRole('list', { name: 'Psychotherapy notes of this client' }).waitFor();
  await visit('client-psychotherapy');
  await releasePsychotherapyNotes(page, visit);

  await goToClients(page);
  await openClient(page, 'Maya Lindqvist');
  await setStandingAppointment(page, { weekdays: ['Tuesday', 'Thursday'], start: '14:00', minutes: 45 });
  await goToAgenda(page);
  await page.keyboard.press('Alt+ArrowRight');
  await page.getByRole('status').getByText('5 sessions in the week').waitFor();
  await visit('agenda');
  await goToClients(page);
  await openClient(page, 'Maya Lindqvist');
  await newSession(page, { start: '08:00', end: '08:50' });
  await goToClients(page);
  await openClient(page, 'Tomás Herrera-Núñez');
  await newSession(page, { start: '13:00', end: '13:50' });
  await writeNote(page, { Subjective: 'Arrived early; wants to talk about the move.' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Today' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await page.getByRole('list', { name: /Drafts to sign/ }).waitFor();
  await page.getByRole('list', { name: /Treatment plans to review/ }).waitFor();
  await visit('today');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('tom');
  await page.getByRole('option').first().waitFor();
  await visit('quick-switcher');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+/');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await visit('shortcuts');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+f');
  const search = page.getByRole('dialog', { name: 'Search' });
  await search.getByRole('button', { name: /Filters/ }).click();
  await search.getByLabel('Include psychotherapy notes (only while they are open)').check();
  await search.getByRole('button', { name: /Filters/ }).click();
  await search.getByRole('combobox', { name: 'Search the vault' }).fill('review');
  await search.getByRole('status').getByText(/^\d+ results?\./).waitFor();
  await visit('search-results');
  await page.keyboard.press('Escape');
  await search.waitFor({ state: 'detached' });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await page.getByText('Backup folder: backups').waitFor();
  await backUpNow(page);
  await verifyBackup(page, { vault: PASSPHRASE, psychotherapy: PSYCH_PASSPHRASE });
  await visit('settings-backups');
  await page.getByLabel('Start from').selectOption('BIRP');
  await page.getByRole('button', { name: 'New template' }).click();
  await page.getByRole('form', { name: 'New template' }).getByLabel('Template name').fill('Couples session');
  await visit('template-editor');
  await page.getByRole('form', { name: 'New template' }).getByRole('button', { name: 'Save template' }).click();
  await page.getByRole('list', { name: 'Your templates' }).locator('strong', { hasText: 'Couples session' }).waitFor();
  await page.getByRole('heading', { name: 'Note templates' }).scrollIntoViewIfNeeded();
  await visit('note-templates');
  // The folder dialog stand-in answers with the backup folder: sync writes its own folder inside it.
  const sync = page.getByRole('region', { name: 'Sync between computers' });
  await sync.getByLabel('Name of this computer').fill('Office desktop');
  await sync.getByRole('button', { name: 'Choose sync folder…' }).click();
  await sync.getByRole('status').getByText(/^Up to date with the folder as of /).waitFor();
  await sync.getByRole('heading', { name: 'Sync between computers' }).scrollIntoViewIfNeeded();
  await visit('settings-sync');
  await askToRestore(page);
  await visit('restore-confirm');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await setVaultIdleMinutes(page, 1);
  await lock(page);
  await unlock(page);
  await page.getByRole('alert').getByText(/Locking in/).waitFor();
  await visit('idle-warning');
  await setVaultIdleMinutes(page, 10);

  await lock(page);
  await visit('unlock');
  await page.getByRole('button', { name: 'Use recovery key' }).click();
  await page.getByLabel('Also replace the psychotherapy notes passphrase').check();
  await visit('unlock-recovery');
  await page.getByRole('button', { name: 'Back to the passphrase' }).click();
  for (let attempt = 1; ; attempt += 1) {
    await page.getByLabel('Passphrase', { exact: true }).fill(`wrong guess ${attempt}`);
    await page.getByRole('button', { name: 'Unlock' }).click();
    const outcome = page.getByText(/does not open this vault|Too many attempts/);
    await outcome.waitFor();
    const text = (await outcome.textContent()) ?? '';
    if (/Too many attempts. Try again in ([3-9]|\d\d) s/.test(text)) break;
    if (/Too many attempts/.test(text)) await page.getByText('You can try again now.').waitFor();
  }
  await visit('unlock-throttled');
}
