// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SessionScreen } from '../../../../renderer/features/session/SessionScreen';
import type { Bridge } from '../../../../shared/ipc/bridge';
import { renderWithStores } from '../../helpers/renderWithStores';
import { seedSession } from '../../helpers/seed';
import type { TestVault } from '../../helpers/vaultBridge';
import { testVault } from '../../helpers/vaultBridge';

/** One vault per file: every test seeds its own client and session in it. */
let shared: TestVault;
beforeAll(async () => {
  shared = await testVault();
});
afterAll(async () => {
  await shared.dispose();
});
afterEach(() => {
  cleanup();
});

async function open() {
  return shared;
}

/** The same bridge, counting the draft saves that reach main. */
function countingSaves(bridge: Bridge) {
  const counter = { saves: 0 };
  const call = {
    ...bridge.call,
    'progressNotes.saveDraft': (request: Parameters<Bridge['call']['progressNotes.saveDraft']>[0]) => {
      counter.saves += 1;
      return bridge.call['progressNotes.saveDraft'](request);
    },
  };
  return { bridge: { ...bridge, call }, counter };
}

describe('progress note editor', () => {
  it('shows one labelled field per template section with its prompt as help text', async () => {
    const vault = await open();
    const { client, session } = seedSession(vault);
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);
    const subjective = await screen.findByRole('textbox', { name: 'Subjective' });
    expect(subjective.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText("The client's own account: reported symptoms, mood, concerns, quotes.")).toBeTruthy();
    for (const label of ['Objective', 'Assessment', 'Plan']) expect(screen.getByRole('textbox', { name: label })).toBeTruthy();
  });

  it('opens a section with a few lines and the narrative note with room for the whole session', async () => {
    const vault = await open();
    const { client, session } = seedSession(vault);
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);
    expect((await screen.findByRole('textbox', { name: 'Subjective' })).getAttribute('rows')).toBe('5');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Template' }), 'Narrative');
    expect((await screen.findByRole('textbox', { name: 'Note' })).getAttribute('rows')).toBe('14');
  });

  it('saves once after a pause in typing and then shows Saved', async () => {
    const vault = await open();
    const { client, session } = seedSession(vault);
    const { bridge, counter } = countingSaves(vault.bridge);
    const user = userEvent.setup();
    renderWithStores(bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);

    await user.type(await screen.findByRole('textbox', { name: 'Subjective' }), 'Slept better this week');
    await screen.findByText('Saved', undefined, { timeout: 5000 });

    expect(counter.saves).toBe(1);
    expect(vault.host.vault.progressNotes.getForSession(session.id)?.fields.subjective).toBe('Slept better this week');
  });

  it('saves at once when the field loses focus', async () => {
    const vault = await open();
    const { client, session } = seedSession(vault);
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />, { autosaveDelayMs: 60_000 });

    await user.type(await screen.findByRole('textbox', { name: 'Plan' }), 'Review homework');
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    await user.tab();
    await screen.findByText('Saved');
    expect(vault.host.vault.progressNotes.getForSession(session.id)?.fields.plan).toBe('Review homework');
  });

  it('signs only after the confirmation, then shows the note read-only', async () => {
    const vault = await open();
    const { client, session } = seedSession(vault);
    vault.host.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { assessment: 'Stable' } });
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);

    expect(await screen.findByText('Scheduled')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Sign note…' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign this progress note?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(vault.host.vault.progressNotes.getForSession(session.id)?.status).toBe('draft');

    await user.click(screen.getByRole('button', { name: 'Sign note…' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Sign note…' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Sign note' }));
    await screen.findByText(/signed by Dr. Test Clinician, PhD/);
    expect(await screen.findByText('Attended')).toBeTruthy();
    expect(screen.queryByText('Scheduled')).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Assessment' })).toBeNull();
    expect(screen.getByText('Stable')).toBeTruthy();
    expect(vault.host.vault.progressNotes.getForSession(session.id)?.status).toBe('signed');
  });

  it('adds an addendum to a signed note', async () => {
    const vault = await open();
    const { client, session } = seedSession(vault);
    const draft = vault.host.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'DAP', fields: { data: 'Seen' } });
    vault.host.vault.progressNotes.sign(draft.id, 'Dr. Test Clinician, PhD');
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);

    await user.type(await screen.findByRole('textbox', { name: 'New addendum' }), 'Late entry: phone call');
    await user.click(screen.getByRole('button', { name: 'Add addendum' }));
    await screen.findByText('Late entry: phone call');
    await waitFor(() => expect(vault.host.vault.progressNotes.getForSession(session.id)?.addenda).toHaveLength(1));
  });

  it('starts from the previous note: only the sections that carry forward, the earlier note shown beside', async () => {
    const vault = await open();
    const { client, session } = seedSession(vault);
    vault.host.vault.progressNotes.saveDraft({
      sessionId: session.id,
      templateId: 'BIRP',
      fields: { behavior: 'Restless', plan: 'Practise the breathing exercise daily' },
    });
    const later = vault.host.vault.sessions.create({
      clientId: client.id,
      date: '2026-04-21',
      startTime: '14:00',
      endTime: '14:50',
      modality: 'video',
    });
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={later.id} />);

    await user.click(await screen.findByRole('button', { name: 'Start from the previous note' }));
    await waitFor(() =>
      expect((screen.getByRole('textbox', { name: 'Plan' }) as HTMLTextAreaElement).value).toBe('Practise the breathing exercise daily'),
    );
    expect((screen.getByRole('textbox', { name: 'Behavior' }) as HTMLTextAreaElement).value).toBe('');
    await waitFor(() => expect(vault.host.vault.progressNotes.getForSession(later.id)?.fields).toMatchObject({ behavior: '', plan: 'Practise the breathing exercise daily' }));
    expect(vault.host.vault.progressNotes.getForSession(later.id)?.templateId).toBe('BIRP');
    const previous = screen.getByRole('complementary', { name: 'Previous note' });
    expect(within(previous).getByText('Restless')).toBeTruthy();
    expect(within(previous).queryByRole('textbox')).toBeNull();
    expect(screen.getByText(/^Copied Plan from the previous note/)).toBeTruthy();
  });

  it("starts from the previous note: the structured parts the custom template carries, never the service, the safety plan unreviewed", async () => {
    const vault = await open();
    const { client, session } = seedSession(vault, 'Carry Parts');
    const v = vault.host.vault;
    const depression = v.diagnoses.add({ clientId: client.id, code: 'F32.1', rank: 'primary', status: 'active' });
    const anxiety = v.diagnoses.add({ clientId: client.id, code: 'F41.1', rank: 'secondary', status: 'active' });
    const template = v.noteTemplates.create({
      name: 'Family check-in',
      basedOn: 'DAP',
      fields: [{ id: 'data', label: 'Data', prompt: '', rows: 4, carryForward: false }],
      carriedParts: ['attendees', 'diagnoses', 'risk'],
    });
    const passive = { level: 'passive', plan: false, intent: false, means: false } as const;
    const denied = { level: 'denied', plan: false, intent: false, means: false } as const;
    v.progressNotes.saveDraft({
      sessionId: session.id,
      templateId: 'DAP',
      customTemplateId: template.id,
      fields: { data: 'Seen with mother' },
      structure: {
        service: { code: '90847', start: '14:00', end: '14:50', interactiveComplexity: false, crisisUnits: 0 },
        attendees: ['Client', 'Mother'],
        diagnosisIds: [depression.id, anxiety.id],
        mentalStatus: { withinNormalLimits: true, findings: {} },
        risk: { suicidal: passive, homicidal: denied, selfHarm: denied, protectiveFactors: 'Family', safetyPlan: { reviewed: true, details: 'Call mother' } },
        interventions: ['CBT'],
        objectives: [],
      },
    });
    v.diagnoses.change(anxiety.id, { rank: 'secondary', status: 'resolved' });
    const later = v.sessions.create({ clientId: client.id, date: '2026-04-21', startTime: '14:00', endTime: '14:50', modality: 'video' });
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={later.id} />);

    await user.click(await screen.findByRole('button', { name: 'Start from the previous note' }));
    await screen.findByText(/^Copied Attendees, Diagnoses addressed and Risk assessment from the previous note/);
    expect((screen.getByRole('textbox', { name: 'Who took part' }) as HTMLInputElement).value).toBe('Client, Mother');
    expect((screen.getByRole('checkbox', { name: 'Safety plan reviewed' }) as HTMLInputElement).checked).toBe(false);
    await waitFor(() => expect(v.progressNotes.getForSession(later.id)?.structure?.attendees).toEqual(['Client', 'Mother']));
    const carried = v.progressNotes.getForSession(later.id)!;
    expect(carried.template?.customId).toBe(template.id);
    expect(carried.structure?.service).toBeUndefined();
    expect(carried.structure?.mentalStatus).toBeUndefined();
    expect(carried.structure?.interventions).toEqual([]);
    expect(carried.structure?.diagnoses.map((diagnosis) => diagnosis.id)).toEqual([depression.id]);
    expect(carried.structure?.risk?.safetyPlan).toEqual({ reviewed: false, details: 'Call mother' });
    expect(carried.fields).toEqual({ data: '' });
  });

  it('offers the way to Settings when signing is refused for a missing clinician name', async () => {
    const vault = await open();
    const { client, session } = seedSession(vault);
    vault.host.vault.settings.save({ ...vault.host.vault.settings.get(), clinicianName: '' });
    vault.host.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { plan: 'Review' } });
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);

    await user.click(await screen.findByRole('button', { name: 'Sign note…' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Sign note' }));
    expect(await within(screen.getByRole('dialog')).findByRole('button', { name: 'Open Settings' })).toBeTruthy();
    expect(vault.host.vault.progressNotes.getForSession(session.id)?.status).toBe('draft');
  });
});
