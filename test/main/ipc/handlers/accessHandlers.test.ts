import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExportFonts } from '../../../../main/export/exportFonts';
import { createExportJobs } from '../../../../main/export/exportJobs';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import type { Vault } from '../../../../main/vault/vaultApi';
import type { AccessRequestInput, AccessRequestView } from '../../../../shared/domain/accessRequests';
import type { AccessFulfilOutcome } from '../../../../shared/ipc/contract';
import type { IpcResult } from '../../../../shared/ipc/result';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault, PSYCH_PASSPHRASE } from '../../../helpers/tempVault';
import { SAMPLE_PRACTICE, writeRecord } from '../../export/fixtures';
import { allText, readPdf } from '../../export/pdfInspection';

const PSYCH_CANARY = 'PSYCHCANARY-access-7f3e';
const fonts = loadExportFonts();
/** 2026-03-10, mid-morning local time. */
const time = { ms: new Date(2026, 2, 10, 10, 0).getTime(), now: () => time.ms };
let vault: Vault;
let dir: string;
let dispose: () => Promise<void>;
let clientId: string;
let files = 0;

beforeAll(async () => {
  const made = await createdVault({ clock: time });
  ({ vault, dir, dispose } = made);
  vault.settings.save(SAMPLE_PRACTICE);
  await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  const record = writeRecord(vault, {
    client: { name: 'Rowan Access-Test', chartNumber: 'AR-9' },
    notes: 4,
    seed: 19,
    firstDate: '2026-01-05',
    draftEvery: 4,
    psychotherapyText: (index) => `${PSYCH_CANARY} session ${index}`,
  });
  vault.closePsychotherapy();
  clientId = record.client.id;
});
afterAll(() => dispose());

function dispatcher(options: { cancel?: boolean } = {}) {
  files += 1;
  const path = join(dir, `access-${files}.pdf`);
  const names: string[] = [];
  const dispatch = createDispatcher(
    testServices(vault, {
      exports: createExportJobs({ loadFonts: () => fonts, now: () => new Date(time.ms) }),
      dialogs: {
        chooseSavePath: async (name) => {
          names.push(name);
          return options.cancel ? null : path;
        },
      },
    }),
  );
  return { dispatch, path, names };
}

async function ok<T>(reply: Promise<IpcResult<unknown>>): Promise<T> {
  const settled = await reply;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.data as T;
}

async function refused(reply: Promise<IpcResult<unknown>>): Promise<string> {
  const settled = await reply;
  if (settled.ok) throw new Error('expected a refusal');
  return settled.error.code;
}

const request = (extra: Partial<AccessRequestInput> = {}): AccessRequestInput => ({
  clientId,
  receivedOn: '2026-03-02',
  requestedBy: 'The client',
  requested: 'A copy of my whole record',
  form: 'electronic-copy',
  format: 'PDF',
  delivery: 'email',
  deliveryDetails: '',
  ...extra,
});

describe('access requests over IPC', () => {
  it('are recorded and audited by id and form only, with the due date computed in main', async () => {
    const { dispatch } = dispatcher();
    const created = await ok<AccessRequestView>(dispatch('accessRequests.create', { request: request() }));
    expect(created).toMatchObject({ status: 'open', dueOn: '2026-04-01', daysLeft: 22 });
    const entry = vault.audit.list().at(-1)!;
    expect(entry).toMatchObject({ event: 'accessRequest.recorded', detail: { accessRequestId: created.id, clientId, form: 'electronic-copy' } });
    expect(JSON.stringify(entry)).not.toContain('whole record');
    const listed = await ok<AccessRequestView[]>(dispatch('accessRequests.listForClient', { clientId }));
    expect(listed.map((row) => row.id)).toContain(created.id);
  });

  it('extend once with the reason; a second extension is refused and changes nothing', async () => {
    const { dispatch } = dispatcher();
    const created = await ok<AccessRequestView>(dispatch('accessRequests.create', { request: request() }));
    const extension = { extendedOn: '2026-03-10', reason: 'The paper chart is in storage' };
    const extended = await ok<AccessRequestView>(dispatch('accessRequests.extend', { id: created.id, extension }));
    expect(extended.dueOn).toBe('2026-05-01');
    expect(await refused(dispatch('accessRequests.extend', { id: created.id, extension: { ...extension, reason: 'Again' } }))).toBe('INVALID_INPUT');
    expect(vault.accessRequests.get(created.id).extension).toEqual(extension);
    expect(await refused(dispatch('accessRequests.extend', { id: created.id, extension: { extendedOn: '2026-03-10' } }))).toBe('INVALID_INPUT');
  });

  it('deny with a reason, after which the request cannot be fulfilled', async () => {
    const { dispatch, names } = dispatcher();
    const created = await ok<AccessRequestView>(dispatch('accessRequests.create', { request: request() }));
    const denied = await ok<AccessRequestView>(
      dispatch('accessRequests.deny', { id: created.id, denial: { deniedOn: '2026-03-09', reason: 'Requested information is not in the designated record set' } }),
    );
    expect(denied.status).toBe('denied');
    expect(vault.audit.list().at(-1)).toMatchObject({ event: 'accessRequest.denied', detail: { accessRequestId: created.id } });
    expect(await refused(dispatch('accessRequests.fulfil', { id: created.id }))).toBe('INVALID_INPUT');
    expect(names).toEqual([]);
  });

  it('fulfil as an export of the designated record set on the client-request basis: signed notes, diagnoses and plan, no psychotherapy note, no draft', async () => {
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const { dispatch, path, names } = dispatcher();
    const created = await ok<AccessRequestView>(dispatch('accessRequests.create', { request: request({ requestedBy: 'Rowan Access-Test' }) }));
    const outcome = await ok<AccessFulfilOutcome>(dispatch('accessRequests.fulfil', { id: created.id }));
    vault.closePsychotherapy();
    expect(outcome).toMatchObject({ saved: true, noteCount: 3, request: { status: 'fulfilled', fulfilment: { fulfilledOn: '2026-03-10', noteCount: 3 } } });
    expect(names).toEqual(['chart-AR-9-clinical-record-2026-03-10.pdf']);

    const bytes = readFileSync(path);
    const text = allText(await readPdf(bytes));
    expect(text).not.toContain(PSYCH_CANARY);
    expect(bytes.includes(PSYCH_CANARY)).toBe(false);
    expect(text).toContain("The client's own request for access to their record (45 CFR 164.524)");
    expect(text).not.toContain('DRAFT');

    const disclosure = vault.disclosures.log({ clientId })[0]!;
    expect(outcome.request.fulfilment?.disclosureId).toBe(disclosure.id);
    expect(disclosure).toMatchObject({ recipient: 'Rowan Access-Test', basis: { kind: 'client-request' }, noteCount: 3 });
    const [exported, fulfilled] = vault.audit.list().filter((entry) => entry.event.startsWith('export.') || entry.event === 'accessRequest.fulfilled').slice(-2);
    expect(fulfilled).toMatchObject({ event: 'accessRequest.fulfilled', detail: { accessRequestId: created.id, disclosureId: disclosure.id } });
    expect(exported).toMatchObject({ event: 'export.created', detail: { clientId, disclosureId: disclosure.id, basis: 'client-request' } });
    expect(await refused(dispatch('accessRequests.fulfil', { id: created.id }))).toBe('INVALID_INPUT');
  });

  it('leave the request open and record nothing when the save dialog is cancelled', async () => {
    const { dispatch } = dispatcher({ cancel: true });
    const created = await ok<AccessRequestView>(dispatch('accessRequests.create', { request: request() }));
    const before = vault.disclosures.log({}).length;
    const outcome = await ok<AccessFulfilOutcome>(dispatch('accessRequests.fulfil', { id: created.id }));
    expect(outcome).toMatchObject({ saved: false, request: { status: 'open' } });
    expect(vault.disclosures.log({})).toHaveLength(before);
  });

  it('refuse hostile input without echoing it', async () => {
    const { dispatch } = dispatcher();
    for (const payload of [{}, { request: { ...request(), clientId: 'nope' } }, { request: { ...request(), extra: 1 } }, { request: { ...request(), form: 'ZQXJ' } }]) {
      const reply = await dispatch('accessRequests.create', payload);
      expect(reply.ok).toBe(false);
      expect(JSON.stringify(reply)).not.toContain('ZQXJ');
    }
    expect(await refused(dispatch('accessRequests.fulfil', { id: 'f'.repeat(32) }))).toBe('NOT_FOUND');
  });
});
