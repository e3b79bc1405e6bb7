import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addAddendum,
  addClient,
  addPsychotherapyNote,
  confirmRecoveryKey,
  createVault,
  goToClients,
  lock,
  newSession,
  openClient,
  openPsychotherapy,
  PASSPHRASE,
  recordAuthorization,
  saveSettings,
  signNote,
  unlock,
  writeNote,
} from './flows';
import { canariesInHeap, canaryPlacesInPage } from './leaks';
import { allText, readPdf } from '../main/export/pdfInspection';
import { useRunningApp } from './runningApp';

const CLIENT = 'Canary Quillon Marchetti';
const SUBJECTIVE = 'CANARY-SUBJ reports sleeping four hours a night';
const ASSESSMENT = 'CANARY-ASSESS mood improving since last week';
const ADDENDUM = 'CANARY-ADDENDUM late entry: phoned the next day';
const PSYCH = 'CANARY-PSYCH countertransference around the father';
const CANARIES = [CLIENT, SUBJECTIVE, ASSESSMENT, ADDENDUM, PSYCH, 'CANARY-'];

const app = useRunningApp();

describe('the therapist workflow in the built renderer over the real vault', () => {
  it('creates the vault and writes, signs and amends a SOAP note and a psychotherapy note', async () => {
    const { page } = app;
    const recoveryKey = await createVault(page);
    expect(recoveryKey).toMatch(/^([0-9a-f]{8}-){7}[0-9a-f]{8}$/);
    await confirmRecoveryKey(page);
    expect(await page.content()).not.toContain(recoveryKey);

    await saveSettings(page, { name: 'Dr. Robin Hale', credentials: 'LCSW' });
    await goToClients(page);
    await addClient(page, { name: CLIENT, chartNumber: 'A-17' });
    await newSession(page, { date: '2026-03-12', start: '10:00', end: '10:50' });
    await writeNote(page, { Subjective: SUBJECTIVE, Assessment: ASSESSMENT });
    await signNote(page);
    expect(await page.getByRole('textbox', { name: 'Subjective' }).count()).toBe(0);
    await expect.poll(() => page.locator('.signed-fields').textContent()).toContain(SUBJECTIVE);
    await addAddendum(page, ADDENDUM);

    await openPsychotherapy(page);
    await addPsychotherapyNote(page, PSYCH);
    expect(await page.locator('.progress-note').textContent()).not.toContain('CANARY-PSYCH');
    await expect.poll(() => page.locator('.psychotherapy .relock').textContent()).toMatch(/Relocks in \d+:\d\d/);

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: CLIENT }).click();
    const timeline = page.getByRole('list', { name: 'Sessions, newest first' });
    await timeline.getByText('Signed').waitFor();
    expect(await timeline.textContent()).toContain('SOAP');
    await recordAuthorization(page, { recipient: 'Dr. Lee, primary care', purpose: 'Coordination of care', signedOn: '2026-03-01', expires: '2099-12-31' });
    await page.getByRole('button', { name: 'Export to PDF…' }).click();
    const exportForm = page.getByRole('form', { name: 'Export progress notes' });
    expect(await exportForm.getByLabel("The client's written authorization").isChecked()).toBe(true);
    expect(await exportForm.getByLabel('Recipient').inputValue()).toBe('Dr. Lee, primary care');
    await exportForm.getByRole('button', { name: 'Choose where to save…' }).click();
    await exportForm.getByText(/^Exported 1 note \(\d+ pages?\)/).waitFor({ timeout: 30_000 });
    const pdfs = readdirSync(app.host.exportDir ?? '').filter((name) => name.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    expect(pdfs[0]).toMatch(/^chart-A-17-clinical-record-\d{4}-\d{2}-\d{2}\.pdf$/);
    const released = allText(await readPdf(readFileSync(`${app.host.exportDir}/${pdfs[0]}`)));
    expect(released).toContain("The client's written authorization (45 CFR 164.508)");
    expect(released).toContain('Dr. Lee, primary care');

    const clientPage = (await page.locator('main').textContent()) ?? '';
    for (const text of [SUBJECTIVE, ASSESSMENT, ADDENDUM, PSYCH]) expect(clientPage).not.toContain(text);
    // The heap probe finds what the page holds while open; after the lock it must find nothing.
    expect(await canariesInHeap(page, [CLIENT])).toEqual([CLIENT]);
  });

  it('keeps the vault file free of every canary', () => {
    const dir = dirname(app.host.vault.path);
    for (const file of readdirSync(dir).filter((name) => name.startsWith('vault.sqlite'))) {
      const bytes = readFileSync(`${dir}/${file}`).toString('latin1');
      for (const canary of CANARIES) expect(bytes.includes(canary), `${file} holds ${canary}`).toBe(false);
    }
  });

  it('leaves no canary in the DOM, web storage, globals or the JavaScript heap after locking', async () => {
    const { page } = app;
    await lock(page);
    expect(await canaryPlacesInPage(page, CANARIES)).toEqual([]);
    expect(await canariesInHeap(page, CANARIES)).toEqual([]);
  });

  it('brings everything back after unlocking, with the psychotherapy panel closed', async () => {
    const { page } = app;
    await unlock(page, PASSPHRASE);
    await goToClients(page);
    await openClient(page, CLIENT);
    await page.getByRole('list', { name: 'Sessions, newest first' }).getByRole('button').first().click();
    await page.locator('.signed-fields').getByText(SUBJECTIVE).waitFor();
    await page.locator('.addendum').getByText(ADDENDUM).waitFor();

    await page.getByRole('button', { name: 'Open psychotherapy notes…' }).waitFor();
    expect(await page.content()).not.toContain('CANARY-PSYCH');

    await openPsychotherapy(page);
    await expect.poll(() => page.getByLabel('Psychotherapy note 1').inputValue()).toBe(PSYCH);
  });

  it('locks with Ctrl+L and loads no content the CSP had to block', async () => {
    const { page } = app;
    await page.keyboard.press('Control+L');
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    expect(await canaryPlacesInPage(page, CANARIES)).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
