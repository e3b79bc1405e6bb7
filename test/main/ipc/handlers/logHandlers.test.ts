import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExportFonts } from '../../../../main/export/exportFonts';
import { createExportJobs } from '../../../../main/export/exportJobs';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import type { DisclosureInput } from '../../../../main/vault/disclosures';
import type { Vault } from '../../../../main/vault/vaultApi';
import type { AuditLogView } from '../../../../shared/domain/auditLog';
import type { Accounting, DisclosureLogEntry } from '../../../../shared/domain/disclosureLog';
import type { IpcResult } from '../../../../shared/ipc/result';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault } from '../../../helpers/tempVault';
import { SAMPLE_PRACTICE } from '../../export/fixtures';
import { allText, readPdf } from '../../export/pdfInspection';

const fonts = loadExportFonts();
const time = { ms: 0, now: () => time.ms };
const at = (date: string) => (time.ms = new Date(`${date}T12:00:00`).getTime());
let vault: Vault;
let dir: string;
let dispose: () => Promise<void>;
let clientId: string;
let otherClientId: string;
let dispatch: ReturnType<typeof createDispatcher>;
const savedPath = () => join(dir, 'accounting.pdf');
const names: string[] = [];

const disclosure = (basis: DisclosureInput['basis'], recipient: string, forClient = clientId): DisclosureInput => ({
  clientId: forClient,
  recipient,
  purpose: `Purpose for ${recipient}`,
  basis,
  scope: { kind: 'record' },
  noteIds: ['a'.repeat(32), 'b'.repeat(32)],
  draftCount: 0,
  pageCount: 3,
  passwordProtected: false,
});

const ORDER = { kind: 'Court order', issuedBy: 'Superior Court of Alameda County', reference: 'FL-2031', date: '2024-05-01' };

beforeAll(async () => {
  at('2019-01-01');
  const made = await createdVault({ clock: time });
  ({ vault, dir, dispose } = made);
  vault.settings.save(SAMPLE_PRACTICE);
  clientId = vault.clients.create({ name: 'Casey Accounting', chartNumber: 'AC-1', dateOfBirth: '1990-04-02' }).id;
  otherClientId = vault.clients.create({ name: 'Other Person' }).id;
  at('2020-03-01');
  vault.disclosures.record(disclosure({ kind: 'required-by-law', order: ORDER }, 'Too old: County Court 2020'));
  at('2020-03-11');
  vault.disclosures.record(disclosure({ kind: 'serious-threat', explanation: 'Stated a specific plan' }, 'First day in range: Police'));
  at('2024-05-10');
  vault.disclosures.record(disclosure({ kind: 'required-by-law', order: ORDER }, 'Superior Court clerk'));
  vault.disclosures.record(disclosure({ kind: 'client-request' }, 'Casey Accounting'));
  vault.disclosures.record(disclosure({ kind: 'treatment-payment-operations', use: 'payment' }, 'Bayview Health Plan'));
  vault.disclosures.record(
    disclosure(
      { kind: 'authorization', authorizationId: 'c'.repeat(32), signedOn: '2024-05-01', signedBy: 'the client', expires: 'on 2025-01-01', recipient: 'Dr. Primary', purpose: 'Care' },
      'Dr. Primary',
    ),
  );
  vault.disclosures.record(disclosure({ kind: 'required-by-law', order: ORDER }, 'Other client court', otherClientId));
  at('2026-03-10');
  dispatch = createDispatcher(
    testServices(vault, {
      exports: createExportJobs({ loadFonts: () => fonts, now: () => new Date(time.ms) }),
      dialogs: {
        chooseSavePath: async (name) => {
          names.push(name);
          return savedPath();
        },
      },
    }),
  );
});
afterAll(() => dispose());

async function ok<T>(reply: Promise<IpcResult<unknown>>): Promise<T> {
  const settled = await reply;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.data as T;
}

describe('the disclosure log over IPC', () => {
  it("lists one client's disclosures or everyone's, newest first, with a description and no note ids", async () => {
    const mine = await ok<DisclosureLogEntry[]>(dispatch('disclosures.log', { clientId }));
    expect(mine).toHaveLength(6);
    expect(mine.at(-1)!.recipient).toBe('Too old: County Court 2020');
    expect(mine.find((entry) => entry.recipient === 'Dr. Primary')).toMatchObject({ noteCount: 2, description: 'Progress notes, diagnoses and treatment plan: the whole record (2 notes)' });
    expect(JSON.stringify(mine)).not.toContain('a'.repeat(32));
    expect(await ok<DisclosureLogEntry[]>(dispatch('disclosures.log', {}))).toHaveLength(7);
  });

  it('filters by local date range and by basis', async () => {
    const in2020 = await ok<DisclosureLogEntry[]>(dispatch('disclosures.log', { from: '2020-01-01', to: '2020-12-31' }));
    expect(in2020.map((entry) => entry.recipient)).toEqual(['First day in range: Police', 'Too old: County Court 2020']);
    const byLaw = await ok<DisclosureLogEntry[]>(dispatch('disclosures.log', { clientId, basisKinds: ['required-by-law'] }));
    expect(byLaw.map((entry) => entry.recipient)).toEqual(['Superior Court clerk', 'Too old: County Court 2020']);
    const reply = await dispatch('disclosures.log', { basisKinds: ['ZQXJ'] });
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply)).not.toContain('ZQXJ');
  });
});

describe('the accounting of disclosures', () => {
  it('covers six years back to the day, leaving out disclosures to the client, for treatment, payment or operations, and under authorization', async () => {
    const accounting = await ok<Accounting>(dispatch('accounting.forClient', { clientId }));
    expect(accounting).toMatchObject({ requestedOn: '2026-03-10', periodStart: '2020-03-10' });
    expect(accounting.entries.map((entry) => [entry.disclosedOn, entry.recipient])).toEqual([
      ['2020-03-11', 'First day in range: Police'],
      ['2024-05-10', 'Superior Court clerk'],
    ]);
    expect(accounting.entries[1]).toMatchObject({
      purpose: 'Purpose for Superior Court clerk',
      basis: 'Required by law: Court order, Superior Court of Alameda County, FL-2031, dated 2024-05-01',
    });
    expect(accounting.excluded.map((kind) => kind.count)).toEqual([1, 1, 1]);
    const listed = JSON.stringify(accounting.entries);
    for (const left of ['Casey Accounting', 'Bayview Health Plan', 'Dr. Primary', 'Too old', 'Other client court']) expect(listed).not.toContain(left);
  });

  it('saves as a PDF with every listed disclosure and none of the excluded, audited without a disclosure record', async () => {
    const before = vault.disclosures.log({}).length;
    const saved = await ok<{ saved: boolean; pageCount: number }>(dispatch('accounting.exportPdf', { clientId }));
    expect(saved).toEqual({ saved: true, pageCount: 1 });
    expect(names.at(-1)).toBe('chart-AC-1-accounting-of-disclosures-2026-03-10.pdf');
    const contents = await readPdf(readFileSync(savedPath()));
    const text = allText(contents);
    for (const shown of ['Accounting of disclosures', 'Casey Accounting', '2020-03-10 to 2026-03-10', 'First day in range: Police', 'Superior Court clerk', 'Stated a specific plan']) {
      expect(text).toContain(shown);
    }
    for (const left of ['Bayview Health Plan', 'Dr. Primary', 'Too old', 'Other client court']) expect(text).not.toContain(left);
    expect(JSON.stringify(contents.info)).not.toContain('Casey');
    expect(vault.disclosures.log({})).toHaveLength(before);
    expect(vault.audit.list().at(-1)).toMatchObject({ event: 'accounting.created', detail: { clientId, entryCount: 2, pageCount: 1 } });
  });
});

describe('the audit log over IPC', () => {
  it('answers with the verification and entries holding no client content', async () => {
    const log = await ok<AuditLogView>(dispatch('audit.log', { events: ['accounting.created'] }));
    expect(log.verification).toMatchObject({ intact: true });
    expect(log.entries).toHaveLength(1);
    expect(JSON.stringify(log)).not.toContain('Casey');
    const mine = await ok<AuditLogView>(dispatch('audit.log', { clientId }));
    expect(mine.entries.map((entry) => entry.event)).toEqual(['accounting.created']);
  });
});
