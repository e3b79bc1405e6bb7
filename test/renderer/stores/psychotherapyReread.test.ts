// @vitest-environment jsdom
/*
 * The session's psychotherapy notes read again (after an import or a resolve)
 * while a save of one of them, or a later reread, is under way: the list and
 * the conflicts the reread holds can be older than what the save stored and
 * kept, or than what the later reread read, and must not replace them on screen.
 */
import '../helpers/nodeTypedArrays';
import { describe, expect, it } from 'vitest';
import type { SyncConflictView } from '../../../shared/domain/sync';
import { createVaultApi } from '../../../renderer/api/vaultApi';
import { createAppStores } from '../../../renderer/stores/appStores';
import { holdingConflictReads, until } from '../helpers/holdingBridge';
import { cleanupAfterEach, psychotherapyNoteOnBothComputers, seededVault } from '../helpers/syncComputers';
import { PSYCH_PASSPHRASE, type TestVault } from '../helpers/vaultBridge';

const TYPED_TEXT = 'Desktop: typed while the laptop’s edit arrived.';
const LAPTOP_TEXT = 'Laptop: the dream about the lake, told again.';

const track = cleanupAfterEach();

/** The session's psychotherapy notes open in this window's stores, the conflict reads holdable. */
async function openInWindow(vault: TestVault, sessionId: string) {
  const { bridge, gate } = holdingConflictReads(vault.bridge);
  const stores = createAppStores(createVaultApi(bridge), { autosaveDelayMs: 60_000 });
  track(() => stores.dispose());
  const psychotherapy = stores.psychotherapy.getState();
  await psychotherapy.open(PSYCH_PASSPHRASE);
  await psychotherapy.loadSession(sessionId);
  return { gate, stores, psychotherapy };
}

/** A session with one psychotherapy note, open in this window's stores. */
async function noteOnScreen() {
  const { vault, desktop, session } = await seededVault(track);
  await desktop.openPsychotherapy(PSYCH_PASSPHRASE);
  const note = desktop.psychotherapyNotes.create({ sessionId: session.id, text: 'Before.' });
  return { vault, note, ...(await openInWindow(vault, session.id)) };
}

/** A psychotherapy note both computers hold, open in this window's stores. */
async function noteOnBothComputers() {
  const { vault, desktop, session, note, laptop, fromLaptop } = await psychotherapyNoteOnBothComputers(track, 'Before.');
  /** The laptop saves its text and this computer imports it. */
  const laptopEditArrives = async () => {
    laptop.psychotherapyNotes.update(note.id, LAPTOP_TEXT);
    await fromLaptop();
  };
  return { vault, desktop, note, laptopEditArrives, ...(await openInWindow(vault, session.id)) };
}

describe('a reread of the session’s psychotherapy notes that another change overtakes', () => {
  it('keeps the saved text on screen, not the older text the reread listed', async () => {
    const { vault, note, gate, stores, psychotherapy } = await noteOnScreen();

    psychotherapy.editNote(note.id, 'Before. Typed just now.');
    gate.armed = true;
    const reread = psychotherapy.refreshNotes();
    await until(() => gate.held.length === 1);
    await psychotherapy.flush();
    expect(stores.psychotherapy.getState().drafts[0]?.saveState).toBe('saved');
    // The save makes the reread read again, and that read is not held.
    gate.armed = false;
    gate.held[0]?.();
    await reread;

    const [draft] = stores.psychotherapy.getState().drafts;
    expect(draft?.text).toBe('Before. Typed just now.');
    expect(draft?.note.storedVersion).toBe(vault.host.vault.psychotherapyNotes.get(note.id).storedVersion);
  });

  it('leaves out a note deleted meanwhile, which the reread still listed', async () => {
    const { vault, note, gate, stores, psychotherapy } = await noteOnScreen();

    gate.armed = true;
    const reread = psychotherapy.refreshNotes();
    await until(() => gate.held.length === 1);
    await psychotherapy.removeNote(note.id);
    gate.held[0]?.();
    await reread;

    expect(stores.psychotherapy.getState().drafts).toEqual([]);
    expect(vault.host.vault.psychotherapyNotes.listForSession(note.sessionId)).toEqual([]);
  });

  it('shows the conflict the save overtaking it kept, not the older list of conflicts the reread read', async () => {
    const { note, gate, stores, psychotherapy, laptopEditArrives } = await noteOnBothComputers();
    psychotherapy.editNote(note.id, TYPED_TEXT);
    await laptopEditArrives();
    await psychotherapy.refreshNotes();
    expect(stores.psychotherapy.getState().conflicts).toEqual([]);

    gate.armed = true;
    const reread = psychotherapy.refreshNotes();
    await until(() => gate.held.length === 1);
    const saving = psychotherapy.flush();
    await until(() => gate.held.length === 2);
    gate.held[1]?.();
    await saving;
    expect(stores.psychotherapy.getState().conflicts).toEqual([expect.objectContaining({ kind: 'psychotherapyNote', recordId: note.id })]);
    gate.armed = false;
    gate.held[0]?.();
    await reread;

    const { drafts, conflicts } = stores.psychotherapy.getState();
    expect(drafts.map((draft) => [draft.text, draft.saveState])).toEqual([[TYPED_TEXT, 'saved']]);
    expect(conflicts).toEqual([expect.objectContaining({ kind: 'psychotherapyNote', recordId: note.id, deviceName: 'Laptop' })]);
  });

  it('a save’s own look at the conflicts, replying after a later reread, leaves the later reread’s conflicts on screen', async () => {
    const { vault, note, gate, stores, psychotherapy, laptopEditArrives } = await noteOnBothComputers();
    psychotherapy.editNote(note.id, TYPED_TEXT);
    await laptopEditArrives();
    await psychotherapy.refreshNotes();

    // The save keeps the laptop's text as a conflict and reads the conflicts again: that read is held.
    gate.armed = true;
    const saving = psychotherapy.flush();
    await until(() => gate.held.length === 1);
    const listed = (await vault.host.dispatch('sync.conflicts', {})) as { ok: true; data: SyncConflictView[] };
    expect(listed.data).toEqual([expect.objectContaining({ recordId: note.id })]);
    await vault.host.dispatch('sync.resolveConflict', { id: listed.data[0]!.id, choice: 'keepThis' });
    gate.armed = false;
    await psychotherapy.refreshNotes();
    expect(stores.psychotherapy.getState().conflicts).toEqual([]);
    gate.held[0]?.();
    await saving;

    const { conflicts, drafts } = stores.psychotherapy.getState();
    expect(conflicts).toEqual([]);
    expect(drafts.map((draft) => draft.text)).toEqual([TYPED_TEXT]);
    // Keeping this text stores it again: the next save is based on that version.
    expect(drafts[0]?.note.storedVersion).toBe(vault.host.vault.psychotherapyNotes.get(note.id).storedVersion);
  });

  it('an earlier reread replying after a later one leaves the later one’s notes on screen', async () => {
    const { desktop, note, gate, stores, psychotherapy, laptopEditArrives } = await noteOnBothComputers();

    gate.armed = true;
    const earlier = psychotherapy.refreshNotes();
    await until(() => gate.held.length === 1);
    await laptopEditArrives();
    const later = psychotherapy.refreshNotes();
    await until(() => gate.held.length === 2);
    gate.held[1]?.();
    await later;
    expect(stores.psychotherapy.getState().drafts.map((draft) => draft.text)).toEqual([LAPTOP_TEXT]);
    gate.held[0]?.();
    await earlier;

    const [draft] = stores.psychotherapy.getState().drafts;
    expect(draft?.text).toBe(LAPTOP_TEXT);
    expect(draft?.note.storedVersion).toBe(desktop.psychotherapyNotes.get(note.id).storedVersion);
  });
});
