import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFonts } from '../../../main/export/exportFonts';
import { loadExportFonts } from '../../../main/export/exportFonts';
import type { ExportPlan } from '../../../main/export/exportScope';
import { resolveExport } from '../../../main/export/exportScope';
import type { RenderOptions } from '../../../main/export/progressPdf';
import { renderProgressPdf } from '../../../main/export/progressPdf';
import { progressSourceOf } from '../../../main/ipc/handlers/exportHandlers';
import type { Vault } from '../../../main/vault/vaultApi';
import type { ExportScope } from '../../../shared/domain/export';
import { TEMPLATES } from '../../../shared/templates';
import { createdVault } from '../../helpers/tempVault';
import { SAMPLE_PRACTICE, SIGNER, writeRecord } from './fixtures';
import { allText, bodyText, flattened, rawBytesContain, readPdf, squeezed } from './pdfInspection';

let vault: Vault;
let dispose: () => Promise<void>;
let fonts: ExportFonts;

beforeAll(async () => {
  const made = await createdVault();
  vault = made.vault;
  dispose = made.dispose;
  vault.settings.save(SAMPLE_PRACTICE);
  fonts = loadExportFonts();
});
afterAll(() => dispose());

const release = {
  recipient: 'Bayview Health Plan',
  purpose: 'Utilization review',
  basis: { kind: 'treatment-payment-operations', use: 'payment' } as const,
  preparedAt: new Date('2026-03-02T18:00:00Z'),
};

function plan(scope: ExportScope, includeDrafts = false, includeTreatmentPlan = false): ExportPlan {
  return resolveExport(progressSourceOf(vault), scope, includeDrafts, includeTreatmentPlan);
}

async function render(scope: ExportScope, options: Partial<RenderOptions> = {}, includeDrafts = false, includeTreatmentPlan = false) {
  const rendered = await renderProgressPdf(plan(scope, includeDrafts, includeTreatmentPlan), { fonts, release, ...options });
  if (!rendered) throw new Error('render was cancelled');
  return rendered;
}

describe('Unicode through text extraction', () => {
  it('prints Latin-diacritic and CJK names and note text exactly as typed', async () => {
    const client = vault.clients.create({ name: 'Zoë Ørsted-Núñez', dateOfBirth: '1990-04-02', chartNumber: 'TV-7' });
    const session = vault.sessions.create({ clientId: client.id, date: '2026-02-03', startTime: '09:00', endTime: '09:50', modality: 'video' });
    const draft = vault.progressNotes.saveDraft({
      sessionId: session.id,
      templateId: 'NARRATIVE',
      fields: { narrative: 'Interpreter 李小龍 joined. Zoë Ørsted-Núñez reported sleeping better; Ελένη and Дмитрий were mentioned.' },
    });
    vault.progressNotes.sign(draft.id, SIGNER);
    const rendered = await render({ kind: 'note', noteId: draft.id });
    const text = allText(await readPdf(rendered.bytes));
    expect(text).toContain('Zoë Ørsted-Núñez');
    expect(text).toContain('Interpreter 李小龍 joined.');
    expect(text).toContain('Ελένη and Дмитрий');
    expect(flattened(text)).toContain('Zoë Ørsted-Núñez · DOB 1990-04-02 · Chart TV-7');
  });

  it('embeds its fonts and uses none of the unembedded standard fonts', async () => {
    const { client } = writeRecord(vault, { client: { name: '李小龍' }, notes: 1, seed: 3, firstDate: '2026-01-05' });
    const rendered = await render({ kind: 'record', clientId: client.id }, { compress: false });
    const raw = Buffer.from(rendered.bytes).toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toContain('/FontFile3');
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    expect(allText(await readPdf(rendered.bytes))).toContain('Name 李小龍');
  });
});

describe('a 100-note record', () => {
  it('paginates with "Page n of m" on every page and every session date in the text', async () => {
    const { client, entries } = writeRecord(vault, {
      client: { name: 'Amara Okafor', dateOfBirth: '1984-11-30', chartNumber: 'TV-100' },
      notes: 100,
      seed: 100,
      firstDate: '2024-01-02',
      addendumEvery: 10,
    });
    const rendered = await render({ kind: 'record', clientId: client.id });
    const contents = await readPdf(rendered.bytes);
    expect(contents.pages.length).toBe(rendered.pageCount);
    expect(rendered.pageCount).toBeGreaterThan(1);
    contents.pages.forEach((page, index) => {
      expect(page.all).toContain(`Page ${index + 1} of ${rendered.pageCount}`);
      expect(flattened(page.all)).toContain('Amara Okafor · DOB 1984-11-30 · Chart TV-100');
      expect(page.all).toContain('CONFIDENTIAL');
    });
    const text = bodyText(contents);
    for (const { session } of entries) expect(text).toContain(`Session ${session.date}, 10:00–10:50`);
    const body = squeezed(text);
    for (const { note } of entries) {
      for (const field of TEMPLATES[note.templateId].fields) {
        const value = note.fields[field.id]!.trim();
        if (value) expect(body).toContain(squeezed(value));
      }
      for (const addendum of note.addenda) expect(body).toContain(squeezed(addendum.text));
    }
  });
});

describe('layout', () => {
  it('prints the practice header, release details, section labels, signature and addenda', async () => {
    const { client, entries } = writeRecord(vault, {
      client: { name: 'Noor Haddad' },
      notes: 2,
      seed: 7,
      firstDate: '2026-01-12',
      addendumEvery: 1,
      templates: ['SOAP'],
    });
    const rendered = await render({ kind: 'range', clientId: client.id, from: '2026-01-01', to: '2026-01-31' });
    const text = allText(await readPdf(rendered.bytes));
    for (const line of ['Harbor Street Psychology', 'Dr. Maya Lindqvist, PsyD, Licensed Psychologist', 'License: PSY 48213 (California)']) {
      expect(text).toContain(line);
    }
    expect(flattened(text)).toContain('NPI 1234567893 · Tax ID 94-1234567');
    expect(text).toContain('Progress notes');
    expect(flattened(text)).toContain('Sessions from 2026-01-01 to 2026-01-31: signed progress notes with their addenda.');
    expect(text).toContain('Bayview Health Plan');
    expect(text).toContain('Utilization review');
    for (const label of ['Subjective', 'Objective', 'Assessment', 'Plan']) expect(text).toContain(`${label}\n`);
    expect(flattened(text).match(/Electronically signed by Dr\. Maya Lindqvist, PsyD, Licensed Psychologist on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g)).toHaveLength(entries.length);
    expect(text.match(/Addendum, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC[+-]\d{2}:\d{2}, by /g)).toHaveLength(entries.length);
  });

  it('marks an included draft DRAFT and unsigned', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Ines Duarte' }, notes: 2, seed: 9, firstDate: '2026-02-02', draftEvery: 2 });
    const text = allText(await readPdf((await render({ kind: 'record', clientId: client.id }, {}, true)).bytes));
    expect(text).toContain('DRAFT: NOT SIGNED');
    expect(text).toContain('Unsigned draft, last saved ');
    expect(text).toContain('including 1 unsigned draft marked DRAFT');
    expect(flattened(text)).toContain('every signed progress note with its addenda, and the unsigned drafts, each marked DRAFT.');
    const signedOnly = flattened(allText(await readPdf((await render({ kind: 'record', clientId: client.id })).bytes)));
    expect(signedOnly).toContain('Complete record: client details and every signed progress note with its addenda.');
    expect(signedOnly).not.toContain('DRAFT');
  });

  it('prints no NPI or tax id line when the practice has none', async () => {
    vault.settings.save({ ...SAMPLE_PRACTICE, npi: '', taxId: '' });
    try {
      const { entries } = writeRecord(vault, { client: { name: 'Ida Plain' }, notes: 1, seed: 21, firstDate: '2026-02-02' });
      const text = allText(await readPdf((await render({ kind: 'note', noteId: entries[0]!.note.id })).bytes));
      expect(text).not.toMatch(/NPI|Tax ID/);
    } finally {
      vault.settings.save(SAMPLE_PRACTICE);
    }
  });

  it('keeps contact details to the whole record, not a single note', async () => {
    const { client, entries } = writeRecord(vault, {
      client: { name: 'Kai Tanaka', phone: '+1 (415) 555-0199', email: 'kai@example.org' },
      notes: 1,
      seed: 11,
      firstDate: '2026-02-09',
    });
    const note = allText(await readPdf((await render({ kind: 'note', noteId: entries[0]!.note.id })).bytes));
    const record = allText(await readPdf((await render({ kind: 'record', clientId: client.id })).bytes));
    expect(note).not.toContain('kai@example.org');
    expect(record).toContain('kai@example.org');
    expect(record).toContain('+1 (415) 555-0199');
  });
});

/** The lines of a page in reading order (the footer comes last), blank ones dropped. */
function bodyLines(page: { all: string }): string[] {
  return page.all
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

const paragraphs = (count: number, what: string) =>
  Array.from({ length: count }, (_, index) => `Paragraph ${index + 1} of the ${what}.`).join('\n');

/** A signed one-note export with the given fields, read back. */
async function oneNote(clientId: string, date: string, templateId: 'NARRATIVE' | 'SOAP', fields: Record<string, string>) {
  const session = vault.sessions.create({ clientId, date, startTime: '10:00', endTime: '10:50', modality: 'video' });
  const draft = vault.progressNotes.saveDraft({ sessionId: session.id, templateId, fields });
  vault.progressNotes.sign(draft.id, SIGNER);
  return readPdf((await render({ kind: 'note', noteId: draft.id })).bytes);
}

/** The signature is never the first line of a page, and the line before it is the note's last line. */
function expectSignatureWithItsNote(contents: Awaited<ReturnType<typeof readPdf>>, lastLine: string, label: string): void {
  contents.pages.forEach((page, index) => {
    const lines = bodyLines(page);
    const first = index > 0 && lines[0]?.endsWith('(continued)') ? lines[1] : lines[0];
    expect(first, `${label}, page ${index + 1}`).not.toMatch(/^Electronically signed/);
    const at = lines.findIndex((line) => line.startsWith('Electronically signed'));
    if (at >= 0) expect(lines[at - 1], label).toBe(lastLine);
  });
}

describe('page breaks inside a note', () => {
  it('never leaves the signature alone at the top of a page, wherever a long last section ends', async () => {
    const client = vault.clients.create({ name: 'Walk Thepage', chartNumber: 'PB-1' });
    let split = 0;
    for (let lines = 45; lines <= 75; lines += 1) {
      const contents = await oneNote(client.id, '2026-04-01', 'NARRATIVE', { narrative: paragraphs(lines, 'narrative') });
      if (contents.pages.length > 1) split += 1;
      expectSignatureWithItsNote(contents, `Paragraph ${lines} of the narrative.`, `${lines} lines`);
    }
    expect(split).toBeGreaterThan(10);
  });

  it('moves a short last section to the next page with the signature rather than leave the signature alone', async () => {
    const client = vault.clients.create({ name: 'Walk Shortplan', chartNumber: 'PB-3' });
    let split = 0;
    for (let lines = 35; lines <= 60; lines += 1) {
      const fields = { subjective: paragraphs(lines, 'subjective'), objective: 'Calm.', assessment: 'Stable.', plan: paragraphs(2, 'plan') };
      const contents = await oneNote(client.id, '2026-04-02', 'SOAP', fields);
      if (contents.pages.length > 1) split += 1;
      expectSignatureWithItsNote(contents, 'Paragraph 2 of the plan.', `${lines} lines`);
      const planPage = contents.pages.find((page) => page.all.includes('Paragraph 1 of the plan.'))!;
      expect(planPage.all).toContain('Paragraph 2 of the plan.');
    }
    expect(split).toBeGreaterThan(10);
  });

  it('repeats the session heading with "(continued)" on each page a note runs onto, and not for a new note', async () => {
    const client = vault.clients.create({ name: 'Cont Inued', chartNumber: 'PB-2' });
    const contents = await oneNote(client.id, '2026-04-08', 'NARRATIVE', { narrative: paragraphs(140, 'narrative') });
    expect(contents.pages.length).toBeGreaterThanOrEqual(3);
    expect(bodyLines(contents.pages[0]!)[0]).not.toContain('(continued)');
    for (const page of contents.pages.slice(1)) {
      expect(bodyLines(page)[0]).toBe('Session 2026-04-08, 10:00–10:50 (continued)');
    }
    const { client: many } = writeRecord(vault, { client: { name: 'Many Notes' }, notes: 12, seed: 23, firstDate: '2025-09-01' });
    const record = await readPdf((await render({ kind: 'record', clientId: many.id })).bytes);
    for (const page of record.pages.slice(1)) {
      const [first, second] = bodyLines(page);
      if (first?.endsWith('(continued)')) {
        expect(first).toMatch(/^Session \d{4}-\d{2}-\d{2}, 10:00–10:50 \(continued\)$/);
        expect(second).not.toMatch(/^Session /);
      } else {
        expect(first).toMatch(/^(DRAFT: NOT SIGNED|Session \d{4}-\d{2}-\d{2}, 10:00–10:50$)/);
      }
    }
  });
});

describe('the clinical record', () => {
  function withDiagnosesAndPlans() {
    const { client, entries } = writeRecord(vault, { client: { name: 'Rosa Ibáñez' }, notes: 1, seed: 21, firstDate: '2026-02-09' });
    const primary = vault.diagnoses.add({ clientId: client.id, code: 'F33.1', rank: 'primary', status: 'active', onsetDate: '2025-10-01' });
    const resolved = vault.diagnoses.add({ clientId: client.id, code: 'Z63.0', rank: 'secondary', status: 'active' });
    vault.diagnoses.change(resolved.id, { rank: 'secondary', status: 'resolved' });
    const content = (objective: string) => ({
      problems: [
        {
          statement: 'PLAN-PROBLEM low mood most days',
          diagnosisIds: [primary.id],
          goals: [{ statement: 'PLAN-GOAL mood lifts', objectives: [{ statement: objective, targetDate: '2026-05-01' }] }],
        },
      ],
      interventions: [{ description: 'PLAN-INTERVENTION behavioural activation', frequency: 'weekly', modality: 'individual, video' }],
    });
    const first = vault.treatmentPlans.saveDraft({ clientId: client.id, content: content('PLAN-OBJECTIVE-OLD') });
    vault.treatmentPlans.sign(first.id, SIGNER);
    const revision = vault.treatmentPlans.saveDraft({ clientId: client.id, content: content('PLAN-OBJECTIVE-SIGNED') });
    vault.treatmentPlans.sign(revision.id, SIGNER);
    vault.treatmentPlans.saveDraft({ clientId: client.id, content: content('PLAN-OBJECTIVE-DRAFT') });
    return { client, entries };
  }

  it('prints the diagnoses with codes, descriptions, rank, status and onset in every export', async () => {
    const { client, entries } = withDiagnosesAndPlans();
    for (const scope of [{ kind: 'note', noteId: entries[0]!.note.id }, { kind: 'record', clientId: client.id }] as ExportScope[]) {
      const text = flattened(allText(await readPdf((await render(scope)).bytes)));
      expect(text).toContain('Diagnoses (ICD-10-CM)');
      expect(text).toContain('F33.1 Major depressive disorder, recurrent, moderate (Primary, active, onset 2025-10-01)');
      expect(text).toMatch(/Z63\.0 .*\(Secondary, resolved\)/);
      expect(text).not.toContain('PLAN-');
    }
  });

  it('prints the signed plan in force only when asked, never an earlier revision or the draft', async () => {
    const { client } = withDiagnosesAndPlans();
    const text = flattened(allText(await readPdf((await render({ kind: 'record', clientId: client.id }, {}, false, true)).bytes)));
    expect(text).toContain('Treatment plan');
    expect(text).toContain('Revision 2');
    expect(text).toContain(`signed by ${SIGNER}`);
    for (const part of ['PLAN-PROBLEM low mood most days', 'Diagnoses: F33.1', 'PLAN-GOAL mood lifts', 'PLAN-OBJECTIVE-SIGNED (target 2026-05-01)']) {
      expect(text).toContain(part);
    }
    expect(text).toContain('PLAN-INTERVENTION behavioural activation: weekly, individual, video');
    expect(text).not.toContain('PLAN-OBJECTIVE-OLD');
    expect(text).not.toContain('PLAN-OBJECTIVE-DRAFT');
  });

  it('says so when no diagnosis is recorded, and prints no plan section for a client without a signed plan', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Lena Vogt' }, notes: 1, seed: 22, firstDate: '2026-02-16' });
    const text = flattened(allText(await readPdf((await render({ kind: 'record', clientId: client.id }, {}, false, true)).bytes)));
    expect(text).toContain('No diagnoses recorded.');
    expect(text).not.toContain('Treatment plan');
  });
});

describe('metadata', () => {
  it('carries no client data in the information dictionary or XMP', async () => {
    const { client } = writeRecord(vault, {
      client: { name: 'Zoë Metadata-Probe', dateOfBirth: '1971-07-07', chartNumber: 'META-1' },
      notes: 1,
      seed: 13,
      firstDate: '2026-02-16',
    });
    const rendered = await render({ kind: 'record', clientId: client.id }, { compress: false });
    const { info, xmp } = await readPdf(rendered.bytes);
    expect(info).toMatchObject({ Title: 'Clinical record', Producer: 'Therapist Vault', Creator: 'Therapist Vault' });
    const metadata = `${JSON.stringify(info)} ${xmp ?? ''}`;
    for (const value of ['Zoë', 'Metadata-Probe', '1971-07-07', 'META-1', 'Bayview', 'Lindqvist']) {
      expect(metadata).not.toContain(value);
    }
    expect(rawBytesContain(rendered.bytes, 'Therapist Vault')).toBe(true);
    expect(rawBytesContain(rendered.bytes, 'Metadata-Probe')).toBe(false);
  });
});

describe('password protection', () => {
  it('encrypts the file so it opens only with the password', async () => {
    const { entries } = writeRecord(vault, { client: { name: 'Lena Sørensen' }, notes: 1, seed: 17, firstDate: '2026-02-23' });
    const rendered = await render({ kind: 'note', noteId: entries[0]!.note.id }, { password: 'open sesame 42' });
    expect(Buffer.from(rendered.bytes).toString('latin1')).toContain('/Encrypt');
    await expect(readPdf(rendered.bytes)).rejects.toMatchObject({ name: 'PasswordException' });
    await expect(readPdf(rendered.bytes, 'wrong password')).rejects.toMatchObject({ name: 'PasswordException' });
    expect(allText(await readPdf(rendered.bytes, 'open sesame 42'))).toContain('Lena Sørensen');
  });
});

describe('progress and cancellation', () => {
  it('reports progress note by note and stops, returning nothing, when aborted', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Omar Farouk' }, notes: 6, seed: 19, firstDate: '2025-06-02' });
    const seen: [number, number][] = [];
    await render({ kind: 'record', clientId: client.id }, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].map((done) => [done, 6]));

    const controller = new AbortController();
    const partial: number[] = [];
    const result = await renderProgressPdf(plan({ kind: 'record', clientId: client.id }), {
      fonts,
      release,
      signal: controller.signal,
      onProgress: (done) => {
        partial.push(done);
        if (done === 2) controller.abort();
      },
    });
    expect(result).toBeNull();
    expect(partial).toEqual([1, 2]);
  });
});

describe('outcome measures in exports', () => {
  const PHQ9 = [
    [3, 2, 2, 2, 2, 2, 2, 2, 1],
    [2, 2, 1, 2, 1, 1, 1, 1, 0],
    [1, 1, 0, 1, 1, 0, 0, 1, 0],
  ];
  const GAD7 = [
    [3, 3, 2, 2, 2, 2, 2],
    [1, 1, 1, 1, 1, 1, 1],
    [0, 1, 0, 1, 0, 0, 1],
  ];
  function withMeasures() {
    return writeRecord(vault, {
      client: { name: 'Priya Raman' },
      notes: 3,
      seed: 31,
      firstDate: '2026-01-12',
      measures: (index) => [
        { instrument: 'phq9', responses: PHQ9[index]! },
        { instrument: 'gad7', responses: GAD7[index]! },
      ],
    });
  }

  it('draws a chart per instrument and lists every reading with its band and the item 9 flag', async () => {
    const { client } = withMeasures();
    const rendered = await render({ kind: 'record', clientId: client.id }, { compress: false });
    const text = flattened(allText(await readPdf(rendered.bytes)));
    for (const part of ['Outcome measures', 'PHQ-9 over time', 'GAD-7 over time', 'Item 9 (PHQ-9)']) expect(text).toContain(part);
    expect(text).toMatch(/2026-01-12 PHQ-9 18 \/ 27 moderately severe FLAGGED: above 0/);
    expect(text).toMatch(/2026-01-19 PHQ-9 11 \/ 27 moderate Not at all/);
    expect(text).toMatch(/2026-01-26 PHQ-9 5 \/ 27 mild Not at all/);
    expect(text).toMatch(/2026-01-12 GAD-7 16 \/ 21 severe -/);
    expect(text).toMatch(/2026-01-26 GAD-7 3 \/ 21 minimal -/);
    // The chart is vector paths (a line through the three readings), not an image.
    expect(Buffer.from(rendered.bytes).toString('latin1')).not.toContain('/Subtype /Image');
    expect(Buffer.from(rendered.bytes).toString('latin1')).toMatch(/ l\n[\d.]+ [\d.]+ l\n/);
  });

  it("carries only the exported notes' measures: one note's export shows that session's readings", async () => {
    const { entries } = withMeasures();
    const text = flattened(allText(await readPdf((await render({ kind: 'note', noteId: entries[1]!.note.id })).bytes)));
    expect(text).toMatch(/2026-01-19 PHQ-9 11 \/ 27 moderate/);
    expect(text).not.toContain('2026-01-12 PHQ-9');
    expect(text).not.toContain('2026-01-26 PHQ-9');
  });

  it("adds a Difficulty (PHQ-9) column only when a reading answers PHQ-9's closing question", async () => {
    const { client } = writeRecord(vault, {
      client: { name: 'Ines Duarte' },
      notes: 2,
      seed: 33,
      firstDate: '2026-03-02',
      measures: (index) => [
        { instrument: 'phq9', responses: PHQ9[index]!, ...(index === 0 ? { difficulty: 'very' as const } : {}) },
        { instrument: 'gad7', responses: GAD7[index]! },
      ],
    });
    const text = flattened(allText(await readPdf((await render({ kind: 'record', clientId: client.id }, { compress: false })).bytes)));
    expect(text).toContain('Item 9 (PHQ-9) Difficulty (PHQ-9)');
    expect(text).toMatch(/2026-03-02 PHQ-9 18 \/ 27 moderately severe FLAGGED: above 0 Very difficult/);
    expect(text).toMatch(/2026-03-09 PHQ-9 11 \/ 27 moderate Not at all -/);
    expect(text).toMatch(/2026-03-02 GAD-7 16 \/ 21 severe - -/);

    const { client: without } = withMeasures();
    const plain = flattened(allText(await readPdf((await render({ kind: 'record', clientId: without.id }, { compress: false })).bytes)));
    expect(plain).toContain('Item 9 (PHQ-9)');
    expect(plain).not.toContain('Difficulty');
  });

  it('prints no measures section when the exported sessions hold none', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Noor Haddad' }, notes: 1, seed: 32, firstDate: '2026-02-02' });
    const text = flattened(allText(await readPdf((await render({ kind: 'record', clientId: client.id })).bytes)));
    expect(text).not.toContain('Outcome measures');
  });
});

describe('structured note parts', () => {
  it('prints service, attendees, diagnoses addressed, mental status, risk, interventions and objective progress, in the note template it was written with', async () => {
    const { client, entries } = writeRecord(vault, { client: { name: 'Noor Haddad' }, notes: 1, seed: 31, firstDate: '2026-02-23' });
    const diagnosis = vault.diagnoses.add({ clientId: client.id, code: 'F41.1', rank: 'primary', status: 'active' });
    const draftPlan = vault.treatmentPlans.saveDraft({
      clientId: client.id,
      content: {
        problems: [{ statement: 'Worry', diagnosisIds: [diagnosis.id], goals: [{ statement: 'Calmer', objectives: [{ statement: 'GAD-7 under 10', targetDate: '2026-06-01' }] }] }],
        interventions: [],
      },
    });
    const plan = vault.treatmentPlans.sign(draftPlan.id, SIGNER);
    const template = vault.noteTemplates.create({
      name: 'Anxiety follow-up',
      basedOn: 'DAP',
      fields: [
        { id: 'data', label: 'What happened', prompt: '', rows: 4, carryForward: false },
        { label: 'Worry log review', prompt: '', rows: 3, carryForward: false },
      ],
    });
    const session = vault.sessions.create({ clientId: client.id, date: '2026-03-02', startTime: '15:00', endTime: '15:50', modality: 'video' });
    const denied = { level: 'denied', plan: false, intent: false, means: false } as const;
    const draft = vault.progressNotes.saveDraft({
      sessionId: session.id,
      templateId: 'DAP',
      customTemplateId: template.id,
      fields: { data: 'STRUCT-DATA two panic episodes', worrylogreview: 'STRUCT-LOG fewer entries' },
      structure: {
        service: { code: '90839', start: '15:00', end: '16:20', interactiveComplexity: false, crisisUnits: 1 },
        attendees: ['Client', 'Interpreter'],
        diagnosisIds: [diagnosis.id],
        mentalStatus: { withinNormalLimits: true, findings: { affect: 'Anxious, tearful' } },
        risk: {
          suicidal: { level: 'active', plan: true, intent: true, means: false },
          homicidal: denied,
          selfHarm: { level: 'passive', plan: false, intent: false, means: false },
          protectiveFactors: 'Daughter',
          safetyPlan: { reviewed: true, details: 'Crisis line 988; sister stays tonight' },
        },
        interventions: ['CBT', 'Safety planning'],
        objectives: [{ planId: plan.id, problem: 0, goal: 0, objective: 0, progress: 'regressed', comment: 'GAD-7 15' }],
      },
    });
    vault.progressNotes.sign(draft.id, SIGNER);
    vault.noteTemplates.update(template.id, { name: 'Renamed later', basedOn: 'DAP', fields: [{ id: 'data', label: 'Changed label', prompt: '', rows: 4, carryForward: false }] });
    const text = flattened(allText(await readPdf((await render({ kind: 'note', noteId: draft.id })).bytes)));
    for (const part of [
      'Anxiety follow-up note',
      'Service 90839 +90840 (Crisis psychotherapy, first 60 min), 15:00–16:20, 80 min',
      'Attendees Client, Interpreter',
      'Diagnoses F41.1 Generalized anxiety disorder',
      'Mental status Within normal limits except: Affect: Anxious, tearful',
      'Suicidal ideation: Active with plan and intent',
      'Homicidal ideation: Denied',
      'Self-harm: Passive, no plan, intent or means',
      'Protective factors: Daughter',
      'Safety plan: reviewed. Crisis line 988; sister stays tonight',
      'Interventions CBT, Safety planning',
      'Objectives 1.1.1 GAD-7 under 10 (Regressed; GAD-7 15)',
      'What happened STRUCT-DATA two panic episodes',
      'Worry log review STRUCT-LOG fewer entries',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).not.toContain('Changed label');
    expect(entries.length).toBe(1);
  });

  it('prints a note without structured parts as before', async () => {
    const { entries } = writeRecord(vault, { client: { name: 'Old Style' }, notes: 1, seed: 32, firstDate: '2026-02-24' });
    const text = flattened(allText(await readPdf((await render({ kind: 'note', noteId: entries[0]!.note.id })).bytes)));
    for (const label of ['Service', 'Attendees', 'Mental status', 'Suicidal ideation']) expect(text).not.toContain(`${label} `);
  });
});
