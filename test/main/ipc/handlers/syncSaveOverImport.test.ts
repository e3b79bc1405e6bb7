/*
 * A save from an editor whose text was based on a version that an import has
 * replaced since, over two real vault files exchanging through a real folder:
 * the save goes through, and the imported version is kept as a conflict on
 * both computers, so neither text is lost. A save with no import in between
 * makes no conflict, as before; a forged base never drops text, and a
 * missing or malformed one is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressNote, PsychotherapyNote, TreatmentPlan, TreatmentPlanRecord } from '../../../../shared/domain/records';
import type { SyncConflictDetail, SyncStatusView } from '../../../../shared/domain/sync';
import { conflictsOn, data, exchangeOn, syncComputers } from '../../../helpers/syncComputers';
import { PSYCH_PASSPHRASE } from '../../../helpers/tempVault';

const CLIENT = 'Dana Whitfield';
const DESKTOP_TEXT = 'CANARY-DESKTOP-51c typed while the import arrived';
const LAPTOP_TEXT = 'CANARY-LAPTOP-8d2 saved on the laptop meanwhile';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const { firstComputer, joinedComputer } = syncComputers((cleanup) => void cleanups.push(cleanup), { intervalMs: 3_600_000 });


/** Office desktop and Laptop syncing one vault, with a client, a session and a draft both hold; the desktop's editor has the draft open. */
async function twoComputers() {
  const desktop = await firstComputer();
  const client = desktop.vault.clients.create({ name: CLIENT });
  const session = desktop.vault.sessions.create({ clientId: client.id, date: '2026-11-30', startTime: '09:00', endTime: '09:50', modality: 'video' });
  desktop.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'first words' } });
  await desktop.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
  await exchangeOn(desktop);
  const laptop = await joinedComputer(desktop.folder, 'Laptop');
  await exchangeOn(laptop, desktop);
  const shown = data<ProgressNote>(await desktop.dispatch('progressNotes.getForSession', { sessionId: session.id }));
  return { desktop, laptop, session, shown };
}

function desktopSave(setup: Awaited<ReturnType<typeof twoComputers>>, basedOn: unknown) {
  return setup.desktop.dispatch('progressNotes.saveDraft', {
    sessionId: setup.session.id,
    templateId: 'SOAP',
    fields: { subjective: DESKTOP_TEXT },
    basedOn,
  });
}

/** The laptop saves its text and the desktop imports it while its editor still shows the version before. */
async function laptopEditImported(setup: Awaited<ReturnType<typeof twoComputers>>) {
  setup.laptop.vault.progressNotes.saveDraft({ sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
  await exchangeOn(setup.laptop, setup.desktop);
  expect(setup.desktop.vault.progressNotes.get(setup.shown.id).fields.subjective).toBe(LAPTOP_TEXT);
}

describe('a save over an import the editor did not show', () => {
  it('keeps the laptop’s text as a conflict on both computers, with the desktop’s typed text as the draft', async () => {
    const setup = await twoComputers();
    await laptopEditImported(setup);

    const saved = data<ProgressNote>(await desktopSave(setup, setup.shown.storedVersion));
    expect(saved.fields.subjective).toBe(DESKTOP_TEXT);
    expect(saved.storedVersion).not.toBe(setup.shown.storedVersion);
    await exchangeOn(setup.desktop, setup.laptop, setup.desktop);

    for (const computer of [setup.desktop, setup.laptop]) {
      expect(computer.vault.progressNotes.get(setup.shown.id).fields.subjective).toBe(DESKTOP_TEXT);
      const listed = await conflictsOn(computer);
      expect(listed).toEqual([expect.objectContaining({ kind: 'progressNote', recordId: setup.shown.id, deviceName: 'Laptop', suggestion: false })]);
      expect(JSON.stringify(listed)).not.toMatch(/CANARY/);
      const opened = data<SyncConflictDetail>(await computer.dispatch('sync.openConflict', { id: listed[0]!.id }));
      expect(opened.parts).toEqual([{ label: 'Subjective', thisText: DESKTOP_TEXT, otherText: LAPTOP_TEXT }]);
      expect(data<SyncStatusView>(await computer.dispatch('sync.status', {}))).toMatchObject({ conflicts: 1, pending: 0 });
    }
  });

  it('keep both then holds both texts on both computers, and the conflict is gone from both', async () => {
    const setup = await twoComputers();
    await laptopEditImported(setup);
    data(await desktopSave(setup, setup.shown.storedVersion));
    const [conflict] = await conflictsOn(setup.desktop);
    expect(data(await setup.desktop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepBoth' }))).toEqual([]);
    await exchangeOn(setup.desktop, setup.laptop, setup.desktop);

    for (const computer of [setup.desktop, setup.laptop]) {
      expect(computer.vault.progressNotes.get(setup.shown.id).fields.subjective).toBe(`${DESKTOP_TEXT}\n\n${LAPTOP_TEXT}`);
      expect(await conflictsOn(computer)).toEqual([]);
    }
  });

  it('a save based on the imported version, as the editor shows it after reading it again, makes no conflict', async () => {
    const setup = await twoComputers();
    await laptopEditImported(setup);
    const reread = data<ProgressNote>(await setup.desktop.dispatch('progressNotes.getForSession', { sessionId: setup.session.id }));
    expect(reread.storedVersion).not.toBe(setup.shown.storedVersion);

    data(await desktopSave(setup, reread.storedVersion));
    await exchangeOn(setup.desktop, setup.laptop);
    for (const computer of [setup.desktop, setup.laptop]) {
      expect(computer.vault.progressNotes.get(setup.shown.id).fields.subjective).toBe(DESKTOP_TEXT);
      expect(await conflictsOn(computer)).toEqual([]);
    }
  });

  it('saves with no import in between behave as before: each carries the last one’s version, and none makes a conflict', async () => {
    const setup = await twoComputers();
    let basedOn = setup.shown.storedVersion;
    for (const text of ['one', 'one two', DESKTOP_TEXT]) {
      const saved = data<ProgressNote>(
        await setup.desktop.dispatch('progressNotes.saveDraft', { sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: text }, basedOn }),
      );
      expect(saved.storedVersion).toMatch(/^[0-9a-f]{48}$/);
      expect(saved.storedVersion).not.toBe(basedOn);
      basedOn = saved.storedVersion;
    }
    // A late autosave still carrying an older version of this computer's own: local saves replace each other as before.
    data(await desktopSave(setup, setup.shown.storedVersion));
    await exchangeOn(setup.desktop, setup.laptop);
    expect(setup.laptop.vault.progressNotes.get(setup.shown.id).fields.subjective).toBe(DESKTOP_TEXT);
    expect(await conflictsOn(setup.desktop)).toEqual([]);
    expect(await conflictsOn(setup.laptop)).toEqual([]);
  });

  it('a forged base never drops text: over an import it keeps the import aside, over this computer’s own save it changes nothing', async () => {
    const setup = await twoComputers();
    const forged = 'f'.repeat(48);
    data(
      await setup.desktop.dispatch('progressNotes.saveDraft', { sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: 'own words' }, basedOn: forged }),
    );
    expect(await conflictsOn(setup.desktop)).toEqual([]);
    await exchangeOn(setup.desktop, setup.laptop);

    await laptopEditImported(setup);
    data(await desktopSave(setup, forged));
    const [conflict] = await conflictsOn(setup.desktop);
    expect(data<SyncConflictDetail>(await setup.desktop.dispatch('sync.openConflict', { id: conflict!.id })).parts).toEqual([
      { label: 'Subjective', thisText: DESKTOP_TEXT, otherText: LAPTOP_TEXT },
    ]);
  });

  it('refuses a save with no base or a malformed one with INVALID_INPUT, and stores nothing', async () => {
    const setup = await twoComputers();
    await laptopEditImported(setup);
    const hostile = [undefined, '', 'zz', 'F'.repeat(48), `${'a'.repeat(48)}0`, 42, { hlc: 1 }, ['a'.repeat(48)]];
    for (const basedOn of hostile) {
      const reply = await setup.desktop.dispatch('progressNotes.saveDraft', {
        sessionId: setup.session.id,
        templateId: 'SOAP',
        fields: { subjective: DESKTOP_TEXT },
        ...(basedOn === undefined ? {} : { basedOn }),
      });
      expect(reply, JSON.stringify(basedOn)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(setup.desktop.vault.progressNotes.get(setup.shown.id).fields.subjective).toBe(LAPTOP_TEXT);
    expect(await conflictsOn(setup.desktop)).toEqual([]);
  });

  it('a psychotherapy note saved over an import keeps the imported text as a conflict, opened with the compartment', async () => {
    const setup = await twoComputers();
    await setup.desktop.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const created = data<PsychotherapyNote>(await setup.desktop.dispatch('psychotherapyNotes.create', { sessionId: setup.session.id, text: 'start' }));
    await exchangeOn(setup.desktop, setup.laptop);
    await setup.laptop.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    setup.laptop.vault.psychotherapyNotes.update(created.id, LAPTOP_TEXT);
    await exchangeOn(setup.laptop, setup.desktop);

    const malformed = await setup.desktop.dispatch('psychotherapyNotes.update', { id: created.id, text: DESKTOP_TEXT, basedOn: 'nope' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await setup.desktop.dispatch('psychotherapyNotes.update', { id: created.id, text: DESKTOP_TEXT })).toMatchObject({ ok: false });
    const saved = data<PsychotherapyNote>(
      await setup.desktop.dispatch('psychotherapyNotes.update', { id: created.id, text: DESKTOP_TEXT, basedOn: created.storedVersion }),
    );
    expect(saved.text).toBe(DESKTOP_TEXT);
    await exchangeOn(setup.desktop, setup.laptop);

    for (const computer of [setup.desktop, setup.laptop]) {
      const [conflict] = await conflictsOn(computer);
      expect(conflict).toMatchObject({ kind: 'psychotherapyNote', recordId: created.id, deviceName: 'Laptop' });
      expect(data<SyncConflictDetail>(await computer.dispatch('sync.openConflict', { id: conflict!.id })).parts).toEqual([
        { label: 'Note', thisText: DESKTOP_TEXT, otherText: LAPTOP_TEXT },
      ]);
    }
  });

  it('a treatment plan draft saved from an editor opened before an import keeps the imported draft as a conflict', async () => {
    const setup = await twoComputers();
    const clientId = setup.session.clientId;
    const plan = (statement: string) => ({
      problems: [{ statement, diagnosisIds: [], goals: [{ statement: 'Settles in', objectives: [{ statement: 'Sleeps 7 hours' }] }] }],
      interventions: [{ description: 'CBT', frequency: 'weekly', modality: 'video' }],
    });
    const draft = data<TreatmentPlan>(await setup.desktop.dispatch('treatmentPlans.saveDraft', { clientId, content: plan('first words'), basedOn: null }));
    await exchangeOn(setup.desktop, setup.laptop);
    const opened = data<TreatmentPlanRecord>(await setup.desktop.dispatch('treatmentPlans.get', { clientId })).draft!;
    expect(opened.storedVersion).toBe(draft.storedVersion);
    setup.laptop.vault.treatmentPlans.saveDraft({ clientId, content: plan(LAPTOP_TEXT) });
    await exchangeOn(setup.laptop, setup.desktop);

    expect(await setup.desktop.dispatch('treatmentPlans.saveDraft', { clientId, content: plan(DESKTOP_TEXT) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    data(await setup.desktop.dispatch('treatmentPlans.saveDraft', { clientId, content: plan(DESKTOP_TEXT), basedOn: opened.storedVersion }));
    await exchangeOn(setup.desktop, setup.laptop);

    for (const computer of [setup.desktop, setup.laptop]) {
      expect(computer.vault.treatmentPlans.get(draft.id).content).toEqual(plan(DESKTOP_TEXT));
      const [conflict] = await conflictsOn(computer);
      expect(conflict).toMatchObject({ kind: 'treatmentPlan', recordId: draft.id, deviceName: 'Laptop' });
      const detail = data<SyncConflictDetail>(await computer.dispatch('sync.openConflict', { id: conflict!.id }));
      expect(detail.plans).toMatchObject({ thisPlan: plan(DESKTOP_TEXT), otherPlan: plan(LAPTOP_TEXT) });
    }
  });

  it('a draft edit saved after the laptop’s signature arrived is kept as an addendum suggestion, and the signed note never changes', async () => {
    const setup = await twoComputers();
    setup.laptop.vault.settings.save({ ...setup.laptop.vault.settings.get(), clinicianName: 'R. Okafor', credentials: 'LCSW' });
    const signed = setup.laptop.vault.progressNotes.signAsClinician(setup.shown.id);
    await exchangeOn(setup.laptop, setup.desktop);

    const reply = data<ProgressNote>(await desktopSave(setup, setup.shown.storedVersion));
    expect(reply).toMatchObject({ status: 'signed', fields: { subjective: 'first words' } });
    // No save goes over a signed note, so the editor is left no stamp to send another one with.
    expect(reply).not.toHaveProperty('storedVersion');
    await exchangeOn(setup.desktop, setup.laptop);

    for (const computer of [setup.desktop, setup.laptop]) {
      expect(computer.vault.progressNotes.get(setup.shown.id)).toMatchObject({ status: 'signed', signedAt: signed.signedAt, fields: { subjective: 'first words' } });
      const listed = await conflictsOn(computer);
      expect(listed).toEqual([expect.objectContaining({ kind: 'progressNote', recordId: setup.shown.id, deviceName: 'Office desktop', suggestion: true })]);
      const opened = data<SyncConflictDetail>(await computer.dispatch('sync.openConflict', { id: listed[0]!.id }));
      expect(opened.parts).toEqual([{ label: 'Subjective', thisText: 'first words', otherText: DESKTOP_TEXT }]);
    }
  });
});
