import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addClient, PSYCH_PASSPHRASE, startPractice } from './flows';
import { seriousAxeViolations } from './harness';
import { useRunningApp } from './runningApp';

const CLIENT = 'Jordan Avery-Access';
const PSYCH_CANARY = 'PSYCHCANARY-e2e-access';

const app = useRunningApp();

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name, level: 1 }).waitFor();
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();

beforeAll(async () => {
  const { page, host } = app;
  await startPractice(page);
  await nav(page, 'Clients');
  await addClient(page, { name: CLIENT, chartNumber: 'C-0301' });
  const { vault } = host;
  const client = vault.clients.list().find((entry) => entry.name === CLIENT)!;
  for (const date of ['2026-01-05', '2026-01-12']) {
    const session = vault.sessions.create({ clientId: client.id, date, startTime: '10:00', endTime: '10:50', modality: 'video' });
    const note = vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'DAP', fields: { data: `Session of ${date}` } });
    vault.progressNotes.sign(note.id, 'Dr. Robin Hale, LCSW');
  }
  await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  const first = vault.sessions.listForClient(client.id)[0]!;
  vault.psychotherapyNotes.create({ sessionId: first.id, text: `${PSYCH_CANARY}: my own reaction to the session` });
  vault.closePsychotherapy();
  const base = { clientId: client.id, scope: { kind: 'record' as const }, noteIds: [], draftCount: 0, pageCount: 4, passwordProtected: false };
  vault.disclosures.record({
    ...base,
    recipient: 'Clerk, Superior Court of Alameda County',
    purpose: 'Custody evaluation',
    basis: { kind: 'required-by-law', order: { kind: 'Court order', issuedBy: 'Superior Court of Alameda County', reference: 'FL-2031', date: '2026-01-20' } },
  });
  vault.disclosures.record({ ...base, recipient: 'Bayview Health Plan', purpose: 'Claim', basis: { kind: 'treatment-payment-operations', use: 'payment' } });
  await nav(page, 'Today');
  await nav(page, 'Clients');
  await page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: new RegExp(CLIENT) }).click();
  await heading(page, CLIENT);
}, 180_000);

describe('records requests, the accounting and the logs', () => {
  it('records a request on the client page, axe clean, and lists it open and due in 30 days', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Record a request…' }).click();
    const form = page.getByRole('form', { name: 'Record a records request' });
    await form.getByLabel('What is requested').fill('A copy of my whole record');
    await form.getByLabel('Delivery details').fill('jordan@example.org');
    expect(await seriousAxeViolations(page, 'access-request-form')).toEqual([]);
    await form.getByRole('button', { name: 'Record request' }).click();
    const list = page.getByRole('list', { name: 'Records requests' });
    await list.getByText('Due in 30 days').waitFor();
    expect(await list.getByText('A copy of my whole record').count()).toBe(1);
    expect(await seriousAxeViolations(page, 'access-requests')).toEqual([]);
  }, 60_000);

  it('shows the request on Today with its due date, opening the client page', async () => {
    const { page } = app;
    await nav(page, 'Today');
    await heading(page, 'Today');
    const due = page.getByRole('list', { name: /Records requests/ });
    const row = due.getByRole('button', { name: new RegExp(CLIENT) });
    expect(await row.textContent()).toContain('Due in 30 days');
    expect(await seriousAxeViolations(page, 'today-access')).toEqual([]);
    await row.click();
    await heading(page, CLIENT);
  }, 60_000);

  it('extends once with a reason, then fulfils it as an export without psychotherapy notes', async () => {
    const { page } = app;
    const list = page.getByRole('list', { name: 'Records requests' });
    await list.getByRole('button', { name: 'Extend 30 days…' }).click();
    await list.getByLabel('Reason for the delay, as written to the client').fill('Older records are in off-site storage');
    await list.getByRole('button', { name: 'Record extension' }).click();
    await list.getByText('Due in 60 days').waitFor();
    expect(await list.getByRole('button', { name: 'Extend 30 days…' }).count()).toBe(0);
    await list.getByRole('button', { name: 'Export the record and close…' }).click();
    await list.locator('.badge', { hasText: 'Fulfilled' }).waitFor();
    const file = readdirSync(app.host.exportDir!).find((name) => name.includes('clinical-record'));
    expect(file).toMatch(/^chart-C-0301-clinical-record-/);
    expect(readFileSync(join(app.host.exportDir!, file!)).includes(PSYCH_CANARY)).toBe(false);
  }, 60_000);

  it('shows the accounting without the disclosures it leaves out, and saves it as a PDF', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Show accounting' }).click();
    const table = page.getByRole('table', { name: 'Disclosures in the accounting' });
    await table.getByText('Clerk, Superior Court of Alameda County').waitFor();
    expect(await table.getByText('Bayview Health Plan').count()).toBe(0);
    expect(await table.getByText(CLIENT).count()).toBe(0);
    expect(await seriousAxeViolations(page, 'accounting')).toEqual([]);
    await page.getByRole('button', { name: 'Save as PDF…' }).click();
    await page.getByText('Saved (1 page).').waitFor();
    expect(readdirSync(app.host.exportDir!).some((name) => name.startsWith('chart-C-0301-accounting-of-disclosures-'))).toBe(true);
  }, 60_000);

  it("opens the client's logs: disclosures filterable by basis, the audit chain verified, events filterable", async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Disclosure and audit logs' }).click();
    await heading(page, 'Logs');
    const disclosures = page.getByRole('table', { name: 'Disclosures, newest first' });
    await disclosures.getByText('Bayview Health Plan').waitFor();
    expect(await disclosures.getByRole('row').count()).toBe(4);
    const disclosureFilter = page.getByRole('form', { name: 'Filter the disclosure log' });
    await disclosureFilter.getByLabel('Basis').selectOption('required-by-law');
    await disclosureFilter.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table')[0]?.querySelectorAll('tbody tr').length === 1);
    await page.getByRole('status').getByText(/Verified: the chain of all \d+ entries is intact/).waitFor();
    const auditFilter = page.getByRole('form', { name: 'Filter the audit log' });
    await auditFilter.getByLabel('Event').selectOption('accessRequest.extended');
    await auditFilter.getByRole('button', { name: 'Apply' }).click();
    const audit = page.getByRole('table', { name: 'Audit entries, newest first' });
    await page.waitForFunction(() => document.querySelectorAll('table')[1]?.querySelectorAll('tbody tr').length === 1);
    expect(await audit.getByText('Records request extended').count()).toBe(1);
    expect(await audit.textContent()).not.toContain('off-site');
    expect(await seriousAxeViolations(page, 'logs')).toEqual([]);
    expect(app.problems).toEqual([]);
  }, 60_000);
});
