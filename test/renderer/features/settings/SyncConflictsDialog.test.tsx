// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/App';
import { exchange } from '../../../../main/sync/vaultFolderSync';
import { renderWithStores } from '../../helpers/renderWithStores';
import { cleanupAfterEach, joinedComputer, seededVault, syncFolderFor, turnOnSyncInSettings } from '../../helpers/syncComputers';
import { nextMillisecond } from '../../../helpers/nextMillisecond';

const DESKTOP_TEXT = 'Slept better this week; walked daily.';
const LAPTOP_TEXT = 'Talked about the move to Ohio.';

const track = cleanupAfterEach();

/** Office desktop in the window, and a laptop that edited the same draft before the two had synced. */
async function draftEditedOnTwoComputers() {
  const { vault, desktop, session } = await seededVault(track);
  desktop.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'first words' } });
  const folder = syncFolderFor(vault);
  const user = userEvent.setup();
  renderWithStores(vault.bridge, <App />);
  const section = await turnOnSyncInSettings(user);

  const laptop = await joinedComputer(folder, 'Laptop', track);
  laptop.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
  await nextMillisecond();
  const note = desktop.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: DESKTOP_TEXT } });
  await exchange(laptop.syncContext(), folder);
  await user.click(within(section).getByRole('button', { name: 'Sync now' }));
  return { user, section, desktop, note };
}

/** Office desktop in the window, and a laptop that edited the same treatment plan draft before the two had synced. */
async function planEditedOnTwoComputers() {
  const { vault, desktop, client } = await seededVault(track);
  const diagnosis = desktop.diagnoses.add({ clientId: client.id, code: 'F43.22', rank: 'primary', status: 'active' });
  const plan = (statement: string, frequency: string) => ({
    problems: [
      {
        statement,
        diagnosisIds: [diagnosis.id],
        goals: [{ statement: 'Settles in', objectives: [{ statement: 'Sleeps 7 hours', targetDate: '2026-06-01' }] }],
      },
    ],
    interventions: [{ description: 'CBT', frequency, modality: 'video' }],
  });
  desktop.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry after a move', 'weekly') });
  const folder = syncFolderFor(vault);
  const user = userEvent.setup();
  renderWithStores(vault.bridge, <App />);
  const section = await turnOnSyncInSettings(user);

  const laptop = await joinedComputer(folder, 'Laptop', track);
  laptop.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry after the move to Ohio', 'twice a week') });
  await nextMillisecond();
  desktop.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry and poor sleep after a move', 'weekly') });
  await exchange(laptop.syncContext(), folder);
  await user.click(within(section).getByRole('button', { name: 'Sync now' }));
  return { user, section };
}

describe('sync conflicts in settings', () => {
  it('shows the count with Review, lists the conflict without its text, opens both texts, and keeps both', async () => {
    const { user, section, desktop, note } = await draftEditedOnTwoComputers();
    await within(section).findByText(/^1 conflict: changed on two computers before they synced\./, undefined, { timeout: 10_000 });
    await user.click(within(section).getByRole('button', { name: 'Review' }));

    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    const review = await within(dialog).findByRole('button', { name: /^Review Progress note, Ada Quill, session of / });
    expect(dialog.textContent).toContain('saved on Laptop');
    expect(dialog.textContent).not.toContain(LAPTOP_TEXT);
    expect(dialog.textContent).not.toContain(DESKTOP_TEXT);
    expect(document.activeElement).toBe(review);

    await user.click(review);
    const subjective = await within(dialog).findByRole('region', { name: 'Subjective' });
    expect(within(subjective).getByText(DESKTOP_TEXT)).toBeTruthy();
    expect(within(subjective).getByText(LAPTOP_TEXT)).toBeTruthy();
    expect(document.activeElement?.tagName).toBe('H3');

    await user.click(within(dialog).getByRole('button', { name: 'Keep both: add the text from Laptop after it' }));
    await within(dialog).findByText('No conflicts are left to review.');
    expect(desktop.progressNotes.get(note.id).fields.subjective).toBe(`${DESKTOP_TEXT}\n\n${LAPTOP_TEXT}`);
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(section).getByText('Conflicts', { selector: 'dt' }).nextElementSibling?.textContent).toBe('0');

    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Logs' }));
    const audit = await screen.findByRole('table', { name: /^Audit entries/ });
    const resolved = (await within(audit).findByText('Sync conflict resolved')).closest('tr')!;
    expect(within(resolved).getByText(/^kind: progressNote, recordId: [0-9a-f]{8}…, choice: keepBoth, deviceId: [0-9a-f]{8}…, suggestion: false$/)).toBeTruthy();
    expect(audit.textContent).not.toContain(DESKTOP_TEXT);
    expect(audit.textContent).not.toContain(LAPTOP_TEXT);
  });

  it('going back from a conflict keeps it, and Escape closes the dialog', async () => {
    const { user, section, desktop, note } = await draftEditedOnTwoComputers();
    await within(section).findByText(/^1 conflict: /, undefined, { timeout: 10_000 });
    await user.click(within(section).getByRole('button', { name: 'Review' }));
    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    await user.click(await within(dialog).findByRole('button', { name: /^Review Progress note/ }));
    await user.click(await within(dialog).findByRole('button', { name: 'Back to the list' }));
    expect(await within(dialog).findByRole('button', { name: /^Review Progress note/ })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(desktop.progressNotes.get(note.id).fields.subjective).toBe(DESKTOP_TEXT);
  });

  it('shows a treatment plan’s two versions field by field, each field that differs side by side and the rest once, never as stored JSON', async () => {
    const { user, section } = await planEditedOnTwoComputers();
    await within(section).findByText(/^1 conflict: /, undefined, { timeout: 10_000 });
    await user.click(within(section).getByRole('button', { name: 'Review' }));
    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    await user.click(await within(dialog).findByRole('button', { name: 'Review Treatment plan, Ada Quill' }));

    const problem = await within(dialog).findByRole('region', { name: 'Problem 1' });
    expect(within(problem).getByText('Worry and poor sleep after a move')).toBeTruthy();
    expect(within(problem).getByText('Worry after the move to Ohio')).toBeTruthy();
    const intervention = within(dialog).getByRole('region', { name: 'Intervention 1' });
    expect(within(intervention).getByText('CBT, weekly, video')).toBeTruthy();
    expect(within(intervention).getByText('CBT, twice a week, video')).toBeTruthy();

    const same = (name: string) => within(within(dialog).getByRole('region', { name })).getByRole('figure');
    expect(same('Problem 1, diagnoses').textContent).toBe('The same in both versionsF43.22 Adjustment disorder with anxiety');
    expect(same('Problem 1, goal 1').textContent).toBe('The same in both versionsSettles in');
    expect(same('Problem 1, goal 1, objective 1').textContent).toMatch(/^The same in both versionsSleeps 7 hours \(by .*2026\)$/);
    expect(dialog.textContent).not.toMatch(/[{}"]|problems|diagnosisIds/);
    expect(within(dialog).queryByRole('button', { name: /Keep both/ })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Use the plan from Laptop' })).toBeTruthy();
  });
});
