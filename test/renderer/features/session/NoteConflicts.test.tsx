// @vitest-environment jsdom
/*
 * A progress note with a sync conflict, in its editor: the notice says so and
 * opens the conflict; a resolve reads the note again into the editor; what was
 * typed is saved before the resolve, or the resolve is refused, never dropped.
 * Real vaults on both computers, a real folder between them.
 */
import '../../helpers/nodeTypedArrays';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/App';
import { exchange } from '../../../../main/sync/vaultFolderSync';
import type { Vault } from '../../../../main/vault/vaultApi';
import type { Bridge } from '../../../../shared/ipc/bridge';
import type { SyncConflictView } from '../../../../shared/domain/sync';
import { renderWithStores } from '../../helpers/renderWithStores';
import { cleanupAfterEach, seededVault, syncingWithLaptop } from '../../helpers/syncComputers';
import { nextMillisecond } from '../../../helpers/nextMillisecond';

const DESKTOP_TEXT = 'Slept better this week; walked daily.';
const LAPTOP_TEXT = 'Talked about the move to Ohio.';

const track = cleanupAfterEach();

/** This computer (Office desktop) syncing with a laptop that holds the session's draft. */
async function syncedWithLaptop() {
  const { vault, desktop, client, session } = await seededVault(track);
  const note = desktop.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'first words' } });
  return { vault, desktop, client, session, note, ...(await syncingWithLaptop(vault, track)) };
}

type Synced = Awaited<ReturnType<typeof syncedWithLaptop>>;

/** Both computers edit the draft before either has seen the other's edit; this one then exchanges. */
async function editedOnBoth({ desktop, laptop, session, fromLaptop }: Synced, laptopSaves: (laptop: Vault) => void = () => undefined) {
  laptop.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
  laptopSaves(laptop);
  await nextMillisecond();
  desktop.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: DESKTOP_TEXT } });
  await fromLaptop();
}

function openSession(setup: Synced, bridge: Bridge = setup.vault.bridge) {
  const user = userEvent.setup();
  const { stores } = renderWithStores(bridge, <App />, { autosaveDelayMs: 60_000 });
  act(() => stores.navigation.getState().go({ screen: 'session', clientId: setup.client.id, sessionId: setup.session.id }));
  return { user, stores };
}

const conflictsHeld = async (setup: Synced) => (await setup.vault.host.dispatch('sync.conflicts', {})) as { ok: true; data: SyncConflictView[] };

describe('a sync conflict in the note editor', () => {
  it('shows the conflict above the draft, opens it, and after keep both the editor holds both texts with the notice gone', async () => {
    const setup = await syncedWithLaptop();
    await editedOnBoth(setup);
    const { user } = openSession(setup);

    const notice = (await screen.findByText(/^This note was also edited on Laptop before the two computers synced \(saved there .*2026.*\)\./)).parentElement!;
    expect((screen.getByRole('textbox', { name: 'Subjective' }) as HTMLTextAreaElement).value).toBe(DESKTOP_TEXT);
    await user.click(within(notice).getByRole('button', { name: 'Review the conflict' }));

    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    const subjective = await within(dialog).findByRole('region', { name: 'Subjective' });
    expect(within(subjective).getByText(LAPTOP_TEXT)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Keep both: add the text from Laptop after it' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const editor = screen.getByRole('textbox', { name: 'Subjective' }) as HTMLTextAreaElement;
    await waitFor(() => expect(editor.value).toBe(`${DESKTOP_TEXT}\n\n${LAPTOP_TEXT}`));
    expect(screen.queryByRole('button', { name: 'Review the conflict' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(editor));
    expect(setup.desktop.progressNotes.get(setup.note.id).fields.subjective).toBe(`${DESKTOP_TEXT}\n\n${LAPTOP_TEXT}`);
  });

  it('a signed note shows text changed elsewhere while it was signed, and adding it as an addendum shows the addendum under the note', async () => {
    const setup = await syncedWithLaptop();
    await exchange(setup.laptop.syncContext(), setup.folder);
    setup.laptop.progressNotes.saveDraft({ sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
    setup.desktop.progressNotes.saveDraft({ sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: DESKTOP_TEXT } });
    setup.desktop.progressNotes.sign(setup.note.id, 'Dr. Test Clinician');
    await setup.fromLaptop();
    const { user } = openSession(setup);

    await screen.findByText(/^Laptop changed this note while it was being signed \(saved there .*\)\. That text is kept aside/);
    await user.click(screen.getByRole('button', { name: 'Review the conflict' }));
    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    await user.click(await within(dialog).findByRole('button', { name: 'Add the text from Laptop as an addendum' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText(`Subjective:\n${LAPTOP_TEXT}`, { normalizer: (text) => text })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Review the conflict' })).toBeNull();
  });

  it('Back to the note leaves the conflict as it is and focus on the button that opened it', async () => {
    const setup = await syncedWithLaptop();
    await editedOnBoth(setup);
    const { user } = openSession(setup);
    const review = await screen.findByRole('button', { name: 'Review the conflict' });
    await user.click(review);
    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    await user.click(await within(dialog).findByRole('button', { name: 'Back to the note' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(review));
    expect((await conflictsHeld(setup)).data).toHaveLength(1);
  });

  it('what was typed and not yet saved is saved before the conflict opens, shown as the text in the record, and kept', async () => {
    const setup = await syncedWithLaptop();
    await editedOnBoth(setup);
    const { user } = openSession(setup);
    const editor = (await screen.findByRole('textbox', { name: 'Subjective' })) as HTMLTextAreaElement;
    await screen.findByRole('button', { name: 'Review the conflict' });
    await user.type(editor, ' Typed just now.');
    await user.click(screen.getByRole('button', { name: 'Review the conflict' }));

    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    const subjective = await within(dialog).findByRole('region', { name: 'Subjective' });
    expect(within(subjective).getByText(`${DESKTOP_TEXT} Typed just now.`)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Keep the text now in the record' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(editor.value).toBe(`${DESKTOP_TEXT} Typed just now.`);
    expect(setup.desktop.progressNotes.get(setup.note.id).fields.subjective).toBe(`${DESKTOP_TEXT} Typed just now.`);
  });

  it('refuses the resolve while an edit in the editor cannot be saved, and the typed text stays', async () => {
    const setup = await syncedWithLaptop();
    await editedOnBoth(setup);
    const failing: Bridge = {
      ...setup.vault.bridge,
      call: {
        ...setup.vault.bridge.call,
        'progressNotes.saveDraft': async () => ({ ok: false, error: { code: 'DISK_FULL', message: 'The disk is full' } }),
      },
    };
    const { user } = openSession(setup, failing);
    const editor = (await screen.findByRole('textbox', { name: 'Subjective' })) as HTMLTextAreaElement;
    await screen.findByRole('button', { name: 'Review the conflict' });
    await user.type(editor, ' Typed just now.');
    await user.click(screen.getByRole('button', { name: 'Review the conflict' }));

    const dialog = await screen.findByRole('dialog', { name: 'Conflicts to review' });
    await user.click(await within(dialog).findByRole('button', { name: 'Use the text from Laptop' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('The note open in the editor has changes that could not be saved');
    await user.click(within(dialog).getByRole('button', { name: 'Back to the note' }));
    expect(editor.value).toBe(`${DESKTOP_TEXT} Typed just now.`);
    expect((await conflictsHeld(setup)).data).toHaveLength(1);
    expect(setup.desktop.progressNotes.get(setup.note.id).fields.subjective).toBe(DESKTOP_TEXT);
  });

  it('a conflict that arrives while the note is open shows without reopening it, with the text in the record', async () => {
    const setup = await syncedWithLaptop();
    await setup.toLaptop();
    openSession(setup);
    const editor = (await screen.findByRole('textbox', { name: 'Subjective' })) as HTMLTextAreaElement;
    expect(editor.value).toBe('first words');
    expect(screen.queryByRole('button', { name: 'Review the conflict' })).toBeNull();

    // The laptop saves last, so its text is the one in the record here once imported.
    setup.desktop.progressNotes.saveDraft({ sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: DESKTOP_TEXT } });
    setup.laptop.progressNotes.saveDraft({ sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
    await setup.fromLaptop();

    expect(await screen.findByText(/^This note was also edited on Office desktop before /, undefined, { timeout: 5_000 })).toBeTruthy();
    await waitFor(() => expect(editor.value).toBe(LAPTOP_TEXT));
  });

  it('an import leaves the editor’s text alone while an edit waits to be saved', async () => {
    const setup = await syncedWithLaptop();
    await setup.toLaptop();
    const { user, stores } = openSession(setup);
    const editor = (await screen.findByRole('textbox', { name: 'Subjective' })) as HTMLTextAreaElement;
    await user.type(editor, ', still typing');

    setup.laptop.progressNotes.saveDraft({ sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
    await setup.fromLaptop();
    expect(setup.desktop.progressNotes.get(setup.note.id).fields.subjective).toBe(LAPTOP_TEXT);
    await act(() => stores.session.getState().refreshNote());

    expect(editor.value).toBe('first words, still typing');
    expect(stores.session.getState().saveState).toBe('pending');
  });
});
