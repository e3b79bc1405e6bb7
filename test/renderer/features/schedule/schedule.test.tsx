// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, weekStart } from '../../../../shared/domain/calendar';
import { AgendaScreen } from '../../../../renderer/features/schedule/AgendaScreen';
import { ClientPage } from '../../../../renderer/features/clients/ClientPage';
import { ClientsScreen } from '../../../../renderer/features/clients/ClientsScreen';
import { SessionScreen } from '../../../../renderer/features/session/SessionScreen';
import { todayIso } from '../../../../renderer/components/format';
import { renderWithStores } from '../../helpers/renderWithStores';
import { seedSession } from '../../helpers/seed';
import type { TestVault } from '../../helpers/vaultBridge';
import { testVault } from '../../helpers/vaultBridge';

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

const vault = () => shared.host.vault;

describe('the week agenda', () => {
  it('lists the week by day with client, time, status and note state, and moves a week with Alt+arrows', async () => {
    const client = vault().clients.create({ name: 'Agenda Person' });
    const monday = weekStart(todayIso());
    vault().sessions.create({ clientId: client.id, date: addDays(monday, 7), startTime: '11:15', endTime: '12:05', modality: 'video' });
    renderWithStores(shared.bridge, <AgendaScreen />);
    await screen.findByText(/sessions? in the week$/);
    expect(screen.getAllByRole('heading', { level: 2 })).toHaveLength(7);
    fireEvent.keyDown(window, { key: 'ArrowRight', altKey: true });
    const row = await screen.findByRole('button', { name: /11:15–12:05.*Agenda Person/ });
    expect(row.textContent).toContain('Scheduled');
    expect(row.textContent).toContain('No note');
    fireEvent.keyDown(window, { key: 'Home', altKey: true });
    await waitFor(() => expect(screen.queryByRole('button', { name: /Agenda Person/ })).toBeNull());
  });
});

describe("a note in a custom template", () => {
  it("is listed under the template's name in the agenda and the client's timeline", async () => {
    const client = vault().clients.create({ name: 'Template Person' });
    const template = vault().noteTemplates.create({
      name: 'Family check-in',
      basedOn: 'DAP',
      fields: [{ id: 'data', label: 'Data', prompt: '', rows: 4, carryForward: false }],
    });
    const today = todayIso();
    const custom = vault().sessions.create({ clientId: client.id, date: today, startTime: '07:05', endTime: '07:55', modality: 'video' });
    const builtIn = vault().sessions.create({ clientId: client.id, date: today, startTime: '08:05', endTime: '08:55', modality: 'video' });
    vault().progressNotes.saveDraft({ sessionId: custom.id, templateId: 'DAP', customTemplateId: template.id, fields: { data: 'x' } });
    vault().progressNotes.saveDraft({ sessionId: builtIn.id, templateId: 'BIRP', fields: { behavior: 'y' } });

    renderWithStores(shared.bridge, <AgendaScreen />);
    const row = await screen.findByRole('button', { name: /07:05–07:55.*Template Person/ });
    expect(row.textContent).toContain('Video · Family check-in');
    expect(screen.getByRole('button', { name: /08:05–08:55.*Template Person/ }).textContent).not.toContain('BIRP');
    cleanup();

    renderWithStores(shared.bridge, <ClientPage clientId={client.id} />);
    const timeline = await screen.findByRole('list', { name: 'Sessions, newest first' });
    await waitFor(() => expect(within(timeline).getByRole('button', { name: /07:05–07:55/ }).textContent).toContain('Family check-in'));
    expect(within(timeline).getByRole('button', { name: /08:05–08:55/ }).textContent).toContain('BIRP');
  });
});

describe('the session screen', () => {
  it('edits the session after asking about an overlap, then deletes it after confirmation', async () => {
    const { client, session } = seedSession(shared, 'Edit Person');
    const other = vault().clients.create({ name: 'Busy Person' });
    vault().sessions.create({ clientId: other.id, date: session.date, startTime: '16:00', endTime: '16:50', modality: 'phone' });
    const user = userEvent.setup();
    const { stores } = renderWithStores(shared.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);
    await user.click(await screen.findByRole('button', { name: 'Edit session' }));
    const form = screen.getByRole('form', { name: 'Edit session' });
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: '16:30' } });
    fireEvent.change(within(form).getByLabelText('End'), { target: { value: '17:20' } });
    await user.selectOptions(within(form).getByLabelText('Status'), 'attended');
    await user.click(within(form).getByRole('button', { name: 'Save session' }));
    const dialog = await screen.findByRole('dialog', { name: 'This time overlaps another session' });
    expect(dialog.textContent).toContain('16:00–16:50 with Busy Person');
    await user.click(within(dialog).getByRole('button', { name: 'Save anyway' }));
    await waitFor(() => expect(vault().sessions.get(session.id)).toMatchObject({ startTime: '16:30', endTime: '17:20', status: 'attended' }));
    expect(screen.queryByRole('form', { name: 'Edit session' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Delete session' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete this session?' })).getByRole('button', { name: 'Delete session' }));
    await waitFor(() => expect(stores.navigation.getState().route).toEqual({ screen: 'client', clientId: client.id }));
    expect(() => vault().sessions.get(session.id)).toThrow();
  });

  it('offers no edit once the note is signed', async () => {
    const { client, session } = seedSession(shared, 'Signed Person');
    const note = vault().progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { plan: 'p' } });
    vault().progressNotes.sign(note.id, 'Dr. Test');
    renderWithStores(shared.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);
    await screen.findByText(/can no longer change/);
    expect(screen.queryByRole('button', { name: 'Edit session' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete session' })).toBeNull();
  });
});

describe('the client list', () => {
  it('sorts by family name, filters without accents or case, and shows unsigned notes', async () => {
    vault().clients.create({ name: 'Tomás Ortiz' });
    vault().clients.create({ name: 'Zoe Abel' });
    const cruz = vault().clients.create({ name: 'Ana de la Cruz', sortAs: 'Cruz' });
    const session = vault().sessions.create({ clientId: cruz.id, date: '2026-01-05', startTime: '09:00', endTime: '09:50', modality: 'video' });
    vault().progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: {} });
    const user = userEvent.setup();
    renderWithStores(shared.bridge, <ClientsScreen />);
    const list = await screen.findByRole('list', { name: 'Clients' });
    const names = within(list).getAllByRole('button').map((row) => row.querySelector('.client-name')?.textContent);
    expect(names.indexOf('Zoe Abel')).toBeLessThan(names.indexOf('Ana de la Cruz'));
    expect(names.indexOf('Ana de la Cruz')).toBeLessThan(names.indexOf('Tomás Ortiz'));
    expect(within(list).getByRole('button', { name: /Ana de la Cruz/ }).textContent).toContain('1 unsigned note');
    await user.type(screen.getByRole('searchbox', { name: 'Filter by name or chart number' }), 'TOMAS');
    expect(within(screen.getByRole('list', { name: 'Clients' })).getAllByRole('button').map((row) => row.querySelector('.client-name')?.textContent)).toEqual([
      'Tomás Ortiz',
    ]);
  });
});
