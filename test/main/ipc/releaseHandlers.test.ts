import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportJobs } from '../../../main/export/exportJobs';
import { loadExportFonts } from '../../../main/export/exportFonts';
import type { Dispatch } from '../../../main/ipc/dispatch';
import { createDispatcher } from '../../../main/ipc/dispatch';
import type { Vault } from '../../../main/vault/vaultApi';
import type { AuthorizationInput } from '../../../shared/domain/authorizations';
import type { CourtOrder, CourtOrderInput, PsychotherapyReleaseRequest } from '../../../shared/domain/release';
import { testServices } from '../../helpers/ipcServices';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE, tempDir } from '../../helpers/tempVault';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { openVault } from '../../../main/vault/vault';
import { SAMPLE_PRACTICE, SIGNER } from '../export/fixtures';
import { allText, readPdf, squeezed } from '../export/pdfInspection';

const fonts = loadExportFonts();
let vault: Vault;
let dir: string;
let dispose: () => Promise<void>;
let files = 0;
let nextPath: string | null = null;
const dialogNames: string[] = [];
let dispatch: Dispatch;

interface Client {
  id: string;
  notes: { id: string; text: string }[];
  progressText: string;
}
let alex: Client;
let blair: Client;

function writeClient(name: string, chart: string, tag: string): Client {
  return vault.transaction(() => {
    const client = vault.clients.create({ name, chartNumber: chart });
    const notes: Client['notes'] = [];
    const progressText = `progresstext${tag} the client reported steadier sleep`;
    for (const [index, date] of ['2025-02-03', '2025-02-10', '2025-02-17'].entries()) {
      const session = vault.sessions.create({ clientId: client.id, date, startTime: '10:00', endTime: '10:50', modality: 'in-person' });
      const draft = vault.progressNotes.saveDraft({
        sessionId: session.id,
        templateId: 'DAP',
        fields: { data: `${progressText} ${index}`, assessment: 'steady', plan: 'weekly' },
      });
      vault.progressNotes.sign(draft.id, SIGNER);
      const text = `processnote${tag}${index} countertransference felt protective`;
      notes.push({ id: vault.psychotherapyNotes.create({ sessionId: session.id, text }).id, text });
    }
    return { id: client.id, notes, progressText };
  });
}

function authorization(clientId: string, overrides: Partial<AuthorizationInput> = {}): string {
  return vault.authorizations.create({
    clientId,
    kind: 'psychotherapy-notes',
    information: 'Psychotherapy notes of February 2025',
    discloser: 'Dr. Maya Lindqvist',
    recipient: 'Dr. Sam Ortiz, forensic evaluator',
    purpose: 'Custody evaluation',
    expiry: { kind: 'date', date: '2099-12-31' },
    signedOn: '2025-03-01',
    signedBy: { kind: 'client' },
    ...overrides,
  }).id;
}

function courtOrder(clientId: string, overrides: Partial<CourtOrderInput> = {}): CourtOrderInput {
  return {
    clientId,
    court: 'Superior Court of California, County of Marin',
    judge: 'Hon. Ada Brennan',
    caseNumber: 'FL-25-0042',
    signedOn: '2025-03-05',
    signedBy: 'judge',
    namesPsychotherapyNotes: true,
    ...overrides,
  };
}

function request(client: Client, basis: PsychotherapyReleaseRequest['basis'], overrides: Partial<PsychotherapyReleaseRequest> = {}): PsychotherapyReleaseRequest {
  return {
    clientId: client.id,
    noteIds: [client.notes[0]!.id, client.notes[2]!.id],
    basis,
    recipient: 'Dr. Sam Ortiz',
    purpose: 'Custody evaluation',
    passphrase: PSYCH_PASSPHRASE,
    ...overrides,
  };
}

function releasePath(): string {
  files += 1;
  nextPath = join(dir, `release-${files}.pdf`);
  return nextPath;
}

/** Refused: the code, and nothing on disk, in the disclosure log or in the audit log. */
async function expectRefused(call: PsychotherapyReleaseRequest, code: string, message?: RegExp) {
  const path = releasePath();
  const disclosures = vault.disclosures.listForClient(call.clientId).length;
  const audits = vault.audit.list().filter((entry) => entry.event === 'psychotherapy.released').length;
  const result = await dispatch('release.psychotherapyNotes', call);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  if (message) expect(result.error.message).toMatch(message);
  expect(existsSync(path)).toBe(false);
  expect(readdirSync(dir).filter((name) => name.includes('.partial'))).toEqual([]);
  expect(vault.disclosures.listForClient(call.clientId)).toHaveLength(disclosures);
  expect(vault.audit.list().filter((entry) => entry.event === 'psychotherapy.released')).toHaveLength(audits);
}

beforeAll(async () => {
  const made = await createdVault();
  ({ vault, dir, dispose } = made);
  vault.settings.save(SAMPLE_PRACTICE);
  await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  vault.setIdleTimeouts({ vaultMs: 60 * 60_000, psychotherapyMs: 60 * 60_000 });
  alex = writeClient('Alex Rivera', 'TV-0007', 'alex');
  blair = writeClient('Blair Chen', 'TV-0008', 'blair');
  dispatch = createDispatcher(
    testServices(vault, {
      exports: createExportJobs({ loadFonts: () => fonts }),
      dialogs: {
        chooseSavePath: async (name) => {
          dialogNames.push(name);
          return nextPath;
        },
      },
    }),
  );
});
afterAll(() => dispose());

describe('release.psychotherapyNotes', () => {
  it('saves a PDF of the chosen psychotherapy notes only, against an active psychotherapy-note authorization, logged and audited', async () => {
    const authorizationId = authorization(alex.id);
    const path = releasePath();
    const result = await dispatch('release.psychotherapyNotes', request(alex, { kind: 'authorization', authorizationId }));
    expect(result).toEqual({ ok: true, data: { saved: true, noteCount: 2, pageCount: expect.any(Number) } });
    expect(dialogNames.at(-1)).toMatch(/^chart-TV-0007-psychotherapy-notes-\d{4}-\d{2}-\d{2}\.pdf$/);

    const text = squeezed(allText(await readPdf(readFileSync(path))));
    expect(text).toContain(squeezed(alex.notes[0]!.text));
    expect(text).toContain(squeezed(alex.notes[2]!.text));
    expect(text).not.toContain(squeezed(alex.notes[1]!.text));
    expect(text).not.toContain('progresstext');
    expect(text).toContain(squeezed("The client's written authorization for psychotherapy notes"));

    const [disclosure] = vault.disclosures.listForClient(alex.id).slice(-1);
    expect(disclosure).toMatchObject({
      scope: { kind: 'psychotherapy-notes' },
      noteIds: [alex.notes[0]!.id, alex.notes[2]!.id],
      recipient: 'Dr. Sam Ortiz',
      basis: { kind: 'authorization', authorizationId, recipient: 'Dr. Sam Ortiz, forensic evaluator', signedBy: 'the client' },
    });
    const audit = vault.audit.list().filter((entry) => entry.event === 'psychotherapy.released').at(-1);
    expect(audit?.detail).toEqual({ basis: 'authorization', noteCount: 2, pageCount: expect.any(Number) });
    expect(JSON.stringify(audit)).not.toContain('Ortiz');
  });

  it('saves a release against a recorded court order signed by a judge that names psychotherapy notes', async () => {
    const reply = await dispatch('courtOrders.record', { order: courtOrder(alex.id) });
    if (!reply.ok) throw new Error(reply.error.message);
    const recorded = reply as { data: CourtOrder };
    expect(vault.audit.list().at(-1)).toMatchObject({ event: 'courtOrder.recorded', detail: { courtOrderId: recorded.data.id } });
    const path = releasePath();
    const result = await dispatch('release.psychotherapyNotes', request(alex, { kind: 'court-order', courtOrderId: recorded.data.id }, { noteIds: [alex.notes[1]!.id] }));
    expect(result.ok).toBe(true);
    const text = squeezed(allText(await readPdf(readFileSync(path))));
    expect(text).toContain(squeezed(alex.notes[1]!.text));
    expect(text).toContain(squeezed('signed by the judge, Hon. Ada Brennan, on 2025-03-05'));
    expect(vault.disclosures.listForClient(alex.id).at(-1)?.basis).toEqual({
      kind: 'court-order',
      courtOrderId: recorded.data.id,
      court: 'Superior Court of California, County of Marin',
      judge: 'Hon. Ada Brennan',
      caseNumber: 'FL-25-0042',
      signedOn: '2025-03-05',
    });
  });

  it('records nothing when the save dialog is cancelled', async () => {
    const authorizationId = authorization(alex.id);
    const before = vault.disclosures.listForClient(alex.id).length;
    nextPath = null;
    const result = await dispatch('release.psychotherapyNotes', request(alex, { kind: 'authorization', authorizationId }));
    expect(result).toEqual({ ok: true, data: { saved: false, noteCount: 2, pageCount: 0 } });
    expect(vault.disclosures.listForClient(alex.id)).toHaveLength(before);
  });
});

describe('release.psychotherapyNotes refuses', () => {
  it('an expired, a revoked and a not-yet-effective psychotherapy-note authorization', async () => {
    const expired = authorization(alex.id, { signedOn: '2024-01-02', expiry: { kind: 'date', date: '2024-06-30' } });
    await expectRefused(request(alex, { kind: 'authorization', authorizationId: expired }), 'INVALID_INPUT', /expired/);
    const revoked = authorization(alex.id);
    vault.authorizations.revoke(revoked, '2025-03-02');
    await expectRefused(request(alex, { kind: 'authorization', authorizationId: revoked }), 'INVALID_INPUT', /revoked/);
    const ended = authorization(alex.id, { expiry: { kind: 'event', event: 'End of the custody case' } });
    vault.authorizations.recordExpiryEvent(ended, '2025-03-03');
    await expectRefused(request(alex, { kind: 'authorization', authorizationId: ended }), 'INVALID_INPUT', /expired/);
  });

  it('an authorization for records (progress notes), however current', async () => {
    const records = authorization(alex.id, { kind: 'records', information: 'Progress notes of 2025' });
    await expectRefused(request(alex, { kind: 'authorization', authorizationId: records }), 'INVALID_INPUT', /psychotherapy-note kind/);
  });

  it("another client's authorization or court order", async () => {
    const theirs = authorization(blair.id);
    await expectRefused(request(alex, { kind: 'authorization', authorizationId: theirs }), 'INVALID_INPUT', /not this client's/);
    const order = vault.courtOrders.record(courtOrder(blair.id));
    await expectRefused(request(alex, { kind: 'court-order', courtOrderId: order.id }), 'INVALID_INPUT', /not this client's/);
  });

  it('to record a subpoena signed by an attorney or a clerk, or an order that does not name psychotherapy notes', async () => {
    const before = vault.courtOrders.listForClient(alex.id).length;
    for (const signedBy of ['attorney', 'clerk'] as const) {
      const result = await dispatch('courtOrders.record', { order: courtOrder(alex.id, { signedBy }) });
      expect(result.ok ? null : result.error).toEqual({ code: 'INVALID_INPUT', message: expect.stringMatching(/subpoena .* cannot; nothing was recorded/) });
    }
    const unnamed = await dispatch('courtOrders.record', { order: courtOrder(alex.id, { namesPsychotherapyNotes: false }) });
    expect(unnamed.ok ? null : unnamed.error.message).toMatch(/must name psychotherapy notes/);
    expect(vault.courtOrders.listForClient(alex.id)).toHaveLength(before);
  });

  it('a court order id that does not exist', async () => {
    await expectRefused(request(alex, { kind: 'court-order', courtOrderId: 'f'.repeat(32) }), 'NOT_FOUND');
  });

  it("a note of another client slipped in among this client's (a hostile payload), and a note named twice", async () => {
    const authorizationId = authorization(alex.id);
    const hostile = request(alex, { kind: 'authorization', authorizationId }, { noteIds: [alex.notes[0]!.id, blair.notes[1]!.id] });
    await expectRefused(hostile, 'INVALID_INPUT', /not this client's/);
    const onlyTheirs = request(alex, { kind: 'authorization', authorizationId }, { noteIds: blair.notes.map((note) => note.id) });
    await expectRefused(onlyTheirs, 'INVALID_INPUT', /not this client's/);
    const twice = request(alex, { kind: 'authorization', authorizationId }, { noteIds: [alex.notes[0]!.id, alex.notes[0]!.id] });
    await expectRefused(twice, 'INVALID_INPUT', /named twice/);
    const progressId = vault.progressNotes.listForClient(alex.id)[0]!.note.id;
    await expectRefused(request(alex, { kind: 'authorization', authorizationId }, { noteIds: [progressId] }), 'NOT_FOUND');
  });

  it('a request with no notes, or with fields the contract does not know', async () => {
    const authorizationId = authorization(alex.id);
    await expectRefused(request(alex, { kind: 'authorization', authorizationId }, { noteIds: [] }), 'INVALID_INPUT');
    const extra = { ...request(alex, { kind: 'authorization', authorizationId }), includeProgressNotes: true };
    await expectRefused(extra as PsychotherapyReleaseRequest, 'INVALID_INPUT');
  });

  it('the wrong passphrase, the vault passphrase when the compartment has its own, and counts each failure', async () => {
    const authorizationId = authorization(alex.id);
    await expectRefused(request(alex, { kind: 'authorization', authorizationId }, { passphrase: 'not the passphrase' }), 'WRONG_PASSPHRASE');
    await expectRefused(request(alex, { kind: 'authorization', authorizationId }, { passphrase: PASSPHRASE }), 'WRONG_PASSPHRASE');
    expect(vault.state()).toBe('open+psychotherapy');
    // A right passphrase resets the count, so these failures do not lock the therapist out.
    releasePath();
    expect((await dispatch('release.psychotherapyNotes', request(alex, { kind: 'authorization', authorizationId }))).ok).toBe(true);
  });

  it('while the psychotherapy compartment is closed, even with the right passphrase', async () => {
    const authorizationId = authorization(alex.id);
    vault.closePsychotherapy();
    try {
      await expectRefused(request(alex, { kind: 'authorization', authorizationId }), 'PSYCHOTHERAPY_LOCKED');
    } finally {
      await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    }
  });
});

describe('a vault whose psychotherapy notes share the vault passphrase', () => {
  it('confirms the release with the vault passphrase, checked against the psychotherapy slot with the real KDF', async () => {
    const { dir: singleDir, cleanup } = tempDir();
    const single = await openVault(join(singleDir, 'vault.sqlite'), { kdf: DEFAULT_KDF_PARAMS });
    try {
      await single.create({ passphrase: PASSPHRASE });
      await single.openPsychotherapy(PASSPHRASE);
      const client = single.clients.create({ name: 'Casey Morgan' });
      const session = single.sessions.create({ clientId: client.id, date: '2025-02-03', startTime: '09:00', endTime: '09:50', modality: 'video' });
      const note = single.psychotherapyNotes.create({ sessionId: session.id, text: 'processnotecasey felt stuck' });
      const authorizationId = single.authorizations.create({
        clientId: client.id,
        kind: 'psychotherapy-notes',
        information: 'Psychotherapy notes of February 2025',
        discloser: 'The therapist',
        recipient: 'Dr. Sam Ortiz',
        purpose: 'Second opinion',
        expiry: { kind: 'date', date: '2099-12-31' },
        signedOn: '2025-03-01',
        signedBy: { kind: 'client' },
      }).id;
      const path = join(singleDir, 'release.pdf');
      const singleDispatch = createDispatcher(
        testServices(single, { exports: createExportJobs({ loadFonts: () => fonts }), dialogs: { chooseSavePath: async () => path } }),
      );
      const call = {
        clientId: client.id,
        noteIds: [note.id],
        basis: { kind: 'authorization', authorizationId } as const,
        recipient: 'Dr. Sam Ortiz',
        purpose: 'Second opinion',
      };
      const wrong = await singleDispatch('release.psychotherapyNotes', { ...call, passphrase: PSYCH_PASSPHRASE });
      expect(wrong.ok ? null : wrong.error.code).toBe('WRONG_PASSPHRASE');
      expect(existsSync(path)).toBe(false);
      const right = await singleDispatch('release.psychotherapyNotes', { ...call, passphrase: PASSPHRASE });
      expect(right.ok).toBe(true);
      expect(squeezed(allText(await readPdf(readFileSync(path))))).toContain('processnotecasey');
    } finally {
      await single.close();
      cleanup();
    }
  });
});
