import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutcomeMeasure } from '../../../../shared/domain/measures';
import type { Client, Session } from '../../../../shared/domain/records';
import type { IpcResult } from '../../../../shared/ipc/result';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import type { Vault } from '../../../../main/vault/vaultApi';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault, PASSPHRASE } from '../../../helpers/tempVault';

const MISSING_ID = 'f'.repeat(32);
const PHQ9 = [1, 2, 1, 2, 3, 1, 2, 1, 0];

let vault: Vault;
let dispose: () => Promise<void>;
let dispatch: ReturnType<typeof createDispatcher>;
let client: Client;
let session: Session;
let otherSession: Session;

beforeAll(async () => {
  const made = await createdVault();
  vault = made.vault;
  dispose = made.dispose;
  dispatch = createDispatcher(testServices(vault));
  client = vault.clients.create({ name: 'Ipc Measure Client' });
  const other = vault.clients.create({ name: 'Someone Else' });
  const at = { date: '2026-05-04', startTime: '11:00', endTime: '11:50', modality: 'video' } as const;
  session = vault.sessions.create({ clientId: client.id, ...at });
  otherSession = vault.sessions.create({ clientId: other.id, ...at });
});
afterAll(() => dispose());

async function data<T>(channel: string, request: unknown): Promise<T> {
  const reply = await dispatch(channel, request);
  if (!reply.ok) throw new Error(`${channel} failed with ${reply.error.code}`);
  return reply.data as T;
}

const codeOf = (reply: IpcResult<unknown>) => (reply.ok ? null : reply.error.code);

describe('measure handlers', () => {
  it('record answers, score them in main, correct them and remove them', async () => {
    const recorded = await data<OutcomeMeasure>('measures.record', {
      measure: { clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: PHQ9 },
    });
    expect(recorded).toMatchObject({ score: 13, band: 'moderate', risk: false, date: '2026-05-04' });
    const corrected = await data<OutcomeMeasure>('measures.update', { id: recorded.id, responses: [3, 3, 3, 3, 3, 3, 3, 3, 3] });
    expect(corrected).toMatchObject({ id: recorded.id, score: 27, band: 'severe', risk: true });
    expect(await data<OutcomeMeasure[]>('measures.listForClient', { clientId: client.id })).toEqual([corrected]);
    expect(await data<null>('measures.remove', { id: recorded.id })).toBeNull();
    expect(await data<OutcomeMeasure[]>('measures.listForClient', { clientId: client.id })).toEqual([]);
  });

  it("refuse another client's session without writing anything", async () => {
    const reply = await dispatch('measures.record', {
      measure: { clientId: client.id, sessionId: otherSession.id, instrument: 'gad7', responses: [0, 0, 0, 0, 0, 0, 0] },
    });
    expect(codeOf(reply)).toBe('INVALID_INPUT');
    expect(reply.ok ? '' : reply.error.message).not.toContain(otherSession.id);
    expect(vault.measures.listForClient(client.id)).toEqual([]);
  });

  it('refuse hostile payloads with INVALID_INPUT and store nothing', async () => {
    const base = { clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: [1, 1, 1, 1, 1, 1, 1] };
    const hostile: unknown[] = [
      { measure: { ...base, score: 0 } },
      { measure: { ...base, band: 'minimal' } },
      { measure: { ...base, risk: false } },
      { measure: { ...base, responses: [1, 1, 1, 1, 1, 1] } },
      { measure: { ...base, responses: [1, 1, 1, 1, 1, 1, 1, 1] } },
      { measure: { ...base, responses: [1, 1, 1, 1, 1, 1, 99] } },
      { measure: { ...base, responses: [1, 1, 1, 1, 1, 1, -1] } },
      { measure: { ...base, responses: [1, 1, 1, 1, 1, 1, 0.5] } },
      { measure: { ...base, responses: [1, 1, 1, 1, 1, 1, null] } },
      { measure: { ...base, responses: new Array(10_000).fill(0) } },
      { measure: { ...base, responses: '1111111' } },
      { measure: { ...base, instrument: '__proto__' } },
      { measure: { ...base, clientId: '../../etc' } },
      { measure: { ...base, sessionId: 'x'.repeat(32) } },
      { measure: base, extra: true },
      { measure: null },
      {},
    ];
    for (const request of hostile) expect(codeOf(await dispatch('measures.record', request))).toBe('INVALID_INPUT');
    for (const request of [{ id: MISSING_ID, responses: 'all of them' }, { id: '1', responses: [0] }, { id: MISSING_ID }]) {
      expect(codeOf(await dispatch('measures.update', request))).toBe('INVALID_INPUT');
    }
    expect(codeOf(await dispatch('measures.update', { id: MISSING_ID, responses: [0, 0, 0, 0, 0, 0, 0] }))).toBe('NOT_FOUND');
    expect(codeOf(await dispatch('measures.remove', { id: MISSING_ID }))).toBe('NOT_FOUND');
    expect(vault.measures.listForClient(client.id)).toEqual([]);
  });

  it('refuse a change once the session note is signed', async () => {
    const signedSession = vault.sessions.create({ clientId: client.id, date: '2026-05-11', startTime: '11:00', endTime: '11:50', modality: 'video' });
    const measure = await data<OutcomeMeasure>('measures.record', {
      measure: { clientId: client.id, sessionId: signedSession.id, instrument: 'gad7', responses: [2, 2, 2, 2, 2, 2, 2] },
    });
    const note = vault.progressNotes.saveDraft({ sessionId: signedSession.id, templateId: 'NARRATIVE', fields: { narrative: 'Seen.' } });
    vault.progressNotes.sign(note.id, 'Rowan Hale');
    expect(codeOf(await dispatch('measures.update', { id: measure.id, responses: [0, 0, 0, 0, 0, 0, 0] }))).toBe('NOTE_SIGNED');
    expect(codeOf(await dispatch('measures.remove', { id: measure.id }))).toBe('NOTE_SIGNED');
    expect(vault.measures.get(measure.id).score).toBe(14);
  });

  it('are refused while the vault is locked, and answer again after unlock', async () => {
    await vault.lock();
    expect(codeOf(await dispatch('measures.listForClient', { clientId: client.id }))).toBe('LOCKED');
    expect(
      codeOf(await dispatch('measures.record', { measure: { clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: [0, 0, 0, 0, 0, 0, 0] } })),
    ).toBe('LOCKED');
    await vault.unlock(PASSPHRASE);
    expect(codeOf(await dispatch('measures.listForClient', { clientId: client.id }))).toBeNull();
  });
});
