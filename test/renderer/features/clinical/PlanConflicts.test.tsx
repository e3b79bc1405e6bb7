// @vitest-environment jsdom
/*
 * A treatment plan draft edited on two computers, on the client page: the
 * notice in the plan section opens the conflict, and once the laptop's plan
 * is chosen the draft continued there is the laptop's. Real vaults, a real folder.
 */
import '../../helpers/nodeTypedArrays';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/App';
import { renderWithStores } from '../../helpers/renderWithStores';
import { cleanupAfterEach, seededVault, syncingWithLaptop } from '../../helpers/syncComputers';
import { nextMillisecond } from '../../../helpers/nextMillisecond';

const track = cleanupAfterEach();

const plan = (statement: string) => ({
  problems: [{ statement, diagnosisIds: [], goals: [{ statement: 'Settles in', objectives: [{ statement: 'Sleeps 7 hours' }] }] }],
  interventions: [],
});

describe('a sync conflict in the treatment plan section', () => {
  it('shows on the client page, opens from there, and the draft continued after choosing the laptop’s plan is the laptop’s', async () => {
    const { vault, desktop, client } = await seededVault(track);
    desktop.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry after a move') });
    const { laptop, fromLaptop } = await syncingWithLaptop(vault, track);
    laptop.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry after the move to Ohio') });
    await nextMillisecond();
    desktop.treatmentPlans.saveDraft({ clientId: client.id, content: plan('Worry and low mood after a move') });
    await fromLaptop();

    const user = userEvent.setup();
    const { stores } = renderWithStores(vault.bridge, <App />);
    act(() => stores.navigation.getState().go({ screen: 'client', clientId: client.id }));
    const section = (await screen.findByRole('heading', { name: /^Treatment plan/ })).closest('section')!;
    const notice = (await within(section).findByText(/^This treatment plan was also edited on Laptop before the two computers synced/)).parentElement!;
    await user.click(within(notice).getByRole('button', { name: 'Review the conflict' }));
    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    await within(dialog).findByRole('region', { name: 'Problem 1' });
    await user.click(within(dialog).getByRole('button', { name: 'Use the plan from Laptop' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(within(section).queryByText(/^This treatment plan was also edited/)).toBeNull());
    const continueDraft = within(section).getByRole('button', { name: 'Continue draft' });
    await waitFor(() => expect(document.activeElement).toBe(continueDraft));
    await user.click(continueDraft);
    expect(await within(section).findByDisplayValue('Worry after the move to Ohio')).toBeTruthy();
  });
});
