import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFonts } from '../../../main/export/exportFonts';
import { loadExportFonts } from '../../../main/export/exportFonts';
import { resolveExport } from '../../../main/export/exportScope';
import { renderProgressPdf } from '../../../main/export/progressPdf';
import { createExportJobs } from '../../../main/export/exportJobs';
import type { Dispatch } from '../../../main/ipc/dispatch';
import { createDispatcher } from '../../../main/ipc/dispatch';
import { progressSourceOf } from '../../../main/ipc/handlers/exportHandlers';
import type { Vault } from '../../../main/vault/vaultApi';
import type { ProgressNote, Session } from '../../../shared/domain/records';
import type { ExportScope } from '../../../shared/domain/export';
import type { TemplateId } from '../../../shared/templates';
import { TEMPLATE_IDS, TEMPLATES } from '../../../shared/templates';
import { releaseSourceOf } from '../../../main/ipc/handlers/releaseHandlers';
import { renderPsychotherapyRelease } from '../../../main/release/releasePdf';
import { resolveRelease } from '../../../main/release/releasePlan';
import type { PsychotherapyReleaseRequest } from '../../../shared/domain/release';
import { testServices } from '../../helpers/ipcServices';
import { createdVault, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { SAMPLE_PRACTICE, SIGNER } from './fixtures';
import type { PdfContents } from './pdfInspection';
import { allText, bodyText, rawBytesContain, readPdf, squeezed } from './pdfInspection';

/**
 * The exporter's central promise (45 CFR 164.501): psychotherapy notes never
 * leave in an export, and its mirror image: a psychotherapy-note release
 * (main/release) carries the chosen psychotherapy notes and nothing else,
 * neither the notes left unchosen nor any progress note. Random vaults put random canary strings in every
 * session's psychotherapy notes, with the compartment OPEN while exporting;
 * every scope is exported through the IPC handler (compressed, as saved) and
 * rendered uncompressed; no canary may appear in the extracted text, the raw
 * bytes or the metadata, while every progress-note section does appear.
 */

let vault: Vault;
let dir: string;
let dispose: () => Promise<void>;
let fonts: ExportFonts;
let dispatch: Dispatch;
let nextPath = '';
let files = 0;
/** Every canary ever planted in this vault: none may show up in any export. */
const canaries: string[] = [];
let markers = 0;

beforeAll(async () => {
  const made = await createdVault();
  ({ vault, dir, dispose } = made);
  vault.settings.save(SAMPLE_PRACTICE);
  await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  vault.setIdleTimeouts({ vaultMs: 60 * 60_000, psychotherapyMs: 60 * 60_000 });
  fonts = loadExportFonts();
  const services = testServices(vault, {
    exports: createExportJobs({ loadFonts: () => fonts }),
    dialogs: { chooseSavePath: async () => nextPath },
  });
  dispatch = createDispatcher(services);
});
afterAll(() => dispose());

const word = fc.stringMatching(/^[a-z]{2,9}$/);
const unicodeWord = fc.constantFrom('Zoë', 'Ørsted-Núñez', '李小龍', 'Ελένη', 'señora', 'Дмитрий');
const paragraph = fc
  .array(fc.oneof({ weight: 5, arbitrary: word }, { weight: 1, arbitrary: unicodeWord }), { minLength: 1, maxLength: 30 })
  .map((words) => words.join(' '));
const sectionText = fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((paragraphs) => paragraphs.join('\n\n'));
const canary = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{12}$/).map((tail) => `psycanary${tail}`),
  fc.stringMatching(/^[a-z0-9]{8}$/).map((tail) => `秘密Ψ${tail}`),
);
const psychotherapyNote = fc
  .tuple(paragraph, canary, paragraph)
  .map(([before, secret, after]) => ({ secret, text: `${before} ${secret} ${after}` }));

const noteSpec = fc.record({
  templateId: fc.constantFrom<TemplateId>(...TEMPLATE_IDS),
  sections: fc.array(sectionText, { minLength: 4, maxLength: 4 }),
  draft: fc.boolean(),
  addendum: fc.option(sectionText, { nil: null }),
  /** Structured parts whose free text is marked like the sections: attendee, a mental-status finding, protective factors, safety plan. */
  structured: fc.option(fc.array(paragraph, { minLength: 4, maxLength: 4 }), { nil: null }),
  psychotherapy: fc.array(psychotherapyNote, { minLength: 1, maxLength: 2 }),
  daysAfterPrevious: fc.integer({ min: 1, max: 40 }),
});
const clientSpec = fc.record({
  name: fc.constantFrom('Zoë Ørsted-Núñez', '李小龍', 'Amara Okafor', 'Ελένη Παπαδοπούλου'),
  notes: fc.array(noteSpec, { minLength: 1, maxLength: 4 }),
});
const world = fc.record({ clients: fc.array(clientSpec, { minLength: 1, maxLength: 2 }), includeDrafts: fc.boolean() });

type ClientSpec = typeof clientSpec extends fc.Arbitrary<infer T> ? T : never;
interface Written {
  clientId: string;
  entries: { session: Session; note: ProgressNote }[];
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Each section starts with a unique marker, so a section found in the PDF is this one and no other. */
function marked(text: string): string {
  markers += 1;
  return `mark${markers}x ${text}`;
}

function write(spec: ClientSpec): Written {
  return vault.transaction(() => {
    const client = vault.clients.create({ name: spec.name, chartNumber: `P-${markers}` });
    let date = '2024-01-01';
    const entries = spec.notes.map((noteSpecValue) => {
      date = addDays(date, noteSpecValue.daysAfterPrevious);
      const session = vault.sessions.create({ clientId: client.id, date, startTime: '11:00', endTime: '11:45', modality: 'video' });
      const fieldIds = TEMPLATES[noteSpecValue.templateId].fields.map((field) => field.id);
      const fields = Object.fromEntries(fieldIds.map((id, index) => [id, marked(noteSpecValue.sections[index]!)]));
      const parts = noteSpecValue.structured?.map((text) => marked(text).slice(0, 90));
      const denied = { level: 'denied', plan: false, intent: false, means: false } as const;
      const structure = parts && {
        service: { code: '90834', start: '11:00', end: '11:45', interactiveComplexity: false, crisisUnits: 0 } as const,
        attendees: [parts[0]!],
        diagnosisIds: [],
        mentalStatus: { withinNormalLimits: true, findings: { mood: parts[1]! } },
        risk: { suicidal: denied, homicidal: denied, selfHarm: denied, protectiveFactors: parts[2]!, safetyPlan: { reviewed: true, details: parts[3]! } },
        interventions: ['CBT'],
        objectives: [],
      };
      let note = vault.progressNotes.saveDraft({ sessionId: session.id, templateId: noteSpecValue.templateId, fields, ...(structure ? { structure } : {}) });
      if (!noteSpecValue.draft) {
        note = vault.progressNotes.sign(note.id, SIGNER);
        if (noteSpecValue.addendum) {
          note = vault.progressNotes.addAddendum({ noteId: note.id, text: marked(noteSpecValue.addendum), author: SIGNER });
        }
      }
      for (const psychotherapy of noteSpecValue.psychotherapy) {
        vault.psychotherapyNotes.create({ sessionId: session.id, text: psychotherapy.text });
        canaries.push(psychotherapy.secret);
      }
      return { session, note };
    });
    return { clientId: client.id, entries };
  });
}

function scopesFor(written: Written): ExportScope[] {
  const dates = written.entries.map((entry) => entry.session.date);
  const scopes: ExportScope[] = written.entries.map((entry) => ({ kind: 'note', noteId: entry.note.id }));
  scopes.push({ kind: 'range', clientId: written.clientId, from: dates[0]!, to: dates.at(-1)! });
  if (dates.length > 2) scopes.push({ kind: 'range', clientId: written.clientId, from: dates[1]!, to: dates.at(-2)! });
  scopes.push({ kind: 'record', clientId: written.clientId });
  return scopes;
}

function expectedEntries(written: Written, scope: ExportScope, includeDrafts: boolean) {
  return written.entries.filter(({ session, note }) => {
    if (note.status === 'draft' && !includeDrafts) return false;
    if (scope.kind === 'note') return note.id === scope.noteId;
    if (scope.kind === 'range') return session.date >= scope.from && session.date <= scope.to;
    return true;
  });
}

function sectionsOf(note: ProgressNote): string[] {
  const { structure } = note;
  const parts = structure?.risk
    ? [...structure.attendees, ...Object.values(structure.mentalStatus?.findings ?? {}), structure.risk.protectiveFactors, structure.risk.safetyPlan.details]
    : [];
  return [...Object.values(note.fields), ...parts, ...note.addenda.map((addendum) => addendum.text)];
}

function expectNoCanary(bytes: Uint8Array, contents: PdfContents): void {
  const text = squeezed(allText(contents));
  const metadata = `${JSON.stringify(contents.info)} ${contents.xmp ?? ''}`;
  for (const secret of canaries) {
    expect(text).not.toContain(secret);
    expect(metadata).not.toContain(secret);
    expect(rawBytesContain(bytes, secret)).toBe(false);
  }
}

async function exportThroughHandler(scope: ExportScope, includeDrafts: boolean): Promise<Uint8Array | null> {
  files += 1;
  nextPath = join(dir, `property-${files}.pdf`);
  const result = await dispatch('export.progressNotes', {
    scope,
    basis: { kind: 'client-request' },
    includeDrafts,
    recipient: 'Records request',
    purpose: 'Continuity of care',
  });
  if (!result.ok) {
    expect(['INVALID_INPUT', 'NOT_FOUND']).toContain(result.error.code);
    return null;
  }
  return readFileSync(nextPath);
}

async function renderUncompressed(scope: ExportScope, includeDrafts: boolean): Promise<Uint8Array> {
  const plan = resolveExport(progressSourceOf(vault), scope, includeDrafts);
  const release = { recipient: 'Records request', purpose: 'Continuity of care', basis: { kind: 'client-request' } as const, preparedAt: new Date() };
  const rendered = await renderProgressPdf(plan, { fonts, release, compress: false });
  if (!rendered) throw new Error('render was cancelled');
  return rendered.bytes;
}

describe('exports never carry psychotherapy notes', () => {
  it('keeps every canary out of text, raw bytes and metadata in every scope, and prints every progress section', async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ clients, includeDrafts }) => {
        expect(vault.state()).toBe('open+psychotherapy');
        for (const written of clients.map(write)) {
          for (const scope of scopesFor(written)) {
            const expected = expectedEntries(written, scope, includeDrafts);
            const saved = await exportThroughHandler(scope, includeDrafts);
            // A scope with no notes in it is refused: it would release identifiers and nothing else.
            if (expected.length === 0) {
              expect(saved).toBeNull();
              continue;
            }
            expect(saved).not.toBeNull();
            const uncompressed = await renderUncompressed(scope, includeDrafts);
            for (const bytes of [saved!, uncompressed]) {
              const contents = await readPdf(bytes);
              expectNoCanary(bytes, contents);
              const body = squeezed(bodyText(contents));
              for (const { note } of expected) {
                for (const section of sectionsOf(note)) expect(body).toContain(squeezed(section));
              }
              const left = written.entries.filter((entry) => !expected.includes(entry));
              for (const { note } of left) {
                for (const section of sectionsOf(note)) expect(body).not.toContain(squeezed(section.split(' ')[0]!));
              }
            }
          }
        }
      }),
      { numRuns: 6 },
    );
  }, 600_000);
});

describe('exports never carry sealed quick captures', () => {
  it('keeps notes sealed while the compartment is closed out of every record exported', async () => {
    vault.closePsychotherapy();
    expect(vault.state()).toBe('open');
    const written = write({
      name: 'Amara Okafor',
      notes: [
        { templateId: 'SOAP', sections: ['seen today', 'calm', 'improving', 'weekly'], draft: false, addendum: null, structured: ['Client', 'anxious', 'family', 'crisis line'], psychotherapy: [], daysAfterPrevious: 3 },
        { templateId: 'DAP', sections: ['followed up', 'steady', 'continue', ''], draft: true, addendum: null, structured: null, psychotherapy: [], daysAfterPrevious: 7 },
      ],
    });
    for (const [index, { session }] of written.entries.entries()) {
      const secret = `sealedcanary${index}q${markers}`;
      canaries.push(secret);
      const captured = vault.sealedCapture.capture({ sessionId: session.id, text: `hallway thought ${secret} to revisit` });
      expect(captured.sealedCount).toBe(1);
    }
    for (const includeDrafts of [true, false]) {
      for (const scope of scopesFor(written)) {
        const saved = await exportThroughHandler(scope, includeDrafts);
        if (!saved) continue;
        for (const bytes of [saved, await renderUncompressed(scope, includeDrafts)]) {
          expectNoCanary(bytes, await readPdf(bytes));
        }
      }
    }
    expect(vault.sealedCapture.countForSession(written.entries[0]!.session.id)).toBe(1);
  }, 600_000);
});

describe('psychotherapy-note releases carry only the chosen psychotherapy notes', () => {
  const releaseWorld = fc.record({ client: clientSpec, chosen: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }) });

  async function releaseThroughHandler(request: PsychotherapyReleaseRequest): Promise<Uint8Array> {
    files += 1;
    nextPath = join(dir, `release-${files}.pdf`);
    const result = await dispatch('release.psychotherapyNotes', request);
    if (!result.ok) throw new Error(`release refused: ${result.error.code}`);
    return readFileSync(nextPath);
  }

  async function renderReleaseUncompressed(request: PsychotherapyReleaseRequest): Promise<Uint8Array> {
    const plan = resolveRelease(releaseSourceOf(vault), request);
    const release = { recipient: request.recipient, purpose: request.purpose, preparedAt: new Date() };
    return (await renderPsychotherapyRelease(plan, { fonts, release, compress: false })).bytes;
  }

  it('prints every chosen note; no unchosen canary and no progress-note section appears in text, bytes or metadata', async () => {
    if (vault.state() !== 'open+psychotherapy') await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    await fc.assert(
      fc.asyncProperty(releaseWorld, async ({ client, chosen }) => {
        const written = write(client);
        const notes = vault.psychotherapyNotes.listForClient(written.clientId);
        const picked = notes.filter((_, index) => chosen[index % chosen.length]);
        const selection = picked.length > 0 ? picked : [notes[0]!];
        const left = notes.filter((note) => !selection.includes(note));
        const secretOf = (text: string) => canaries.find((secret) => text.includes(secret))!;
        const authorizationId = vault.authorizations.create({
          clientId: written.clientId,
          kind: 'psychotherapy-notes',
          information: 'The psychotherapy notes named in the court-ordered evaluation',
          discloser: 'The treating therapist',
          recipient: 'Court-appointed evaluator',
          purpose: 'Custody evaluation',
          expiry: { kind: 'date', date: '2099-12-31' },
          signedOn: '2025-01-02',
          signedBy: { kind: 'client' },
        }).id;
        const request: PsychotherapyReleaseRequest = {
          clientId: written.clientId,
          noteIds: selection.map((note) => note.id),
          basis: { kind: 'authorization', authorizationId },
          recipient: 'Court-appointed evaluator',
          purpose: 'Custody evaluation',
          passphrase: PSYCH_PASSPHRASE,
        };
        const progressSections = written.entries.flatMap(({ note }) => sectionsOf(note));
        for (const bytes of [await releaseThroughHandler(request), await renderReleaseUncompressed(request)]) {
          const contents = await readPdf(bytes);
          const text = squeezed(allText(contents));
          const metadata = `${JSON.stringify(contents.info)} ${contents.xmp ?? ''}`;
          for (const note of selection) expect(text).toContain(squeezed(note.text));
          for (const note of left) {
            const secret = secretOf(note.text);
            expect(text).not.toContain(secret);
            expect(rawBytesContain(bytes, secret)).toBe(false);
          }
          for (const secret of canaries) expect(metadata).not.toContain(secret);
          for (const section of progressSections) {
            const marker = section.split(' ')[0]!;
            expect(text).not.toContain(marker);
            expect(rawBytesContain(bytes, marker)).toBe(false);
          }
        }
        const disclosure = vault.disclosures.listForClient(written.clientId).at(-1);
        expect(disclosure?.scope).toEqual({ kind: 'psychotherapy-notes' });
        expect([...disclosure!.noteIds].sort()).toEqual([...request.noteIds].sort());
      }),
      { numRuns: 6 },
    );
  }, 600_000);
});
