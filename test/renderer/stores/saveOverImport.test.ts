// @vitest-environment jsdom
/*
 * The progress note editor and an import it cannot show because an edit is
 * waiting to be saved: the edit stays on screen, its save keeps the imported
 * text as a conflict, and the editor's notice shows that conflict. Real
 * vaults on both computers, a real folder between them.
 */
import '../helpers/nodeTypedArrays';
import { describe, expect, it } from 'vitest';
import type { SyncConflictDetail } from '../../../shared/domain/sync';
import { createVaultApi } from '../../../renderer/api/vaultApi';
import { createAppStores } from '../../../renderer/stores/appStores';
import { cleanupAfterEach, seededVault, syncingWithLaptop } from '../helpers/syncComputers';

const TYPED_TEXT = 'Desktop: typed while the laptop’s edit arrived.';
const LAPTOP_TEXT = 'Laptop: the move to Ohio is settled.';

const track = cleanupAfterEach();

/** A draft both computers hold, open in this window's session editor; autosave only on flush. */
async function draftOpenOnBoth() {
  const { vault, desktop, session } = await seededVault(track);
  const note = desktop.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'first words' } });
  const { laptop, fromLaptop } = await syncingWithLaptop(vault, track);

  const stores = createAppStores(createVaultApi(vault.bridge), { autosaveDelayMs: 60_000 });
  track(() => stores.dispose());
  await stores.session.getState().open(session.id);

  /** The laptop signs the draft and this computer imports it; the window reads the note again. */
  const laptopSignatureArrives = async () => {
    laptop.settings.save({ ...laptop.settings.get(), clinicianName: 'Dr. Laptop', credentials: 'PhD' });
    laptop.progressNotes.signAsClinician(note.id);
    await fromLaptop();
    await stores.session.getState().refreshNote();
  };
  /** The laptop saves its text and this computer imports it; the window reads the note again as the import event has it do. */
  const laptopEditArrives = async () => {
    laptop.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
    await fromLaptop();
    await stores.session.getState().refreshNote();
  };
  return { stores, vault, desktop, note, laptopEditArrives, laptopSignatureArrives };
}

describe('the note editor and an import it did not show', () => {
  it('keeps the typed edit, saves it, and shows the laptop’s text as a conflict holding both texts', async () => {
    const { stores, vault, desktop, note, laptopEditArrives } = await draftOpenOnBoth();
    stores.session.getState().editField('subjective', TYPED_TEXT);
    await laptopEditArrives();
    expect(stores.session.getState().fields.subjective).toBe(TYPED_TEXT);
    expect(stores.session.getState().conflicts).toEqual([]);

    await stores.session.getState().flush();
    expect(stores.session.getState().saveState).toBe('saved');
    expect(desktop.progressNotes.get(note.id).fields.subjective).toBe(TYPED_TEXT);
    const [conflict] = stores.session.getState().conflicts;
    expect(conflict).toMatchObject({ kind: 'progressNote', recordId: note.id, deviceName: 'Laptop' });
    const reply = await vault.host.dispatch('sync.openConflict', { id: conflict!.id });
    expect(reply.ok && (reply.data as SyncConflictDetail).parts).toEqual([{ label: 'Subjective', thisText: TYPED_TEXT, otherText: LAPTOP_TEXT }]);
  });

  it('with no edit waiting, the import is shown, and the next edit saves over it with no conflict', async () => {
    const { stores, vault, desktop, note, laptopEditArrives } = await draftOpenOnBoth();
    await laptopEditArrives();
    expect(stores.session.getState().fields.subjective).toBe(LAPTOP_TEXT);

    stores.session.getState().editField('subjective', `${LAPTOP_TEXT} ${TYPED_TEXT}`);
    await stores.session.getState().flush();
    expect(desktop.progressNotes.get(note.id).fields.subjective).toBe(`${LAPTOP_TEXT} ${TYPED_TEXT}`);
    expect(stores.session.getState().conflicts).toEqual([]);
    expect(await vault.host.dispatch('sync.conflicts', {})).toEqual({ ok: true, data: [] });
  });

  it('a typed edit saved after the laptop’s signature arrived becomes an addendum suggestion, and the editor shows the signed note', async () => {
    const { stores, desktop, note, laptopSignatureArrives } = await draftOpenOnBoth();
    stores.session.getState().editField('subjective', TYPED_TEXT);
    await laptopSignatureArrives();
    expect(stores.session.getState().fields.subjective).toBe(TYPED_TEXT);

    await stores.session.getState().flush();
    expect(stores.session.getState()).toMatchObject({ saveState: 'idle', saveError: null, note: { status: 'signed' }, fields: { subjective: 'first words' } });
    expect(desktop.progressNotes.get(note.id)).toMatchObject({ status: 'signed', fields: { subjective: 'first words' } });
    expect(stores.session.getState().conflicts).toEqual([expect.objectContaining({ recordId: note.id, suggestion: true, deviceName: 'Office desktop' })]);
  });
});
