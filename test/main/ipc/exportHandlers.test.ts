import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExportFonts } from '../../../main/export/exportFonts';
import type { Dispatch } from '../../../main/ipc/dispatch';
import { createExportJobs } from '../../../main/export/exportJobs';
import { createDispatcher } from '../../../main/ipc/dispatch';
import type { Vault } from '../../../main/vault/vaultApi';
import type { ExportOutcome, ExportRequest } from '../../../shared/domain/export';
import type { EventPayloads } from '../../../shared/ipc/events';
import type { IpcResult } from '../../../shared/ipc/result';
import { testServices } from '../../helpers/ipcServices';
import { createdVault, PASSPHRASE } from '../../helpers/tempVault';
import { SAMPLE_PRACTICE, writeRecord } from '../export/fixtures';
import { allText, readPdf } from '../export/pdfInspection';

type Progress = EventPayloads['export.progress'];

let vault: Vault;
let dir: string;
let dispose: () => Promise<void>;
const fonts = loadExportFonts();

beforeAll(async () => {
  const made = await createdVault();
  vault = made.vault;
  dir = made.dir;
  dispose = made.dispose;
  vault.settings.save(SAMPLE_PRACTICE);
});
afterAll(() => dispose());

interface Harness {
  dispatch: Dispatch;
  dialogNames: string[];
  progress: Progress[];
}

let fileCount = 0;

/** A dispatcher with every handler; the "dialog" answers with a fresh temp path, or null to cancel. */
function harness(options: { cancelDialog?: boolean; onProgress?: (event: Progress, dispatch: Dispatch) => void } = {}): Harness & { path: string } {
  fileCount += 1;
  const path = join(dir, `export-${fileCount}.pdf`);
  const dialogNames: string[] = [];
  const progress: Progress[] = [];
  const services = testServices(vault, {
    exports: createExportJobs({ loadFonts: () => fonts }),
    dialogs: {
      chooseSavePath: async (defaultFileName) => {
        dialogNames.push(defaultFileName);
        return options.cancelDialog ? null : path;
      },
    },
    push: (event, payload) => {
      if (event !== 'export.progress') return;
      progress.push(payload as Progress);
      options.onProgress?.(payload as Progress, dispatch);
    },
  });
  const dispatch = createDispatcher(services);
  return { dispatch, dialogNames, progress, path };
}

function request(scope: ExportRequest['scope'], extra: Partial<ExportRequest> = {}): ExportRequest {
  return {
    scope,
    basis: { kind: 'treatment-payment-operations', use: 'payment' },
    includeDrafts: false,
    recipient: 'Bayview Health Plan',
    purpose: 'Utilization review',
    ...extra,
  };
}

async function exported(result: Promise<IpcResult<unknown>>): Promise<ExportOutcome> {
  const settled = await result;
  if (!settled.ok) throw new Error(`export failed: ${settled.error.code}`);
  return settled.data as ExportOutcome;
}

const exportAudits = () => vault.audit.list().filter((entry) => entry.event === 'export.created');

describe('export.progressNotes', () => {
  it('saves the PDF where the dialog says and logs the disclosure and an audit entry of counts only', async () => {
    const { client, entries } = writeRecord(vault, { client: { name: 'Zoë Ørsted-Núñez', chartNumber: 'TV-1' }, notes: 3, seed: 1, firstDate: '2026-01-05' });
    const run = harness();
    const audits = exportAudits().length;
    const outcome = await exported(run.dispatch('export.progressNotes', request({ kind: 'record', clientId: client.id })));

    expect(outcome).toMatchObject({ saved: true, noteCount: 3 });
    expect(outcome.exportId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.dialogNames).toEqual([expect.stringMatching(/^chart-TV-1-clinical-record-\d{4}-\d{2}-\d{2}\.pdf$/)]);
    const bytes = readFileSync(run.path);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const contents = await readPdf(bytes);
    expect(contents.pages).toHaveLength(outcome.pageCount);
    expect(allText(contents)).toContain('Zoë Ørsted-Núñez');

    const [disclosure, ...others] = vault.disclosures.listForClient(client.id);
    expect(others).toEqual([]);
    expect(disclosure).toMatchObject({
      clientId: client.id,
      recipient: 'Bayview Health Plan',
      purpose: 'Utilization review',
      scope: { kind: 'record' },
      noteIds: entries.map((entry) => entry.note.id),
      draftCount: 0,
      pageCount: outcome.pageCount,
      passwordProtected: false,
    });
    expect(Date.parse(disclosure!.disclosedAt)).not.toBeNaN();

    const added = exportAudits().slice(audits);
    expect(added).toHaveLength(1);
    expect(added[0]!.detail).toEqual({
      clientId: client.id,
      disclosureId: disclosure!.id,
      scope: 'record',
      basis: 'treatment-payment-operations',
      noteCount: 3,
      draftCount: 0,
      pageCount: outcome.pageCount,
    });
  });

  it('records a range with its dates and a password-protected file as such', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Range Client' }, notes: 4, seed: 2, firstDate: '2026-01-05' });
    const run = harness();
    const outcome = await exported(
      run.dispatch(
        'export.progressNotes',
        request({ kind: 'range', clientId: client.id, from: '2026-01-10', to: '2026-01-20' }, { pdfPassword: 'only for the insurer' }),
      ),
    );
    expect(outcome).toMatchObject({ saved: true, noteCount: 2 });
    await expect(readPdf(readFileSync(run.path))).rejects.toMatchObject({ name: 'PasswordException' });
    expect((await readPdf(readFileSync(run.path), 'only for the insurer')).pages).toHaveLength(outcome.pageCount);
    expect(vault.disclosures.listForClient(client.id)[0]).toMatchObject({
      scope: { kind: 'range', from: '2026-01-10', to: '2026-01-20' },
      passwordProtected: true,
    });
  });

  it('writes nothing and logs nothing when the therapist cancels the save dialog', async () => {
    const { entries, client } = writeRecord(vault, { client: { name: 'Dialog Cancel' }, notes: 1, seed: 3, firstDate: '2026-01-05' });
    const run = harness({ cancelDialog: true });
    const audits = exportAudits().length;
    const outcome = await exported(run.dispatch('export.progressNotes', request({ kind: 'note', noteId: entries[0]!.note.id })));
    expect(outcome).toMatchObject({ saved: false, noteCount: 1, pageCount: 0 });
    expect(run.dialogNames).toEqual([`client-${client.id.slice(0, 8)}-progress-note-${entries[0]!.session.date}.pdf`]);
    expect(existsSync(run.path)).toBe(false);
    expect(vault.disclosures.listForClient(client.id)).toEqual([]);
    expect(exportAudits()).toHaveLength(audits);
    expect(run.progress).toEqual([]);
  });

  it('reports progress under one export id, from 0 to the note count', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Progress Client' }, notes: 4, seed: 4, firstDate: '2026-01-05' });
    const run = harness();
    const outcome = await exported(run.dispatch('export.progressNotes', request({ kind: 'record', clientId: client.id })));
    expect(run.progress).toEqual([0, 1, 2, 3, 4].map((done) => ({ exportId: outcome.exportId, done, total: 4 })));
  });

  it('stops on export.cancel with no file and no disclosure', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Cancel Client' }, notes: 5, seed: 5, firstDate: '2026-01-05' });
    const cancels: Promise<IpcResult<unknown>>[] = [];
    const run = harness({
      onProgress: (event, dispatch) => {
        if (event.done === 1) cancels.push(dispatch('export.cancel', { exportId: event.exportId }));
      },
    });
    const audits = exportAudits().length;
    const outcome = await exported(run.dispatch('export.progressNotes', request({ kind: 'record', clientId: client.id })));
    expect(await Promise.all(cancels)).toEqual([{ ok: true, data: null }]);
    expect(outcome).toMatchObject({ saved: false, noteCount: 5 });
    expect(run.progress.at(-1)!.done).toBeLessThan(5);
    expect(existsSync(run.path)).toBe(false);
    expect(vault.disclosures.listForClient(client.id)).toEqual([]);
    expect(exportAudits()).toHaveLength(audits);
  });

  it('treats a cancel for an unknown or finished export as a no-op', async () => {
    const run = harness();
    expect(await run.dispatch('export.cancel', { exportId: 'a'.repeat(32) })).toEqual({ ok: true, data: null });
  });

  it('refuses a path from the renderer, and any field the contract does not list', async () => {
    const { entries } = writeRecord(vault, { client: { name: 'Path Client' }, notes: 1, seed: 6, firstDate: '2026-01-05' });
    const run = harness();
    const result = await run.dispatch('export.progressNotes', {
      ...request({ kind: 'note', noteId: entries[0]!.note.id }),
      path: join(dir, 'chosen-by-renderer.pdf'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(run.dialogNames).toEqual([]);
    expect(existsSync(join(dir, 'chosen-by-renderer.pdf'))).toBe(false);
  });

  it('refuses a draft note without includeDrafts before asking where to save', async () => {
    const { entries } = writeRecord(vault, { client: { name: 'Draft Client' }, notes: 1, seed: 7, firstDate: '2026-01-05', draftEvery: 1 });
    const run = harness();
    const result = await run.dispatch('export.progressNotes', request({ kind: 'note', noteId: entries[0]!.note.id }));
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(run.dialogNames).toEqual([]);
    const withDrafts = await exported(
      run.dispatch('export.progressNotes', request({ kind: 'note', noteId: entries[0]!.note.id }, { includeDrafts: true })),
    );
    expect(withDrafts).toMatchObject({ saved: true, noteCount: 1 });
    expect(allText(await readPdf(readFileSync(run.path)))).toContain('DRAFT: NOT SIGNED');
  });

  it('refuses an export with no notes before asking where to save, and logs nothing', async () => {
    const client = vault.clients.create({ name: 'Empty Record', chartNumber: 'EMPTY-1' });
    const disclosuresBefore = vault.disclosures.listForClient(client.id).length;
    const auditsBefore = exportAudits().length;
    const run = harness();
    const result = await run.dispatch('export.progressNotes', request({ kind: 'record', clientId: client.id }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('This record has no progress notes to export') },
    });
    expect(JSON.stringify(result)).not.toContain('Empty Record');
    expect(run.dialogNames).toEqual([]);
    expect(existsSync(run.path)).toBe(false);
    expect(vault.disclosures.listForClient(client.id)).toHaveLength(disclosuresBefore);
    expect(exportAudits()).toHaveLength(auditsBefore);
  });

  it('abandons the export with LOCKED when the vault locks mid-way, leaving no file', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Lock Client' }, notes: 4, seed: 8, firstDate: '2026-01-05' });
    const locks: Promise<void>[] = [];
    const run = harness({
      onProgress: (event) => {
        if (event.done === 1) locks.push(vault.lock('manual'));
      },
    });
    const result = await run.dispatch('export.progressNotes', request({ kind: 'record', clientId: client.id }));
    await Promise.all(locks);
    expect(result).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(existsSync(run.path)).toBe(false);
    await vault.unlock(PASSPHRASE);
    expect(vault.disclosures.listForClient(client.id)).toEqual([]);
  });

  it('is refused while the vault is locked', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Locked Client' }, notes: 1, seed: 9, firstDate: '2026-01-05' });
    await vault.lock('manual');
    try {
      const run = harness();
      const result = await run.dispatch('export.progressNotes', request({ kind: 'record', clientId: client.id }));
      expect(result).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(run.dialogNames).toEqual([]);
    } finally {
      await vault.unlock(PASSPHRASE);
    }
  });
});

describe('the basis an export names', () => {
  const authorizationInput = (clientId: string, extra: Record<string, unknown> = {}) => ({
    clientId,
    kind: 'records' as const,
    information: 'Progress notes of 2026',
    discloser: 'Dr. Maya Lindqvist',
    recipient: 'Dr. Lee, primary care',
    purpose: 'Coordination of care',
    expiry: { kind: 'date' as const, date: '2099-12-31' },
    signedOn: '2026-01-02',
    signedBy: { kind: 'client' as const },
    ...extra,
  });

  async function recorded(dispatch: Dispatch, input: ReturnType<typeof authorizationInput>) {
    const result = await dispatch('authorizations.create', { authorization: input });
    if (!result.ok) throw new Error(`authorization refused: ${result.error.code}`);
    return result.data as { id: string };
  }

  it('exports against an active authorization: printed on the release page, kept in the disclosure, audited by kind', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Basis Client', chartNumber: 'B-1' }, notes: 2, seed: 31, firstDate: '2026-01-05' });
    const run = harness();
    const authorization = await recorded(run.dispatch, authorizationInput(client.id));
    const basis = { kind: 'authorization', authorizationId: authorization.id } as const;
    const outcome = await exported(run.dispatch('export.progressNotes', request({ kind: 'record', clientId: client.id }, { basis })));
    expect(outcome.saved).toBe(true);
    const text = allText(await readPdf(readFileSync(run.path)));
    expect(text).toContain("The client's written authorization (45 CFR 164.508)");
    expect(text).toContain('Signed 2026-01-02 by the client; expires on 2099-12-31');
    expect(vault.disclosures.listForClient(client.id)[0]!.basis).toEqual({
      kind: 'authorization',
      authorizationId: authorization.id,
      signedOn: '2026-01-02',
      signedBy: 'the client',
      expires: 'on 2099-12-31',
      recipient: 'Dr. Lee, primary care',
      purpose: 'Coordination of care',
    });
    expect(exportAudits().at(-1)!.detail).toMatchObject({ basis: 'authorization' });
    const audited = vault.audit.list().filter((entry) => entry.event === 'authorization.recorded');
    expect(audited.at(-1)!.detail).toEqual({ authorizationId: authorization.id, kind: 'records' });
  });

  it('refuses an expired, a revoked, a psychotherapy-note and another client\'s authorization, before the dialog, logging nothing', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Refused Basis' }, notes: 1, seed: 32, firstDate: '2026-01-05' });
    const other = vault.clients.create({ name: 'Someone Else' });
    const run = harness();
    const expired = await recorded(run.dispatch, authorizationInput(client.id, { expiry: { kind: 'date', date: '2026-01-03' } }));
    const revoked = await recorded(run.dispatch, authorizationInput(client.id));
    expect(await run.dispatch('authorizations.revoke', { id: revoked.id, revokedOn: '2026-01-04' })).toMatchObject({ ok: true });
    const psychotherapy = await recorded(
      run.dispatch,
      authorizationInput(client.id, { kind: 'psychotherapy-notes', information: 'Psychotherapy notes of January 2026' }),
    );
    const foreign = await recorded(run.dispatch, authorizationInput(other.id));
    const audits = exportAudits().length;
    const cases: [string, RegExp][] = [
      [expired.id, /expired and cannot be used/],
      [revoked.id, /revoked and cannot be used/],
      [psychotherapy.id, /psychotherapy notes only, never progress notes/],
      [foreign.id, /not this client's/],
      ['0'.repeat(32), /not found/i],
    ];
    for (const [authorizationId, message] of cases) {
      const basis = { kind: 'authorization', authorizationId } as const;
      for (const scope of [{ kind: 'record', clientId: client.id }, { kind: 'range', clientId: client.id, from: '2026-01-01', to: '2026-12-31' }] as const) {
        const result = await run.dispatch('export.progressNotes', request(scope, { basis }));
        expect(result, authorizationId).toMatchObject({ ok: false, error: { message: expect.stringMatching(message) } });
        expect(JSON.stringify(result)).not.toMatch(/Refused Basis|Someone Else/);
      }
    }
    expect(run.dialogNames).toEqual([]);
    expect(existsSync(run.path)).toBe(false);
    expect(vault.disclosures.listForClient(client.id)).toEqual([]);
    expect(exportAudits()).toHaveLength(audits);
  });

  it('refuses a request without a basis, with an unknown basis kind, or a required-by-law basis without the order details', async () => {
    const { client } = writeRecord(vault, { client: { name: 'No Basis' }, notes: 1, seed: 33, firstDate: '2026-01-05' });
    const run = harness();
    const { basis: _basis, ...withoutBasis } = request({ kind: 'record', clientId: client.id });
    const hostile: unknown[] = [
      withoutBasis,
      { ...withoutBasis, basis: { kind: 'because-i-said-so' } },
      { ...withoutBasis, basis: { kind: 'required-by-law' } },
      { ...withoutBasis, basis: { kind: 'required-by-law', order: { kind: 'Subpoena', issuedBy: '', reference: 'X', date: '2026-01-01' } } },
      { ...withoutBasis, basis: { kind: 'serious-threat', explanation: '  ' } },
      { ...withoutBasis, basis: { kind: 'authorization', authorizationId: 'not-an-id' } },
      { ...withoutBasis, basis: { kind: 'client-request', authorizationId: '0'.repeat(32) } },
    ];
    for (const payload of hostile) {
      const result = await run.dispatch('export.progressNotes', payload as ExportRequest);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(run.dialogNames).toEqual([]);
    expect(vault.disclosures.listForClient(client.id)).toEqual([]);
  });

  it('prints a basis that needs no authorization, with the order details the therapist gave', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Court Order' }, notes: 1, seed: 34, firstDate: '2026-01-05' });
    const run = harness();
    const order = { kind: 'Court order signed by a judge', issuedBy: 'Superior Court of California, County of San Mateo', reference: 'Case 26-FL-0042', date: '2026-02-01' };
    await exported(run.dispatch('export.progressNotes', request({ kind: 'record', clientId: client.id }, { basis: { kind: 'required-by-law', order } })));
    const text = allText(await readPdf(readFileSync(run.path)));
    expect(text).toContain('Required by law (45 CFR 164.512)');
    expect(text.replace(/\s+/g, ' ')).toContain('Court order signed by a judge, Superior Court of California, County of San Mateo, Case 26-FL-0042, dated 2026-02-01');
    expect(vault.disclosures.listForClient(client.id)[0]!.basis).toEqual({ kind: 'required-by-law', order });
  });
});
