// @vitest-environment jsdom
/*
 * The progress note read again (after an import or a resolve) while a save of
 * its draft is under way: the note the reread holds can be older than what
 * the save stored, and must not replace it on screen nor in the version the
 * next save is based on.
 */
import '../helpers/nodeTypedArrays';
import { describe, expect, it } from 'vitest';
import { createVaultApi } from '../../../renderer/api/vaultApi';
import { createAppStores } from '../../../renderer/stores/appStores';
import { holdingConflictReads, until } from '../helpers/holdingBridge';
import { cleanupAfterEach, seededVault } from '../helpers/syncComputers';

const track = cleanupAfterEach();

/** A session with a draft progress note, open in this window's editor, the conflict reads holdable; autosave only on flush. */
async function draftOnScreen() {
  const { vault, session } = await seededVault(track);
  const notes = vault.host.vault.progressNotes;
  const note = notes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'Before.' } });
  const { bridge, gate } = holdingConflictReads(vault.bridge);
  const stores = createAppStores(createVaultApi(bridge), { autosaveDelayMs: 60_000 });
  track(() => stores.dispose());
  await stores.session.getState().open(session.id);
  return { vault, notes, note, gate, editor: () => stores.session.getState() };
}

describe('a reread of the progress note that a save overtakes', () => {
  it('keeps the saved text on screen and the saved version as the next save’s base', async () => {
    const { vault, notes, note, gate, editor } = await draftOnScreen();

    editor().editField('subjective', 'Before. Typed just now.');
    gate.armed = true;
    const reread = editor().refreshNote();
    await until(() => gate.held.length === 1);
    await editor().flush();
    expect(editor().saveState).toBe('saved');
    gate.armed = false;
    gate.held[0]?.();
    await reread;

    expect(editor().fields.subjective).toBe('Before. Typed just now.');
    expect(editor().note?.storedVersion).toBe(notes.get(note.id).storedVersion);

    editor().editField('subjective', 'Before. Typed just now. And more.');
    await editor().flush();
    expect(editor()).toMatchObject({ saveState: 'saved', conflicts: [] });
    expect(notes.get(note.id).fields.subjective).toBe('Before. Typed just now. And more.');
    expect(await vault.host.dispatch('sync.conflicts', {})).toEqual({ ok: true, data: [] });
  });

  it('keeps the signed note on screen when the signature replied first', async () => {
    const { notes, note, gate, editor } = await draftOnScreen();

    gate.armed = true;
    const reread = editor().refreshNote();
    await until(() => gate.held.length === 1);
    await editor().sign();
    gate.armed = false;
    gate.held[0]?.();
    await reread;

    expect(editor().note).toMatchObject({ id: note.id, status: 'signed' });
    expect(notes.get(note.id).status).toBe('signed');
    editor().editField('subjective', 'Typed after signing.');
    expect(editor()).toMatchObject({ saveState: 'idle', fields: { subjective: 'Before.' } });
  });

  it('keeps an addendum on screen when it replied first', async () => {
    const { notes, note, gate, editor } = await draftOnScreen();
    await editor().sign();

    gate.armed = true;
    const reread = editor().refreshNote();
    await until(() => gate.held.length === 1);
    await editor().addAddendum('Client called the next day.');
    gate.armed = false;
    gate.held[0]?.();
    await reread;

    expect(editor().note?.addenda.map((addendum) => addendum.text)).toEqual(['Client called the next day.']);
    expect(notes.get(note.id).addenda).toHaveLength(1);
  });

  it('shows the later reread’s note when an earlier reread replies after it', async () => {
    const { notes, note, gate, editor } = await draftOnScreen();

    gate.armed = true;
    const earlier = editor().refreshNote();
    await until(() => gate.held.length === 1);
    const imported = notes.saveDraft({ sessionId: note.sessionId, templateId: 'SOAP', fields: { subjective: 'Imported.' } });
    const later = editor().refreshNote();
    await until(() => gate.held.length === 2);
    gate.held[1]?.();
    await later;
    expect(editor().fields.subjective).toBe('Imported.');
    gate.held[0]?.();
    await earlier;

    expect(editor().fields.subjective).toBe('Imported.');
    expect(editor().note?.storedVersion).toBe(imported.storedVersion);
  });

  it('an earlier reread a later one overtook settles only once the later one has shown its note', async () => {
    const { notes, note, gate, editor } = await draftOnScreen();

    gate.armed = true;
    const earlier = editor().refreshNote();
    await until(() => gate.held.length === 1);
    notes.saveDraft({ sessionId: note.sessionId, templateId: 'SOAP', fields: { subjective: 'Imported.' } });
    const later = editor().refreshNote();
    await until(() => gate.held.length === 2);
    let settled = false;
    void earlier.then(() => (settled = true));
    gate.held[0]?.();
    await new Promise((wait) => setTimeout(wait, 50));
    expect(settled).toBe(false);
    gate.held[1]?.();
    await earlier;

    expect(editor().fields.subjective).toBe('Imported.');
    await later;
  });
});
