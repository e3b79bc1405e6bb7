import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, weekStart, wallClockOf } from '../../shared/domain/calendar';
import { addClient, goToAgenda, goToClients, openClient, setStandingAppointment, startPractice } from './flows';
import { useRunningApp } from './runningApp';

const ALL_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const app = useRunningApp();
const nextMonday = addDays(weekStart(wallClockOf(Date.now()).date), 7);

beforeAll(async () => {
  await startPractice(app.page);
});

const clientNames = () => app.page.locator('.client-list .client-name').allTextContents();

describe('schedule and client list in the built renderer over the real vault', () => {
  it('sorts the client list by family name and filters it without accents or case', async () => {
    const { page } = app;
    await goToClients(page);
    await addClient(page, { name: 'Tomás Ortiz', chartNumber: 'C-0101' });
    await goToClients(page);
    await addClient(page, { name: 'Zoe Abel' });
    await goToClients(page);
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByLabel('Full name').fill('Ana de la Cruz');
    await page.getByLabel('Family name, for sorting (optional)').fill('Cruz');
    await page.getByRole('form', { name: 'New client' }).getByRole('button', { name: 'Add client' }).click();
    await page.getByRole('heading', { name: 'Ana de la Cruz' }).waitFor();
    await goToClients(page);
    await expect.poll(clientNames).toEqual(['Zoe Abel', 'Ana de la Cruz', 'Tomás Ortiz']);
    await page.getByLabel('Filter by name or chart number').fill('tomas');
    await expect.poll(clientNames).toEqual(['Tomás Ortiz']);
    await page.getByLabel('Filter by name or chart number').fill('c-0101');
    await expect.poll(clientNames).toEqual(['Tomás Ortiz']);
    await page.getByLabel('Filter by name or chart number').fill('');
  });

  it('a standing appointment puts its sessions in the agenda at the right time', async () => {
    const { page } = app;
    await openClient(page, 'Tomás Ortiz');
    await setStandingAppointment(page, { weekdays: ALL_DAYS, start: '14:30', minutes: 50, location: 'Room 3' });
    expect(await page.locator('.standing-summary').textContent()).toContain('14:30–15:20');
    await goToAgenda(page);
    await page.keyboard.press('Alt+ArrowRight');
    await page.getByRole('status').getByText('7 sessions in the week').waitFor();
    const rows = page.getByRole('button', { name: /^14:30–15:20 Tomás Ortiz/ });
    expect(await rows.count()).toBe(7);
    expect(await rows.first().textContent()).toContain('Scheduled');
    expect(await rows.first().textContent()).toContain('No note');
  });

  it('edits a session from the agenda', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /^14:30–15:20 Tomás Ortiz/ }).first().click();
    await page.getByRole('heading', { name: /^Session on / }).waitFor();
    await page.getByRole('button', { name: 'Edit session' }).click();
    const form = page.getByRole('form', { name: 'Edit session' });
    await form.getByLabel('Start', { exact: true }).fill('15:00');
    await form.getByLabel('End', { exact: true }).fill('15:50');
    await form.getByLabel('Status').selectOption('attended');
    await form.getByRole('button', { name: 'Save session' }).click();
    await page.locator('.session-meta').getByText(/^15:00–15:50/).waitFor();
    expect(await page.locator('.badge').first().textContent()).toBe('Attended');
  });

  it('warns before a session overlaps another client, then deletes it after confirmation', async () => {
    const { page } = app;
    await goToClients(page);
    await openClient(page, 'Zoe Abel');
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('Date', { exact: true }).fill(nextMonday);
    await page.getByLabel('Start', { exact: true }).fill('15:10');
    await page.getByLabel('End', { exact: true }).fill('16:00');
    await page.getByRole('button', { name: 'Create session' }).click();
    const warning = page.getByRole('dialog', { name: 'This time overlaps another session' });
    await warning.getByText('15:00–15:50 with Tomás Ortiz').waitFor();
    await warning.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByRole('heading', { name: /^Session on / }).waitFor();

    await page.getByRole('button', { name: 'Delete session' }).click();
    await page.getByRole('dialog', { name: 'Delete this session?' }).getByRole('button', { name: 'Delete session' }).click();
    await page.getByRole('heading', { name: 'Zoe Abel', level: 1 }).waitFor();
    await page.getByText('No sessions yet.').waitFor();
    expect(app.problems).toEqual([]);
  });
});
