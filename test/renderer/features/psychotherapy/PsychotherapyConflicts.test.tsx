// @vitest-environment jsdom
/*
 * A psychotherapy note with a sync conflict, in the session's psychotherapy
 * panel: the notice above it opens the conflict, and the chosen text is in the
 * note's field once resolved. Real vaults on both computers, a real folder.
 */
import '../../helpers/nodeTypedArrays';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/App';
import { renderWithStores } from '../../helpers/renderWithStores';
import { cleanupAfterEach, psychotherapyNoteOnBothComputers } from '../../helpers/syncComputers';
import { nextMillisecond } from '../../../helpers/nextMillisecond';
import { PSYCH_PASSPHRASE } from '../../helpers/vaultBridge';

const DESKTOP_TEXT = 'Desktop: the dream about the lake again.';
const LAPTOP_TEXT = 'Laptop: anger at the father, first time named.';

const track = cleanupAfterEach();

describe('a sync conflict in the psychotherapy panel', () => {
  it('shows above the note, opens from there, and the laptop’s text is in the note once chosen', async () => {
    const { vault, desktop, client, session, note, laptop, fromLaptop } = await psychotherapyNoteOnBothComputers(track, 'start');
    laptop.psychotherapyNotes.update(note.id, LAPTOP_TEXT);
    await nextMillisecond();
    desktop.psychotherapyNotes.update(note.id, DESKTOP_TEXT);
    await fromLaptop();

    const user = userEvent.setup();
    const { stores } = renderWithStores(vault.bridge, <App />, { autosaveDelayMs: 60_000 });
    await act(() => stores.psychotherapy.getState().open(PSYCH_PASSPHRASE));
    act(() => stores.navigation.getState().go({ screen: 'session', clientId: client.id, sessionId: session.id }));

    const field = (await screen.findByRole('textbox', { name: 'Psychotherapy note 1' })) as HTMLTextAreaElement;
    expect(field.value).toBe(DESKTOP_TEXT);
    const notice = (await screen.findByText(/^Psychotherapy note 1 was also edited on Laptop before the two computers synced/)).parentElement!;
    await user.click(within(notice).getByRole('button', { name: 'Review the conflict' }));
    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    expect(within(await within(dialog).findByRole('region', { name: 'Note' })).getByText(LAPTOP_TEXT)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Use the text from Laptop' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(field.value).toBe(LAPTOP_TEXT));
    expect(screen.queryByText(/^Psychotherapy note 1 was also edited/)).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(field));
  });
});
