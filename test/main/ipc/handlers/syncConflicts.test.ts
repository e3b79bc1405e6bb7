/*
 * Conflicts the therapist resolves, over two real vault files exchanging
 * through a real folder: a draft edited on both computers between exchanges
 * is listed by client, session date and computer with no text, opened with
 * both texts, and resolved with a save that reaches the other computer, where
 * the conflict is gone too. No text either computer saved is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditLogView } from '../../../../shared/domain/auditLog';
import type { SyncConflictDetail, SyncStatusView } from '../../../../shared/domain/sync';
import { thisDeviceId } from '../../../../main/sync/devices';
import type { Dispatching } from '../../../helpers/syncComputers';
import { conflictsOn, data, exchangeOn, syncComputers } from '../../../helpers/syncComputers';
import { PSYCH_PASSPHRASE } from '../../../helpers/tempVault';

const CLIENT = 'Dana Whitfield';
const DESKTOP_TEXT = 'CANARY-DESKTOP-7a1 reported sleeping better';
const LAPTOP_TEXT = 'CANARY-LAPTOP-3f9 discussed the move to Ohio';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const { firstComputer, joinedComputer } = syncComputers((cleanup) => void cleanups.push(cleanup), { intervalMs: 3_600_000 });


/** Office desktop and Laptop syncing one vault, with a client, a session and a draft both hold. */
async function twoComputers() {
  const desktop = await firstComputer();
  desktop.vault.settings.save({ ...desktop.vault.settings.get(), clinicianName: 'R. Okafor', credentials: 'LCSW' });
  const client = desktop.vault.clients.create({ name: CLIENT });
  const session = desktop.vault.sessions.create({ clientId: client.id, date: '2026-11-30', startTime: '09:00', endTime: '09:50', modality: 'video' });
  const note = desktop.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'first words' } });
  await desktop.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
  await exchangeOn(desktop);

  const laptop = await joinedComputer(desktop.folder, 'Laptop');
  await exchangeOn(laptop, desktop);
  return { desktop, laptop, session, note };
}

/** Both computers edit the draft before either has seen the other's edit. */
async function editedOffline(setup: Awaited<ReturnType<typeof twoComputers>>) {
  const { desktop, laptop, session } = setup;
  desktop.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: DESKTOP_TEXT } });
  laptop.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
  await exchangeOn(desktop, laptop, desktop);
}

/** The conflict resolutions in the computer's audit log, as the Logs screen reads them, with the computer that wrote each. */
async function resolutionsOn(computer: Dispatching) {
  const view = data<AuditLogView>(await computer.dispatch('audit.log', { events: ['sync.conflictResolved'] }));
  return view.entries.map((entry) => ({ detail: entry.detail, writtenHere: entry.computer?.thisComputer ?? true }));
}

describe('sync conflicts', () => {
  it('lists a draft edited on both computers by client, session date and computer, never its text, and opens it with both texts', async () => {
    const setup = await twoComputers();
    await editedOffline(setup);

    for (const computer of [setup.desktop, setup.laptop]) {
      const listed = await conflictsOn(computer);
      expect(listed).toEqual([
        {
          id: expect.stringMatching(/^progress_notes\./),
          kind: 'progressNote',
          recordId: setup.note.id,
          clientName: CLIENT,
          sessionDate: '2026-11-30',
          deviceName: 'Office desktop',
          savedAt: expect.any(String),
          suggestion: false,
          choices: ['keepThis', 'keepOther', 'keepBoth'],
        },
      ]);
      expect(JSON.stringify(listed)).not.toMatch(/CANARY/);
      expect(data<SyncStatusView>(await computer.dispatch('sync.status', {})).conflicts).toBe(1);
      const opened = data<SyncConflictDetail>(await computer.dispatch('sync.openConflict', { id: listed[0]!.id }));
      expect(opened.parts).toEqual([{ label: 'Subjective', thisText: LAPTOP_TEXT, otherText: DESKTOP_TEXT }]);
    }
  });

  it('keep both: the draft holds both texts on both computers after an exchange, and the conflict is gone from both', async () => {
    const setup = await twoComputers();
    await editedOffline(setup);
    const [conflict] = await conflictsOn(setup.desktop);
    expect(data(await setup.desktop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepBoth' }))).toEqual([]);
    await exchangeOn(setup.desktop, setup.laptop, setup.desktop);

    for (const computer of [setup.desktop, setup.laptop]) {
      expect(computer.vault.progressNotes.get(setup.note.id).fields.subjective).toBe(`${LAPTOP_TEXT}\n\n${DESKTOP_TEXT}`);
      expect(await conflictsOn(computer)).toEqual([]);
      expect(data<SyncStatusView>(await computer.dispatch('sync.status', {}))).toMatchObject({ conflicts: 0, pending: 0 });
    }
  });

  it('a resolve is audited with the record, the choice and the other computer by id, never text, and the other computer sees the entry', async () => {
    const setup = await twoComputers();
    await editedOffline(setup);
    const [conflict] = await conflictsOn(setup.desktop);
    await setup.desktop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepBoth' });

    const expected = {
      detail: {
        kind: 'progressNote',
        recordId: setup.note.id,
        choice: 'keepBoth',
        deviceId: thisDeviceId(setup.desktop.vault.syncContext()),
        suggestion: false,
      },
    };
    expect(await resolutionsOn(setup.desktop)).toEqual([{ ...expected, writtenHere: true }]);
    await exchangeOn(setup.desktop, setup.laptop);
    expect(await resolutionsOn(setup.laptop)).toEqual([{ ...expected, writtenHere: false }]);
    const everything = data<AuditLogView>(await setup.laptop.dispatch('audit.log', {}));
    expect(JSON.stringify(everything)).not.toMatch(/CANARY/);
  });

  it('keep the other computer’s text: it becomes the draft everywhere, and a later edit on the laptop makes no new conflict', async () => {
    const setup = await twoComputers();
    await editedOffline(setup);
    const [conflict] = await conflictsOn(setup.laptop);
    await setup.laptop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepOther' });
    await exchangeOn(setup.laptop, setup.desktop);
    expect(setup.desktop.vault.progressNotes.get(setup.note.id).fields.subjective).toBe(DESKTOP_TEXT);

    setup.desktop.vault.progressNotes.saveDraft({ sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: 'agreed text' } });
    await exchangeOn(setup.desktop, setup.laptop);
    expect(setup.laptop.vault.progressNotes.get(setup.note.id).fields.subjective).toBe('agreed text');
    expect(await conflictsOn(setup.laptop)).toEqual([]);
    expect(await conflictsOn(setup.desktop)).toEqual([]);
  });

  it('keep this text: the draft stays as it is and the conflict is gone from both computers', async () => {
    const setup = await twoComputers();
    await editedOffline(setup);
    const [conflict] = await conflictsOn(setup.desktop);
    await setup.desktop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepThis' });
    await exchangeOn(setup.desktop, setup.laptop);
    expect(setup.laptop.vault.progressNotes.get(setup.note.id).fields.subjective).toBe(LAPTOP_TEXT);
    expect(await conflictsOn(setup.laptop)).toEqual([]);
  });

  it('a draft edited while the other computer signed it: the other text becomes an addendum, and the signed note never changes', async () => {
    const setup = await twoComputers();
    setup.desktop.vault.progressNotes.saveDraft({ sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: DESKTOP_TEXT } });
    setup.desktop.vault.progressNotes.sign(setup.note.id, 'Dr. R. Okafor');
    setup.laptop.vault.progressNotes.saveDraft({ sessionId: setup.session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
    await exchangeOn(setup.desktop, setup.laptop, setup.desktop);

    const [conflict] = await conflictsOn(setup.laptop);
    expect(conflict).toMatchObject({ suggestion: true, deviceName: 'Laptop', choices: ['keepThis', 'keepBoth'] });
    expect(await setup.laptop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepOther' })).toMatchObject({
      ok: false,
      error: { code: 'NOTE_SIGNED' },
    });
    expect(await resolutionsOn(setup.laptop)).toEqual([]);
    expect(data(await setup.laptop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepBoth' }))).toEqual([]);
    expect((await resolutionsOn(setup.laptop)).map((entry) => entry.detail)).toEqual([
      expect.objectContaining({ choice: 'keepBoth', suggestion: true, recordId: setup.note.id }),
    ]);
    await exchangeOn(setup.laptop, setup.desktop);

    for (const computer of [setup.desktop, setup.laptop]) {
      const note = computer.vault.progressNotes.get(setup.note.id);
      expect(note).toMatchObject({ status: 'signed', fields: { subjective: DESKTOP_TEXT } });
      expect(note.addenda.map(({ text, author }) => [text, author])).toEqual([[`Subjective:\n${LAPTOP_TEXT}`, 'R. Okafor, LCSW']]);
      expect(await conflictsOn(computer)).toEqual([]);
    }
  });

  it('a treatment plan’s conflict opens with both versions’ content and the diagnoses it names, and keeps one of the two', async () => {
    const setup = await twoComputers();
    const { desktop, laptop } = setup;
    const clientId = setup.session.clientId;
    const diagnosis = desktop.vault.diagnoses.add({ clientId, code: 'F43.22', rank: 'primary', status: 'active' });
    const plan = (statement: string) => ({
      problems: [{ statement, diagnosisIds: [diagnosis.id], goals: [{ statement: 'Settles in', objectives: [{ statement: 'Sleeps 7 hours' }] }] }],
      interventions: [{ description: 'CBT', frequency: 'weekly', modality: 'video' }],
    });
    const draft = desktop.vault.treatmentPlans.saveDraft({ clientId, content: plan('first words') });
    await exchangeOn(desktop, laptop);
    desktop.vault.treatmentPlans.saveDraft({ clientId, content: plan(DESKTOP_TEXT) });
    laptop.vault.treatmentPlans.saveDraft({ clientId, content: plan(LAPTOP_TEXT) });
    await exchangeOn(desktop, laptop, desktop);

    const [conflict] = await conflictsOn(desktop);
    expect(conflict).toMatchObject({ kind: 'treatmentPlan', clientName: CLIENT, sessionDate: null, choices: ['keepThis', 'keepOther'] });
    expect(JSON.stringify(conflict)).not.toMatch(/CANARY/);
    const opened = data<SyncConflictDetail>(await desktop.dispatch('sync.openConflict', { id: conflict!.id }));
    expect(opened.parts).toEqual([]);
    expect(opened.plans).toEqual({
      thisPlan: plan(LAPTOP_TEXT),
      otherPlan: plan(DESKTOP_TEXT),
      diagnoses: { [diagnosis.id]: 'F43.22 Adjustment disorder with anxiety' },
    });

    expect(await desktop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepBoth' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await resolutionsOn(desktop)).toEqual([]);
    await desktop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepOther' });
    await exchangeOn(desktop, laptop);
    for (const computer of [desktop, laptop]) {
      expect(computer.vault.treatmentPlans.get(draft.id).content).toEqual(plan(DESKTOP_TEXT));
      expect(await conflictsOn(computer)).toEqual([]);
    }
    expect((await resolutionsOn(desktop)).map((entry) => entry.detail)).toEqual([
      { kind: 'treatmentPlan', recordId: draft.id, choice: 'keepOther', deviceId: expect.stringMatching(/^[0-9a-f]{32}$/), suggestion: false },
    ]);
  });

  it('a psychotherapy note’s conflict opens only with that compartment open', async () => {
    const setup = await twoComputers();
    await setup.desktop.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const created = setup.desktop.vault.psychotherapyNotes.create({ sessionId: setup.session.id, text: 'start' });
    await exchangeOn(setup.desktop, setup.laptop);
    await setup.laptop.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    setup.desktop.vault.psychotherapyNotes.update(created.id, DESKTOP_TEXT);
    setup.laptop.vault.psychotherapyNotes.update(created.id, LAPTOP_TEXT);
    await exchangeOn(setup.desktop, setup.laptop, setup.desktop);

    const [conflict] = await conflictsOn(setup.desktop);
    expect(conflict).toMatchObject({ kind: 'psychotherapyNote', clientName: CLIENT, sessionDate: '2026-11-30' });
    setup.desktop.vault.closePsychotherapy();
    expect(await setup.desktop.dispatch('sync.openConflict', { id: conflict!.id })).toMatchObject({ ok: false, error: { code: 'PSYCHOTHERAPY_LOCKED' } });
    await setup.desktop.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(data<SyncConflictDetail>(await setup.desktop.dispatch('sync.openConflict', { id: conflict!.id })).parts).toEqual([
      { label: 'Note', thisText: LAPTOP_TEXT, otherText: DESKTOP_TEXT },
    ]);
    await setup.desktop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepBoth' });
    await exchangeOn(setup.desktop, setup.laptop);
    expect(setup.laptop.vault.psychotherapyNotes.get(created.id).text).toBe(`${LAPTOP_TEXT}\n\n${DESKTOP_TEXT}`);
  });

  it('lists conflicts by client A to Z, then by session date, whatever order their random ids give', async () => {
    const setup = await twoComputers();
    const { desktop, laptop } = setup;
    const drafts = [setup.session];
    for (const [name, date] of [
      ['Zoe Park', '2026-11-01'],
      ['ari Cole', '2026-11-20'],
      ['ari Cole', '2026-11-03'],
    ] as const) {
      const client = desktop.vault.clients.list().find((one) => one.name === name) ?? desktop.vault.clients.create({ name });
      drafts.push(desktop.vault.sessions.create({ clientId: client.id, date, startTime: '09:00', endTime: '09:50', modality: 'video' }));
    }
    for (const session of drafts.slice(1)) desktop.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'first words' } });
    await exchangeOn(desktop, laptop);
    for (const session of drafts) {
      desktop.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: DESKTOP_TEXT } });
      laptop.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: LAPTOP_TEXT } });
    }
    await exchangeOn(desktop, laptop, desktop);

    for (const computer of [desktop, laptop]) {
      const listed = await conflictsOn(computer);
      expect(listed.map((conflict) => [conflict.clientName, conflict.sessionDate])).toEqual([
        ['ari Cole', '2026-11-03'],
        ['ari Cole', '2026-11-20'],
        [CLIENT, '2026-11-30'],
        ['Zoe Park', '2026-11-01'],
      ]);
    }
  });

  it('refuses an id that is not a conflict id, and answers NOT_FOUND for one resolved already', async () => {
    const setup = await twoComputers();
    await editedOffline(setup);
    expect(await setup.desktop.dispatch('sync.openConflict', { id: '../../etc' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const [conflict] = await conflictsOn(setup.desktop);
    await setup.desktop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepThis' });
    expect(await setup.desktop.dispatch('sync.resolveConflict', { id: conflict!.id, choice: 'keepOther' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(setup.desktop.vault.progressNotes.get(setup.note.id).fields.subjective).toBe(LAPTOP_TEXT);
    expect((await resolutionsOn(setup.desktop)).map((entry) => entry.detail?.choice)).toEqual(['keepThis']);
  });
});
