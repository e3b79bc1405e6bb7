import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomTemplate } from '../../../../shared/domain/noteTemplates';
import type { ProgressNote } from '../../../../shared/domain/records';
import { DEFAULT_SETTINGS } from '../../../../shared/domain/schemas';
import type { IpcResult } from '../../../../shared/ipc/result';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import type { Vault } from '../../../../main/vault/vaultApi';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault } from '../../../helpers/tempVault';

let vault: Vault;
let dispose: () => Promise<void>;
let dispatch: ReturnType<typeof createDispatcher>;

beforeAll(async () => {
  const made = await createdVault();
  vault = made.vault;
  dispose = made.dispose;
  dispatch = createDispatcher(testServices(vault));
  vault.settings.save({ ...DEFAULT_SETTINGS, clinicianName: 'Rowan Hale' });
});
afterAll(() => dispose());

async function data<T>(channel: string, request: unknown): Promise<T> {
  const reply = await dispatch(channel, request);
  if (!reply.ok) throw new Error(`${channel} failed with ${reply.error.code}`);
  return reply.data as T;
}
const codeOf = (reply: IpcResult<unknown>) => (reply.ok ? null : reply.error.code);

const template = { name: 'Brief', basedOn: 'DAP', fields: [{ id: 'data', label: 'Data', prompt: '', rows: 4, carryForward: false }] };
const denied = { level: 'denied', plan: false, intent: false, means: false };
const risk = { suicidal: { ...denied, level: 'active', intent: true }, homicidal: denied, selfHarm: denied, protectiveFactors: '', safetyPlan: { reviewed: false, details: '' } };
const structure = { attendees: [], diagnosisIds: [], interventions: [], objectives: [] };

describe('note template and structured note handlers', () => {
  it('create, list, update and remove templates; a note written with one keeps it', async () => {
    const made = await data<CustomTemplate>('noteTemplates.create', { template });
    expect(await data<CustomTemplate[]>('noteTemplates.list', {})).toEqual([made]);
    const client = vault.clients.create({ name: 'Ipc Template Client' });
    const session = vault.sessions.create({ clientId: client.id, date: '2026-04-01', startTime: '09:00', endTime: '09:50', modality: 'video' });
    const note = await data<ProgressNote>('progressNotes.saveDraft', { sessionId: session.id, templateId: 'DAP', customTemplateId: made.id, fields: { data: 'x' }, structure, basedOn: null });
    expect((await data<CustomTemplate>('noteTemplates.update', { id: made.id, template: { ...template, name: 'Renamed' } })).version).toBe(2);
    expect(await data<null>('noteTemplates.remove', { id: made.id })).toBeNull();
    expect((await data<ProgressNote>('progressNotes.getForSession', { sessionId: session.id }))?.template).toEqual(note.template);
  });

  it('refuse hostile template and structure payloads with INVALID_INPUT', async () => {
    const client = vault.clients.create({ name: 'Ipc Hostile Client' });
    const session = vault.sessions.create({ clientId: client.id, date: '2026-04-02', startTime: '09:00', endTime: '09:50', modality: 'video' });
    const base = { sessionId: session.id, templateId: 'SOAP', fields: {}, basedOn: null };
    const hostile: [string, unknown][] = [
      ['noteTemplates.create', { template: { ...template, fields: [{ ...template.fields[0], id: '../x' }] } }],
      ['noteTemplates.create', { template: { ...template, basedOn: '__proto__' } }],
      ['noteTemplates.create', { template, extra: 1 }],
      ['progressNotes.saveDraft', { ...base, structure: { ...structure, diagnoses: [{ code: 'F20.9', description: 'x' }] } }],
      ['progressNotes.saveDraft', { ...base, structure: { ...structure, attendees: 'Client' } }],
      ['progressNotes.saveDraft', { ...base, structure: { ...structure, risk: { ...risk, suicidal: { level: 'active', intent: 'yes', plan: false, means: false } } } }],
      ['progressNotes.saveDraft', { ...base, structure: { ...structure, service: { code: '90837', start: '25:00', end: '26:00', interactiveComplexity: false, crisisUnits: 0 } } }],
      ['progressNotes.saveDraft', { ...base, structure: { ...structure, objectives: [{ planId: 'f'.repeat(32), problem: 0, goal: 0, objective: 0, progress: 'done', comment: '' }] } }],
      ['progressNotes.saveDraft', { ...base, customTemplateId: 'not-an-id' }],
    ];
    for (const [channel, request] of hostile) expect(codeOf(await dispatch(channel, request)), channel).toBe('INVALID_INPUT');
    expect(await data<ProgressNote | null>('progressNotes.getForSession', { sessionId: session.id })).toBeNull();
  });

  it('sign refuses active ideation with intent with SAFETY_PLAN_REQUIRED until the plan is filled', async () => {
    const client = vault.clients.create({ name: 'Ipc Risk Client' });
    const session = vault.sessions.create({ clientId: client.id, date: '2026-04-03', startTime: '09:00', endTime: '09:50', modality: 'video' });
    const draft = { sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'x' }, basedOn: null };
    const note = await data<ProgressNote>('progressNotes.saveDraft', { ...draft, structure: { ...structure, risk } });
    expect(codeOf(await dispatch('progressNotes.sign', { noteId: note.id }))).toBe('SAFETY_PLAN_REQUIRED');
    await data('progressNotes.saveDraft', { ...draft, basedOn: note.storedVersion, structure: { ...structure, risk: { ...risk, safetyPlan: { reviewed: true, details: 'Crisis line' } } } });
    expect((await data<ProgressNote>('progressNotes.sign', { noteId: note.id })).status).toBe('signed');
    expect(codeOf(await dispatch('progressNotes.saveDraft', { ...draft, structure }))).toBe('NOTE_SIGNED');
  });
});
