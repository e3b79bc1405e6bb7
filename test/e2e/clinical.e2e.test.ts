import { describe, expect, it } from 'vitest';
import { addClient, addDiagnosis, goToClients, signTreatmentPlan, startPractice, writeTreatmentPlan } from './flows';
import { useRunningApp } from './runningApp';

const app = useRunningApp();

describe('the clinical record on the client page, in the built renderer over the real vault', () => {
  it('adds diagnoses by accent-insensitive words and by keyboard, then writes, signs and revises the treatment plan', async () => {
    const { page } = app;
    await startPractice(page);
    await goToClients(page);
    await addClient(page, { name: 'Élodie Marchand', chartNumber: 'C-2001' });

    await addDiagnosis(page, { query: 'GÉNÉRALIZED ANXIÉTY', option: 'F41.1', onset: '2026-01-10' });
    const diagnoses = page.getByRole('list', { name: 'Diagnoses' });
    expect(await diagnoses.textContent()).toContain('Generalized anxiety disorder');
    expect(await diagnoses.textContent()).toContain('Primary');

    await page.getByRole('button', { name: 'Add diagnosis' }).click();
    const picker = page.getByRole('combobox', { name: 'Diagnosis (ICD-10-CM)' });
    await picker.fill('prîmary insömnia');
    await page.getByRole('option', { name: /F51\.01/ }).waitFor();
    expect(await picker.getAttribute('aria-expanded')).toBe('true');
    await picker.press('ArrowDown');
    await picker.press('ArrowUp');
    await picker.press('Enter');
    expect(await picker.inputValue()).toBe('F51.01 Primary insomnia');
    expect(await picker.getAttribute('aria-expanded')).toBe('false');
    await page.getByLabel('Rank').selectOption({ label: 'Secondary' });
    await page.getByRole('form', { name: 'Add a diagnosis' }).getByRole('button', { name: 'Add diagnosis' }).click();
    await diagnoses.getByText('F51.01', { exact: true }).first().waitFor();

    await page.getByRole('button', { name: 'Add diagnosis' }).click();
    await picker.fill('F32');
    await page.getByRole('option', { name: /F32\.0/ }).waitFor();
    expect(await page.getByRole('option', { name: /^F32 / }).count()).toBe(0);
    await page.getByRole('form', { name: 'Add a diagnosis' }).getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Mark resolved F51.01' }).click();
    await page.getByText('History (2 versions)').click();
    expect(await diagnoses.textContent()).toContain('Resolved');

    await page.getByRole('button', { name: 'Write plan' }).click();
    expect(await page.getByLabel('F41.1 Generalized anxiety disorder').isChecked()).toBe(true);
    await writeTreatmentPlan(page, {
      problem: 'Worry most days about work and health.',
      goal: 'Worry takes less of the day.',
      objective: 'GAD-7 below 10 on two readings in a row.',
      targetDate: '2026-06-30',
      intervention: 'CBT: worry exposure and cognitive restructuring',
      frequency: 'weekly, 50 minutes',
      modality: 'individual, video',
    });
    await signTreatmentPlan(page);
    const plan = page.getByRole('region', { name: /Treatment plan/ });
    expect(await plan.textContent()).toContain('Signed by Dr. Robin Hale, LCSW');
    expect(await plan.textContent()).toContain('Revision 1');
    expect(await plan.textContent()).toContain('F41.1 Generalized anxiety disorder');
    expect(await page.getByLabel('Problem 1', { exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Revise plan' }).click();
    expect(await page.getByLabel('Objective 1.1.1', { exact: true }).inputValue()).toBe('GAD-7 below 10 on two readings in a row.');
    await page.getByLabel('Objective 1.1.1', { exact: true }).fill('GAD-7 below 5 on two readings in a row.');
    await page.getByRole('button', { name: 'Sign plan…' }).click();
    await page.getByRole('dialog', { name: 'Sign this revision?' }).getByRole('button', { name: 'Sign plan' }).click();
    await page.getByText('Revision 2.').waitFor();
    expect(await plan.locator('.plan').first().textContent()).toContain('GAD-7 below 5');
    await page.getByText('Earlier revisions (1)').click();
    expect(await page.locator('.plan-superseded').textContent()).toContain('GAD-7 below 10');
    expect(app.problems).toEqual([]);
  }, 120_000);
});
