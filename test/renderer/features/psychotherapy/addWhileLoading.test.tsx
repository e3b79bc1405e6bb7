// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PsychotherapyPanel } from '../../../../renderer/features/psychotherapy/PsychotherapyPanel';
import { StoresProvider } from '../../../../renderer/stores/StoresContext';
import type { Bridge, BridgeCalls } from '../../../../shared/ipc/bridge';
import { holdingReplies } from '../../helpers/holdingBridge';
import { renderWithStores } from '../../helpers/renderWithStores';
import { seedSession } from '../../helpers/seed';
import type { TestVault } from '../../helpers/vaultBridge';
import { PSYCH_PASSPHRASE, testVault } from '../../helpers/vaultBridge';

let shared: TestVault;
beforeAll(async () => {
  shared = await testVault();
});
afterAll(async () => {
  await shared.dispose();
});
afterEach(() => {
  cleanup();
  shared.host.vault.closePsychotherapy();
});

/**
 * The real bridge, with each reply listing a session's notes held until the
 * test releases it, and a count of the conflict reads that follow each list.
 */
function holdingLists(bridge: Bridge) {
  const held: { sessionId: string; release(): void }[] = [];
  const conflictReads = { replied: 0 };
  const list = bridge.call['psychotherapyNotes.listForSession'];
  const conflicts = bridge.call['sync.conflicts'];
  const call = {
    ...bridge.call,
    'psychotherapyNotes.listForSession': async (request: { sessionId: string }) => {
      const reply = await list(request);
      await new Promise<void>((release) => held.push({ sessionId: request.sessionId, release }));
      return reply;
    },
    'sync.conflicts': async (request: Record<string, never>) => {
      const reply = await conflicts(request);
      conflictReads.replied += 1;
      return reply;
    },
  } as BridgeCalls;
  return { bridge: { ...bridge, call }, held, conflictReads };
}

async function openCompartment(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Open psychotherapy notes…' }));
  await user.type(screen.getByLabelText('Psychotherapy passphrase'), `${PSYCH_PASSPHRASE}{Enter}`);
}

/** The panel for one session, then for another, as moving from one session's screen to the next does. */
function panelMovingSessions(bridge: Bridge, sessionId: string) {
  const { stores, rerender } = renderWithStores(bridge, <PsychotherapyPanel sessionId={sessionId} />);
  return {
    moveTo: (next: string) =>
      rerender(
        <StoresProvider stores={stores}>
          <PsychotherapyPanel sessionId={next} />
        </StoresProvider>,
      ),
  };
}

function notesOf(sessionId: string) {
  return shared.host.vault.psychotherapyNotes.listForSession(sessionId);
}

describe('adding a psychotherapy note while the session’s notes are still loading', () => {
  it('adds the note once they have loaded, rather than dropping it', async () => {
    const { session } = seedSession(shared);
    const { bridge, held } = holdingLists(shared.bridge);
    const user = userEvent.setup();
    renderWithStores(bridge, <PsychotherapyPanel sessionId={session.id} />);

    await openCompartment(user);
    await user.click(await screen.findByRole('button', { name: 'Add psychotherapy note' }, { timeout: 5000 }));
    await waitFor(() => expect(held).toHaveLength(1), { timeout: 5000 });
    held[0]?.release();

    const note = await screen.findByRole('textbox', { name: 'Psychotherapy note 1' }, { timeout: 5000 });
    await waitFor(() => expect(document.activeElement).toBe(note));
    await shared.host.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(notesOf(session.id)).toHaveLength(1);
  });

  it('says the notes are loading until they have loaded', async () => {
    const { session } = seedSession(shared);
    const { bridge, held } = holdingLists(shared.bridge);
    const user = userEvent.setup();
    renderWithStores(bridge, <PsychotherapyPanel sessionId={session.id} />);

    await openCompartment(user);
    await waitFor(() => expect(held).toHaveLength(1), { timeout: 5000 });
    expect(screen.getByRole('status').textContent).toBe('Loading psychotherapy notes…');
    held[0]?.release();

    await screen.findByText('No psychotherapy notes for this session.', undefined, { timeout: 5000 });
    expect(screen.queryByText('Loading psychotherapy notes…')).toBeNull();
  });

  it('adds the note to the session on screen, not to the one shown before it', async () => {
    const first = seedSession(shared).session;
    const second = seedSession(shared, 'Bo Lind').session;
    const { bridge, held } = holdingLists(shared.bridge);
    const user = userEvent.setup();
    const panel = panelMovingSessions(bridge, first.id);
    await openCompartment(user);
    await waitFor(() => expect(held).toHaveLength(1), { timeout: 5000 });
    held[0]?.release();
    await screen.findByText('No psychotherapy notes for this session.', undefined, { timeout: 5000 });

    panel.moveTo(second.id);
    await waitFor(() => expect(held).toHaveLength(2), { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: 'Add psychotherapy note' }));
    held[1]?.release();

    await screen.findByRole('textbox', { name: 'Psychotherapy note 1' }, { timeout: 5000 });
    expect(notesOf(second.id)).toHaveLength(1);
    expect(notesOf(first.id)).toHaveLength(0);
  });

  it('shows the session on screen when the notes of the one before it arrive last', async () => {
    const first = seedSession(shared).session;
    const second = seedSession(shared, 'Bo Lind').session;
    await shared.host.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    shared.host.vault.psychotherapyNotes.create({ sessionId: second.id, text: 'Second session note' });
    shared.host.vault.closePsychotherapy();
    const { bridge, held, conflictReads } = holdingLists(shared.bridge);
    const user = userEvent.setup();
    const panel = panelMovingSessions(bridge, first.id);
    await openCompartment(user);
    await waitFor(() => expect(held).toHaveLength(1), { timeout: 5000 });

    panel.moveTo(second.id);
    await waitFor(() => expect(held).toHaveLength(2), { timeout: 5000 });
    held[1]?.release();
    held[0]?.release();

    const note = (await screen.findByRole('textbox', { name: 'Psychotherapy note 1' }, { timeout: 5000 })) as HTMLTextAreaElement;
    expect(note.value).toBe('Second session note');
    // Both loads have read their conflicts, the last step before either fills the store.
    await waitFor(() => expect(conflictReads.replied).toBe(2), { timeout: 5000 });
    await new Promise((settle) => setTimeout(settle, 0));
    expect((screen.getByRole('textbox', { name: 'Psychotherapy note 1' }) as HTMLTextAreaElement).value).toBe('Second session note');
  });

  it('shows a new note once when the notes are read again before its creation replies', async () => {
    const { session } = seedSession(shared);
    const { bridge, gate } = holdingReplies(shared.bridge, 'psychotherapyNotes.create');
    const user = userEvent.setup();
    const { stores } = renderWithStores(bridge, <PsychotherapyPanel sessionId={session.id} />);
    await openCompartment(user);
    await screen.findByText('No psychotherapy notes for this session.', undefined, { timeout: 5000 });

    await user.click(screen.getByRole('button', { name: 'Add psychotherapy note' }));
    await waitFor(() => expect(gate.held).toHaveLength(1), { timeout: 5000 });
    await stores.psychotherapy.getState().refreshNotes();
    gate.held[0]?.();

    const note = await screen.findByRole('textbox', { name: 'Psychotherapy note 1' }, { timeout: 5000 });
    // Focus moves into the note only once the add has finished.
    await waitFor(() => expect(document.activeElement).toBe(note), { timeout: 5000 });
    expect(screen.getAllByRole('textbox')).toHaveLength(1);
  });

  it('says no note was added, and adds none, when the session’s notes could not be read', async () => {
    const { session } = seedSession(shared);
    const call = {
      ...shared.bridge.call,
      'psychotherapyNotes.listForSession': () =>
        Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'The notes could not be read' } }),
    } as BridgeCalls;
    const user = userEvent.setup();
    renderWithStores({ ...shared.bridge, call }, <PsychotherapyPanel sessionId={session.id} />);
    await openCompartment(user);
    await screen.findByText('Something went wrong in the vault. Nothing was changed by this request.', undefined, { timeout: 5000 });
    expect(screen.queryByText('Loading psychotherapy notes…')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Add psychotherapy note' }));

    await screen.findByText('The psychotherapy notes of this session could not be read, so no note was added.', undefined, { timeout: 5000 });
    expect(screen.queryByRole('textbox')).toBeNull();
    await shared.host.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(notesOf(session.id)).toEqual([]);
  });
});
