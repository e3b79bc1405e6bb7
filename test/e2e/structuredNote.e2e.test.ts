import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addClient,
  addDiagnosis,
  goToClients,
  goToSettings,
  newSession,
  openClient,
  signTreatmentPlan,
  startPractice,
  writeTreatmentPlan,
} from './flows';
import { useRunningApp } from './runningApp';

const app = useRunningApp();

const part = (page: Page, title: string) => page.locator('details.note-part', { has: page.locator('summary', { hasText: title }) });

async function saved(page: Page): Promise<void> {
  await page.locator('.progress-note .save-status').getByText('Saved', { exact: true }).waitFor();
}

describe('a structured progress note, in the built renderer over the real vault', () => {
  it('is written in a custom template with every structured part, refused signing without the safety plan, then signed and kept as written', async () => {
    const { page } = app;
    await startPractice(page);

    await goToSettings(page);
    await page.getByLabel('Start from').selectOption('DAP');
    await page.getByRole('button', { name: 'New template' }).click();
    const editor = page.getByRole('form', { name: 'New template' });
    await editor.getByLabel('Template name').fill('Crisis follow-up');
    await editor.getByRole('button', { name: 'Add a section' }).click();
    await editor.getByLabel('Label').last().fill('Follow-up calls');
    await editor.getByLabel('Carries forward').last().check();
    const carried = editor.getByRole('group', { name: 'Structured parts that carry forward' });
    expect(await carried.getByLabel('Attendees').isChecked()).toBe(true);
    expect(await carried.getByLabel('Mental status').isChecked()).toBe(false);
    await carried.getByLabel('Risk assessment').check();
    await editor.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('list', { name: 'Your templates' }).locator('strong', { hasText: 'Crisis follow-up' }).waitFor();

    await goToClients(page);
    await addClient(page, { name: 'Jonas Berg', chartNumber: 'C-3001' });
    await addDiagnosis(page, { query: 'depressive single moderate', option: 'F32.1' });
    await page.getByRole('button', { name: 'Write plan' }).click();
    await writeTreatmentPlan(page, {
      problem: 'Low mood with thoughts of death.',
      goal: 'Safe and less depressed.',
      objective: 'Uses the safety plan when urges rise.',
      targetDate: '2026-06-30',
      intervention: 'CBT for suicide prevention',
      frequency: 'weekly',
      modality: 'individual, in person',
    });
    await signTreatmentPlan(page);

    await newSession(page, { date: '2026-03-09', start: '14:00', end: '14:45' });
    await page.getByLabel('Template').selectOption({ label: 'Crisis follow-up' });
    await page.getByLabel('Data', { exact: true }).fill('Came in after a hard weekend; spoke about wanting it to stop.');
    await page.getByLabel('Follow-up calls', { exact: true }).fill('Call on Wednesday.');

    await part(page, 'Service').locator('summary').click();
    await page.getByLabel('Service code').selectOption('90837');
    expect(await part(page, 'Service').getByRole('status').textContent()).toContain('45 minutes does not fit 90837');
    await page.getByLabel('Service code').selectOption('90834');
    expect(await part(page, 'Service').getByRole('status').count()).toBe(0);

    await part(page, 'Attendees').locator('summary').click();
    await page.getByLabel('Who took part').fill('Client, Partner');
    await page.getByLabel('Who took part').blur();
    await part(page, 'Diagnoses addressed').locator('summary').click();
    await page.getByLabel(/F32\.1 Major depressive disorder/).check();
    await part(page, 'Mental status').locator('summary').click();
    await page.getByRole('button', { name: 'Within normal limits' }).click();
    await page.getByLabel('Mood (mental status)').fill('Hopeless');
    await part(page, 'Risk assessment').locator('summary').click();
    await page.getByLabel('Suicidal ideation').selectOption('active');
    await page.getByLabel('Intent (suicidal ideation)').check();
    await page.getByLabel('Homicidal ideation').selectOption('denied');
    await page.getByLabel('Protective factors').fill('Partner, dog');
    await part(page, 'Interventions').locator('summary').click();
    await page.getByLabel('Safety planning', { exact: true }).check();
    await page.getByLabel('Another intervention').fill('Means counselling');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await part(page, 'Treatment-plan progress').locator('summary').click();
    await page.getByLabel(/1\.1\.1 Uses the safety plan/).selectOption('no-change');
    await saved(page);
    expect(await page.locator('.safety-plan-required').count()).toBe(1);

    await page.getByRole('button', { name: 'Sign note…' }).click();
    await page.getByRole('dialog', { name: 'Sign this progress note?' }).getByRole('button', { name: 'Sign note' }).click();
    await page.getByRole('dialog').getByText(/review the safety plan and describe it before signing/).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.getByLabel('Safety plan reviewed').check();
    await page.getByLabel('Safety plan', { exact: true }).fill('Crisis line 988; partner holds the medication; call Wednesday.');
    await saved(page);
    await page.getByRole('button', { name: 'Sign note…' }).click();
    await page.getByRole('dialog', { name: 'Sign this progress note?' }).getByRole('button', { name: 'Sign note' }).click();
    await page.locator('.signature').getByText('Signed', { exact: true }).waitFor();

    const signed = await page.locator('.signed-parts').textContent();
    for (const text of [
      '90834 (Psychotherapy, about 45 min), 14:00–14:45, 45 min',
      'Client, Partner',
      'F32.1 Major depressive disorder, single episode, moderate',
      'Mood: Hopeless',
      'Suicidal ideation: Active with intent',
      'Safety plan: reviewed. Crisis line 988',
      'Safety planning, Means counselling',
      'Uses the safety plan when urges rise. (No change)',
    ]) {
      expect(signed).toContain(text);
    }
    expect(await page.locator('.signature').textContent()).toContain('Crisis follow-up note');
    expect(await page.locator('.badge', { hasText: 'Attended' }).count()).toBe(1);

    await goToClients(page);
    await openClient(page, 'Jonas Berg');
    expect(await page.getByRole('list', { name: 'Sessions, newest first' }).getByRole('button', { name: /Mar 9,/ }).textContent()).toContain('Crisis follow-up');
    await newSession(page, { date: '2026-03-16', start: '14:00', end: '14:45' });
    await page.getByRole('button', { name: 'Start from the previous note' }).click();
    await page.getByText(/^Copied Follow-up calls, Attendees, Diagnoses addressed, Interventions and Risk assessment from the previous note/).waitFor();
    expect(await page.getByLabel('Follow-up calls', { exact: true }).inputValue()).toBe('Call on Wednesday.');
    expect(await page.getByLabel('Who took part').inputValue()).toBe('Client, Partner');
    expect(await page.getByLabel('Safety plan reviewed').isChecked()).toBe(false);
    expect(await part(page, 'Service').locator('.note-part-summary').textContent()).toBe('Not recorded');
    expect(await part(page, 'Mental status').locator('.note-part-summary').textContent()).toBe('Not recorded');
    expect(await page.locator('.safety-plan-required').count()).toBe(1);
    await saved(page);

    await goToSettings(page);
    await page.getByRole('button', { name: 'Edit Crisis follow-up' }).click();
    const edit = page.getByRole('form', { name: 'Edit template' });
    await edit.getByLabel('Template name').fill('Renamed template');
    await edit.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('list', { name: 'Your templates' }).locator('strong', { hasText: 'Renamed template' }).waitFor();
    await page.getByRole('button', { name: 'Delete Renamed template' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete template' }).click();
    await page.getByText('No templates of your own yet.').waitFor();

    await goToClients(page);
    await openClient(page, 'Jonas Berg');
    await page.getByRole('list', { name: 'Sessions, newest first' }).getByRole('button', { name: /Mar 9,/ }).click();
    await page.locator('.signature').getByText('Signed', { exact: true }).waitFor();
    expect(await page.locator('.signature').textContent()).toContain('Crisis follow-up note');
    expect(await page.locator('.signed-fields').textContent()).toContain('Follow-up calls');
    expect(app.problems).toEqual([]);
  }, 180_000);
});
