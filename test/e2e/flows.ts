import type { Locator, Page } from 'playwright-core';

/**
 * Steps of the therapist's workflow, driven the way a person would (roles and
 * labels), shared by the workflow, accessibility and screenshot runs.
 */
export const PASSPHRASE = 'violet harbour lantern seventeen';
export const PSYCH_PASSPHRASE = 'quiet orchard compass ninety';

export async function createVault(page: Page, options: { separatePsychotherapy?: boolean } = {}): Promise<string> {
  await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
  await page.getByLabel('Vault passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm vault passphrase').fill(PASSPHRASE);
  if (options.separatePsychotherapy ?? true) {
    await page.getByLabel('Use a separate passphrase for psychotherapy notes').check();
    await page.getByLabel('Psychotherapy passphrase', { exact: true }).fill(PSYCH_PASSPHRASE);
    await page.getByLabel('Confirm psychotherapy passphrase').fill(PSYCH_PASSPHRASE);
  }
  await page.getByRole('button', { name: 'Create vault' }).click();
  await page.getByRole('heading', { name: 'Your recovery key' }).waitFor();
  return (await page.getByLabel('Recovery key', { exact: true }).textContent()) ?? '';
}

/** Confirms the recovery key, then skips the backup-folder step (or chooses the folder dialog's answer). */
export async function confirmRecoveryKey(page: Page, options: { chooseBackupFolder?: boolean } = {}): Promise<void> {
  await page.getByLabel('I have stored the recovery key somewhere safe').check();
  await page.getByRole('button', { name: 'Continue to the vault' }).click();
  await page.getByRole('heading', { name: 'Choose a backup folder' }).waitFor();
  const answer = options.chooseBackupFolder ? 'Choose backup folder…' : 'Skip for now';
  await page.getByRole('button', { name: answer }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
}

export async function saveSettings(page: Page, details: { name: string; credentials: string; practice?: string }): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Your name').fill(details.name);
  await page.getByLabel('Credentials').fill(details.credentials);
  if (details.practice) await page.getByLabel('Practice name').fill(details.practice);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved').waitFor();
}

/** A new vault past its first run, with the clinician the notes are signed by: where most flows start. */
export async function startPractice(page: Page): Promise<void> {
  await createVault(page);
  await confirmRecoveryKey(page);
  await saveSettings(page, { name: 'Dr. Robin Hale', credentials: 'LCSW' });
}

export async function goToClients(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Clients' }).click();
  await page.getByRole('heading', { name: 'Clients' }).waitFor();
}

export async function addClient(page: Page, client: { name: string; chartNumber?: string; preferredName?: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add client' }).click();
  await page.getByLabel('Full name').fill(client.name);
  if (client.preferredName) await page.getByLabel('Preferred name (optional)').fill(client.preferredName);
  if (client.chartNumber) await page.getByLabel('Chart number (optional)').fill(client.chartNumber);
  await page.getByRole('form', { name: 'New client' }).getByRole('button', { name: 'Add client' }).click();
  await page.getByRole('heading', { name: client.name }).waitFor();
}

export async function openClient(page: Page, name: string): Promise<void> {
  await page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('heading', { name }).waitFor();
}

export async function newSession(page: Page, session: { date?: string; start?: string; end?: string } = {}): Promise<void> {
  await page.getByRole('button', { name: 'New session' }).click();
  if (session.date) await page.getByLabel('Date', { exact: true }).fill(session.date);
  if (session.start) await page.getByLabel('Start', { exact: true }).fill(session.start);
  if (session.end) await page.getByLabel('End', { exact: true }).fill(session.end);
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: /^Session on / }).waitFor();
}

export async function writeNote(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [label, text] of Object.entries(fields)) {
    await page.getByLabel(label, { exact: true }).fill(text);
  }
  await page.locator('.progress-note .save-status').getByText('Saved', { exact: true }).waitFor();
}

export async function signNote(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign note…' }).click();
  await page.getByRole('dialog', { name: 'Sign this progress note?' }).getByRole('button', { name: 'Sign note' }).click();
  await page.locator('.signature').getByText('Signed', { exact: true }).waitFor();
}

export async function addAddendum(page: Page, text: string): Promise<void> {
  await page.getByLabel('New addendum').fill(text);
  await page.getByRole('button', { name: 'Add addendum' }).click();
  await page.locator('.addendum').getByText(text).waitFor();
}

export async function openPsychotherapy(page: Page, passphrase = PSYCH_PASSPHRASE): Promise<void> {
  await page.getByRole('button', { name: 'Open psychotherapy notes…' }).click();
  await page.getByLabel('Psychotherapy passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'Close psychotherapy notes' }).waitFor();
}

export async function addPsychotherapyNote(page: Page, text: string): Promise<void> {
  const before = await page.locator('.psychotherapy-note').count();
  await page.getByRole('button', { name: 'Add psychotherapy note' }).click();
  const label = `Psychotherapy note ${before + 1}`;
  await page.getByLabel(label, { exact: true }).fill(text);
  await page.locator('.psychotherapy-note').nth(before).getByText('Saved', { exact: true }).waitFor();
}

export async function lock(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Lock/ }).click();
  await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
}

export async function unlock(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
}

export async function goToSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
}

/** Changes one passphrase on the settings screen and waits for main's answer. */
export async function changePassphrase(page: Page, kind: 'vault' | 'psychotherapy', current: string, next: string): Promise<void> {
  const name = `${kind} passphrase`;
  const form = page.getByRole('form', { name: `Change the ${name}` });
  await form.getByLabel(`Current ${name}`).fill(current);
  await form.getByLabel(`New ${name}`, { exact: true }).fill(next);
  await form.getByLabel(`Confirm new ${name}`).fill(next);
  await form.getByRole('button', { name: `Change the ${name}` }).click();
  await form.getByText(/changed\. Use the new one from now on/).waitFor({ timeout: 20_000 });
}

/** "Back up now…" on the settings screen (main's folder dialog answers); returns the backup's file name. */
export async function backUpNow(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Back up now…' }).click();
  const done = page.getByText(/^Backed up to /);
  await done.waitFor({ timeout: 20_000 });
  return /Backed up to (\S+\.tvbackup)/.exec((await done.textContent()) ?? '')?.[1] ?? '';
}

/** "Verify a backup…" with the passphrases given; waits for the report. */
export async function verifyBackup(page: Page, passphrases: { vault?: string; psychotherapy?: string } = {}): Promise<void> {
  const form = page.getByRole('form', { name: 'Verify a backup' });
  if (passphrases.vault) await form.getByLabel('Vault passphrase of the backup (optional)').fill(passphrases.vault);
  if (passphrases.psychotherapy) await form.getByLabel('Psychotherapy passphrase of the backup (optional)').fill(passphrases.psychotherapy);
  await form.getByRole('button', { name: 'Verify a backup…' }).click();
  await form.getByRole('region', { name: /^Verification of / }).waitFor({ timeout: 30_000 });
}

/** Fills the restore form and asks; leaves the confirmation dialog open. */
export async function askToRestore(page: Page, passphrase = PASSPHRASE): Promise<void> {
  const form = page.getByRole('form', { name: 'Restore from a backup' });
  await form.getByLabel('Vault passphrase of the backup', { exact: true }).fill(passphrase);
  await form.getByRole('button', { name: 'Restore from backup…' }).click();
  await page.getByRole('dialog', { name: 'Replace this vault with a backup?' }).waitFor();
}

export async function goToAgenda(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Agenda' }).click();
  await page.getByRole('heading', { name: 'Agenda', level: 1 }).waitFor();
  await page.getByRole('status').getByText(/sessions? in the week$/).waitFor();
}

/** On a client's page: sets (or changes) the standing appointment and waits for its summary. */
export async function setStandingAppointment(
  page: Page,
  rule: { weekdays: string[]; start: string; minutes?: number; location?: string },
  beforeSaving?: () => Promise<void>,
): Promise<void> {
  await page.getByRole('button', { name: /^(Set standing appointment|Change)$/ }).click();
  const form = page.getByRole('form', { name: 'Standing appointment' });
  for (const weekday of rule.weekdays) await form.getByLabel(weekday, { exact: true }).check();
  await form.getByLabel('Start', { exact: true }).fill(rule.start);
  if (rule.minutes) await form.getByLabel('Length (minutes)').fill(String(rule.minutes));
  if (rule.location) await form.getByLabel('Location (optional)').fill(rule.location);
  await beforeSaving?.();
  await form.getByRole('button', { name: 'Save standing appointment' }).click();
  await page.locator('.standing-summary').waitFor();
}

/** Records an authorization for records, signed by the client, from the client page. */
export async function recordAuthorization(page: Page, details: { recipient: string; purpose: string; signedOn: string; expires: string }): Promise<void> {
  await page.getByRole('button', { name: 'Record an authorization…' }).click();
  const form = page.getByRole('form', { name: 'Record an authorization' });
  await form.getByLabel('Information to be disclosed').fill('Progress notes from January 2026 onward');
  await form.getByLabel('Recipient').fill(details.recipient);
  await form.getByLabel('Purpose').fill(details.purpose);
  await form.getByLabel('Expiry date').fill(details.expires);
  await form.getByLabel('Date signed').fill(details.signedOn);
  await form.getByRole('button', { name: 'Record authorization' }).click();
  await page.getByRole('list', { name: 'Authorizations' }).getByText(`to ${details.recipient}`).waitFor();
}

/** Picks a diagnosis in the client page's combobox by typing `query` and choosing the option that contains `option`. */
export async function addDiagnosis(page: Page, entry: { query: string; option: string; rank?: 'Primary' | 'Secondary'; onset?: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add diagnosis' }).click();
  const form = page.getByRole('form', { name: 'Add a diagnosis' });
  const picker = form.getByRole('combobox', { name: 'Diagnosis (ICD-10-CM)' });
  await picker.fill(entry.query);
  await form.getByRole('listbox', { name: 'Matching diagnoses' }).getByRole('option', { name: new RegExp(entry.option) }).first().click();
  if (entry.rank) await form.getByLabel('Rank').selectOption({ label: entry.rank });
  if (entry.onset) await form.getByLabel('Onset').fill(entry.onset);
  await form.getByRole('button', { name: 'Add diagnosis' }).click();
  await page.getByRole('list', { name: 'Diagnoses' }).getByText(entry.option).first().waitFor();
}

export interface PlanEntry {
  problem: string;
  goal: string;
  objective: string;
  targetDate: string;
  intervention: string;
  frequency: string;
  modality: string;
}

/** Fills the first problem, goal, objective and intervention of the open plan editor and saves the draft. */
export async function writeTreatmentPlan(page: Page, plan: PlanEntry): Promise<void> {
  await page.getByLabel('Problem 1', { exact: true }).fill(plan.problem);
  await page.getByLabel('Goal 1.1', { exact: true }).fill(plan.goal);
  await page.getByLabel('Objective 1.1.1', { exact: true }).fill(plan.objective);
  await page.getByLabel('Target date for objective 1.1.1').fill(plan.targetDate);
  await page.getByLabel('Intervention 1', { exact: true }).fill(plan.intervention);
  await page.getByLabel('Frequency of intervention 1').fill(plan.frequency);
  await page.getByLabel('Modality of intervention 1').fill(plan.modality);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('Draft saved.').waitFor();
}

export async function signTreatmentPlan(page: Page, dialogTitle = 'Sign this treatment plan?'): Promise<void> {
  await page.getByRole('button', { name: 'Sign plan…' }).click();
  await page.getByRole('dialog', { name: dialogTitle }).getByRole('button', { name: 'Sign plan' }).click();
  await page.locator('.plan .signature').getByText(/^Signed by /).waitFor();
}

/** Opens the session's form for the measure and answers each item by its scale label; `visitForm` sees it filled, before saving. */
export async function enterMeasure(
  page: Page,
  name: 'PHQ-9' | 'GAD-7',
  answers: readonly number[],
  visitForm?: () => Promise<void>,
): Promise<void> {
  const labels = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];
  await page.getByRole('button', { name: `Add ${name}` }).click();
  const form = page.getByRole('form', { name: `${name} answers` });
  const items = form.getByRole('group');
  for (const [index, answer] of answers.entries()) {
    await items.nth(index).getByRole('radio', { name: new RegExp(`^${labels[answer]} `) }).check();
  }
  await visitForm?.();
  await form.getByRole('button', { name: `Save ${name}` }).click();
  await form.waitFor({ state: 'detached' });
}

/**
 * From the first-run screen: "Join a vault from a sync folder", the folder the
 * dialog stand-in answers with (shown as `folderName`), and this computer's
 * name. Returns the form, for the passphrase and its answers.
 */
export async function startJoining(page: Page, folderName: string, deviceName: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Join a vault from a sync folder' }).click();
  const form = page.getByRole('form', { name: 'Join a vault from a sync folder' });
  await form.getByRole('button', { name: 'Choose sync folder…' }).click();
  await form.getByText(folderName, { exact: true }).waitFor();
  await form.getByLabel('Name of this computer').fill(deviceName);
  return form;
}

/** Submits the join form with a passphrase that does not open the vault, and waits for the refusal. */
export async function joinRefused(form: Locator, passphrase: string): Promise<void> {
  await form.getByLabel('Vault passphrase').fill(passphrase);
  await form.getByRole('button', { name: 'Join the vault' }).click();
  await form.getByRole('alert').getByText(/^That passphrase does not open the vault in this folder/).waitFor({ timeout: 30_000 });
}
