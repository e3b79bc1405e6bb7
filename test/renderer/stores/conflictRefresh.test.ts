// @vitest-environment jsdom
/*
 * A resolve from the conflicts dialog and the notes open in the window: the
 * session's psychotherapy notes are read again after a resolve about one of
 * them, and what was typed there is saved before the resolve starts from it.
 * Real vaults on both computers, a real folder between them.
 */
import '../helpers/nodeTypedArrays';
import { describe, expect, it } from 'vitest';
import { createVaultApi } from '../../../renderer/api/vaultApi';
import { createAppStores } from '../../../renderer/stores/appStores';
import { cleanupAfterEach, psychotherapyNoteOnBothComputers } from '../helpers/syncComputers';
import { nextMillisecond } from '../../helpers/nextMillisecond';
import { PSYCH_PASSPHRASE } from '../helpers/vaultBridge';

const DESKTOP_TEXT = 'Desktop: the dream about the lake again.';
const LAPTOP_TEXT = 'Laptop: anger at the father, first time named.';

const track = cleanupAfterEach();

/** A psychotherapy note edited on this computer and a laptop before they synced, open in this window's stores. */
async function psychotherapyNoteInConflict() {
  const { vault, desktop, session, note, laptop, fromLaptop } = await psychotherapyNoteOnBothComputers(track, 'start');

  const stores = createAppStores(createVaultApi(vault.bridge), { autosaveDelayMs: 60_000 });
  track(() => stores.dispose());
  await stores.psychotherapy.getState().open(PSYCH_PASSPHRASE);
  await stores.psychotherapy.getState().loadSession(session.id);

  laptop.psychotherapyNotes.update(note.id, LAPTOP_TEXT);
  await nextMillisecond();
  desktop.psychotherapyNotes.update(note.id, DESKTOP_TEXT);
  await fromLaptop();
  await stores.sync.getState().loadConflicts();
  const [conflict] = stores.sync.getState().conflicts.list ?? [];
  expect(conflict).toMatchObject({ kind: 'psychotherapyNote', recordId: note.id, deviceName: 'Laptop' });
  await stores.sync.getState().openConflict(conflict!.id);
  return { stores, desktop, note };
}

describe('a resolve and the psychotherapy notes open in the window', () => {
  it('reads the note again after the laptop’s text is chosen', async () => {
    const { stores, desktop, note } = await psychotherapyNoteInConflict();
    expect(await stores.sync.getState().resolveConflict('keepOther')).toBe(true);
    expect(stores.psychotherapy.getState().drafts.map((draft) => [draft.text, draft.saveState])).toEqual([[LAPTOP_TEXT, 'idle']]);
    expect(desktop.psychotherapyNotes.get(note.id).text).toBe(LAPTOP_TEXT);
  });

  it('saves what was typed before the resolve, so keeping this text keeps it', async () => {
    const { stores, desktop, note } = await psychotherapyNoteInConflict();
    stores.psychotherapy.getState().editNote(note.id, `${DESKTOP_TEXT} Typed just now.`);
    expect(await stores.sync.getState().resolveConflict('keepThis')).toBe(true);
    expect(stores.psychotherapy.getState().drafts.map((draft) => draft.text)).toEqual([`${DESKTOP_TEXT} Typed just now.`]);
    expect(desktop.psychotherapyNotes.get(note.id).text).toBe(`${DESKTOP_TEXT} Typed just now.`);
    expect(stores.sync.getState().conflicts.list).toEqual([]);
  });
});
