import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Diagnosis, TreatmentPlan, TreatmentPlanRecord } from '../../../../shared/domain/records';
import type { TreatmentPlanContent } from '../../../../shared/domain/schemas';
import { DEFAULT_SETTINGS } from '../../../../shared/domain/schemas';
import type { IpcResult } from '../../../../shared/ipc/result';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { clinicalHandlers } from '../../../../main/ipc/handlers/clinicalHandlers';
import type { Vault } from '../../../../main/vault/vaultApi';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault, PASSPHRASE } from '../../../helpers/tempVault';

const MISSING_ID = 'f'.repeat(32);

let vault: Vault;
let dispose: () => Promise<void>;
let dispatch: ReturnType<typeof createDispatcher>;
let client: Client;

beforeAll(async () => {
  const made = await createdVault();
  vault = made.vault;
  dispose = made.dispose;
  dispatch = createDispatcher(testServices(vault));
  vault.settings.save({ ...DEFAULT_SETTINGS, clinicianName: 'Rowan Hale', credentials: 'LMFT' });
  client = vault.clients.create({ name: 'Ipc Plan Client' });
});
afterAll(() => dispose());

async function data<T>(channel: string, request: unknown): Promise<T> {
  const reply = await dispatch(channel, request);
  if (!reply.ok) throw new Error(`${channel} failed with ${reply.error.code}`);
  return reply.data as T;
}

const codeOf = (reply: IpcResult<unknown>) => (reply.ok ? null : reply.error.code);

const content = (diagnosisIds: string[], objective = 'Sleeps 7 hours on 5 nights a week'): TreatmentPlanContent => ({
  problems: [
    { statement: 'Poor sleep', diagnosisIds, goals: [{ statement: 'Rested', objectives: [{ statement: objective, targetDate: '2026-08-01' }] }] },
  ],
  interventions: [{ description: 'CBT for insomnia', frequency: 'weekly', modality: 'individual, in person' }],
});

describe('diagnosis handlers', () => {
  it('add by code with the catalog description, change as a new version, list with history', async () => {
    const added = await data<Diagnosis>('diagnoses.add', {
      diagnosis: { clientId: client.id, code: 'F51.01', rank: 'primary', status: 'active' },
    });
    expect(added).toMatchObject({ code: 'F51.01', description: 'Primary insomnia' });
    const changed = await data<Diagnosis>('diagnoses.change', { id: added.id, change: { rank: 'primary', status: 'resolved' } });
    expect(changed.history.map((version) => version.status)).toEqual(['active', 'resolved']);
    expect(await data<Diagnosis[]>('diagnoses.listForClient', { clientId: client.id })).toEqual([changed]);
  });

  it('refuse a description, a code outside the catalog and extra fields from the window', async () => {
    const base = { clientId: client.id, code: 'F41.1', rank: 'secondary', status: 'active' };
    const hostile: unknown[] = [
      { diagnosis: { ...base, description: 'Anything the window likes' } },
      { diagnosis: { ...base, code: 'F41' } },
      { diagnosis: { ...base, code: 'A00.0' } },
      { diagnosis: { ...base, code: 'F41.1\u0000' } },
      { diagnosis: base, extra: true },
      { diagnosis: { ...base, clientId: '../../etc' } },
    ];
    for (const request of hostile) expect(codeOf(await dispatch('diagnoses.add', request))).toBe('INVALID_INPUT');
    expect(codeOf(await dispatch('diagnoses.change', { id: MISSING_ID, change: { rank: 'primary', status: 'active' } }))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('treatment plan handlers', () => {
  it('save a draft, sign it as the clinician in Settings, and revise it', async () => {
    const [diagnosis] = await data<Diagnosis[]>('diagnoses.listForClient', { clientId: client.id });
    const draft = await data<TreatmentPlan>('treatmentPlans.saveDraft', { clientId: client.id, content: content([diagnosis!.id]), basedOn: null });
    const signed = await data<TreatmentPlan>('treatmentPlans.sign', { planId: draft.id });
    expect(signed).toMatchObject({ status: 'signed', signedBy: 'Rowan Hale, LMFT', revision: 1 });
    const revision = await data<TreatmentPlan>('treatmentPlans.saveDraft', { clientId: client.id, content: content([], 'Sleeps 8 hours'), basedOn: null });
    expect(revision).toMatchObject({ revision: 2, supersedesId: signed.id, status: 'draft' });
    const revised = await data<TreatmentPlan>('treatmentPlans.sign', { planId: revision.id });
    const record = await data<TreatmentPlanRecord>('treatmentPlans.get', { clientId: client.id });
    expect(record.current).toEqual(revised);
    expect(record.history.map((plan) => plan.id)).toEqual([revised.id, signed.id]);
  });

  it('never change a signed plan: a second signature, a discard, a name from the window and a status are refused', async () => {
    const { current } = await data<TreatmentPlanRecord>('treatmentPlans.get', { clientId: client.id });
    const signed = current!;
    expect(codeOf(await dispatch('treatmentPlans.sign', { planId: signed.id }))).toBe('NOTE_SIGNED');
    expect(codeOf(await dispatch('treatmentPlans.discardDraft', { planId: signed.id }))).toBe('NOTE_SIGNED');
    expect(codeOf(await dispatch('treatmentPlans.sign', { planId: signed.id, signedBy: 'Someone Else' }))).toBe('INVALID_INPUT');
    expect(codeOf(await dispatch('treatmentPlans.saveDraft', { clientId: client.id, content: content([]), id: signed.id }))).toBe(
      'INVALID_INPUT',
    );
    expect(
      codeOf(await dispatch('treatmentPlans.saveDraft', { clientId: client.id, content: { ...content([]), status: 'draft' } })),
    ).toBe('INVALID_INPUT');
    const after = await data<TreatmentPlanRecord>('treatmentPlans.get', { clientId: client.id });
    expect(after.current).toEqual(signed);
  });

  it('list plans due for review on a day', async () => {
    const { current } = await data<TreatmentPlanRecord>('treatmentPlans.get', { clientId: client.id });
    const due = await data<{ planId: string }[]>('treatmentPlans.dueForReview', { asOf: current!.reviewDate });
    expect(due.map((entry) => entry.planId)).toContain(current!.id);
    expect(codeOf(await dispatch('treatmentPlans.dueForReview', { asOf: 'soon' }))).toBe('INVALID_INPUT');
  });
});

describe('clinical handlers on a locked vault', () => {
  it('answer LOCKED for every clinical channel', async () => {
    await vault.lock('manual');
    try {
      const requests: { [C in keyof typeof clinicalHandlers]: unknown } = {
        'diagnoses.listForClient': { clientId: MISSING_ID },
        'diagnoses.add': { diagnosis: { clientId: MISSING_ID, code: 'F32.1', rank: 'primary', status: 'active' } },
        'diagnoses.change': { id: MISSING_ID, change: { rank: 'primary', status: 'active' } },
        'treatmentPlans.get': { clientId: MISSING_ID },
        'treatmentPlans.saveDraft': { clientId: MISSING_ID, content: { problems: [], interventions: [] }, basedOn: null },
        'treatmentPlans.discardDraft': { planId: MISSING_ID },
        'treatmentPlans.sign': { planId: MISSING_ID },
        'treatmentPlans.dueForReview': { asOf: '2026-01-01' },
      };
      for (const [channel, request] of Object.entries(requests)) {
        expect([channel, codeOf(await dispatch(channel, request))]).toEqual([channel, 'LOCKED']);
      }
    } finally {
      await vault.unlock(PASSPHRASE);
    }
  });
});
