import type { Client, Diagnosis, TreatmentPlan } from '../../shared/domain/records';
import type { ExportScope, ReleaseBasis } from '../../shared/domain/export';
import { basisLines } from './exportBasis';
import { noteTemplate } from '../../shared/templates';
import { structureLines } from '../../shared/clinical/structureText';
import type { ExportFonts } from './exportFonts';
import { MODALITY_LABELS } from '../../shared/domain/modalityLabels';
import { localTimestamp } from './exportFormat';
import type { ExportPlan } from './exportScope';
import type { TextStyle } from './pdfText';
import { textHeight } from './pdfText';
import type { Page } from './pdfPage';
import { CONTINUED_ROOM, ensureSpace, labelled, nextTurn, paragraph, rule, startDocument, TEXT, writeFooters, writePractice } from './pdfPage';
import type { ExportEntry } from './progressSource';
import { writeMeasures } from './measuresPdf';

export interface ReleaseDetails {
  recipient: string;
  purpose: string;
  basis: ReleaseBasis;
  preparedAt: Date;
}

export interface RenderOptions {
  fonts: ExportFonts;
  release: ReleaseDetails;
  /** Encrypts the PDF (AES-256); readers must type it to open the file. */
  password?: string;
  /** Off only in tests, which search the raw bytes. */
  compress?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface RenderedPdf {
  bytes: Uint8Array;
  pageCount: number;
}

const CONFIDENTIALITY_NOTICE =
  'CONFIDENTIAL: protected health information, released for the purpose stated on page 1. ' +
  "Further disclosure without the client's written authorization may be prohibited by law " +
  '(45 CFR Parts 160 and 164). If you received this in error, notify the sender and destroy it.';

const TITLES: Readonly<Record<ExportScope['kind'], string>> = {
  note: 'Progress note',
  range: 'Progress notes',
  record: 'Clinical record',
};

/** Measured heights use the primary face; this covers fallback faces' slightly taller lines. */
const MEASURE_SLACK = 6;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What the export holds, in words that stay true when unsigned drafts are in it. */
function contentsLine(plan: ExportPlan): string | null {
  const drafts = plan.entries.some((entry) => entry.note.status === 'draft');
  switch (plan.scope.kind) {
    case 'record':
      return drafts
        ? 'Complete record: client details, every signed progress note with its addenda, and the unsigned drafts, each marked DRAFT.'
        : 'Complete record: client details and every signed progress note with its addenda.';
    case 'range':
      return drafts
        ? `Sessions from ${plan.scope.from} to ${plan.scope.to}: signed progress notes and unsigned drafts, each draft marked DRAFT.`
        : `Sessions from ${plan.scope.from} to ${plan.scope.to}: signed progress notes with their addenda.`;
    case 'note':
      return drafts ? 'An unsigned draft, marked DRAFT.' : null;
  }
}

function writeTitle(page: Page, plan: ExportPlan, release: ReleaseDetails): void {
  paragraph(page, TITLES[plan.scope.kind], TEXT.title, 4);
  const contents = contentsLine(plan);
  if (contents) paragraph(page, contents, TEXT.body, 4);
  page.doc.y += 4;
  labelled(page, 'Released to', release.recipient);
  labelled(page, 'Purpose', release.purpose);
  for (const line of basisLines(release.basis)) labelled(page, line.label, line.value);
  labelled(page, 'Prepared', localTimestamp(release.preparedAt.toISOString()));
  page.doc.y += 8;
}

/** Contact details only in a whole record: other exports carry the identifiers a reader needs, no more. */
function writeClient(page: Page, client: Client, scope: ExportScope): void {
  paragraph(page, 'Client', TEXT.heading, 4);
  const name = client.preferredName ? `${client.name} (preferred name: ${client.preferredName})` : client.name;
  labelled(page, 'Name', name);
  if (client.dateOfBirth) labelled(page, 'Date of birth', client.dateOfBirth);
  if (client.chartNumber) labelled(page, 'Chart number', client.chartNumber);
  if (scope.kind === 'record') {
    if (client.phone) labelled(page, 'Phone', client.phone);
    if (client.email) labelled(page, 'Email', client.email);
    labelled(page, 'Record opened', localTimestamp(client.createdAt));
    labelled(page, 'Status', client.archived ? 'Archived (inactive)' : 'Active');
  }
  page.doc.y += 6;
}

/** The diagnoses as they stand, active first: the codes an insurer or another provider reads first. */
function writeDiagnoses(page: Page, diagnoses: readonly Diagnosis[]): void {
  ensureSpace(page, 40);
  paragraph(page, 'Diagnoses (ICD-10-CM)', TEXT.heading, 4);
  if (diagnoses.length === 0) {
    paragraph(page, 'No diagnoses recorded.', TEXT.meta, 6);
    return;
  }
  for (const diagnosis of diagnoses) {
    const details = [
      diagnosis.rank === 'primary' ? 'Primary' : 'Secondary',
      diagnosis.status === 'active' ? 'active' : 'resolved',
      diagnosis.onsetDate ? `onset ${diagnosis.onsetDate}` : '',
    ];
    labelled(page, diagnosis.code, `${diagnosis.description} (${details.filter(Boolean).join(', ')})`);
  }
  page.doc.y += 6;
}

function writeTreatmentPlan(page: Page, plan: TreatmentPlan, diagnoses: readonly Diagnosis[]): void {
  ensureSpace(page, 80);
  rule(page, 4, 10);
  paragraph(page, 'Treatment plan', TEXT.heading, 1);
  const signature = plan.signedBy && plan.signedAt ? `signed by ${plan.signedBy} on ${localTimestamp(plan.signedAt)}` : '';
  const review = plan.reviewDate ? `next review ${plan.reviewDate}` : '';
  paragraph(page, [`Revision ${plan.revision}`, signature, review].filter(Boolean).join('  ·  '), TEXT.meta, 6);
  const codeOf = (id: string) => diagnoses.find((diagnosis) => diagnosis.id === id)?.code;
  plan.content.problems.forEach((problem, p) => {
    ensureSpace(page, 48);
    paragraph(page, `Problem ${p + 1}: ${problem.statement}`, TEXT.label, 1);
    const codes = problem.diagnosisIds.map(codeOf).filter(Boolean);
    if (codes.length > 0) paragraph(page, `Diagnoses: ${codes.join(', ')}`, TEXT.meta, 2);
    problem.goals.forEach((goal, g) => {
      ensureSpace(page, 30);
      labelled(page, `Goal ${p + 1}.${g + 1}`, goal.statement);
      goal.objectives.forEach((objective, o) => {
        const target = objective.targetDate ? ` (target ${objective.targetDate})` : '';
        labelled(page, `Objective ${p + 1}.${g + 1}.${o + 1}`, `${objective.statement}${target}`);
      });
    });
    page.doc.y += 4;
  });
  if (plan.content.interventions.length > 0) {
    ensureSpace(page, 30);
    paragraph(page, 'Interventions', TEXT.label, 1);
    for (const intervention of plan.content.interventions) {
      const how = [intervention.frequency, intervention.modality].filter((text) => text.trim() !== '').join(', ');
      paragraph(page, how ? `${intervention.description}: ${how}` : intervention.description, TEXT.body, 2);
    }
  }
  page.doc.y += 6;
}

function writeSummary(page: Page, entries: readonly ExportEntry[]): void {
  const first = entries[0]!;
  const last = entries[entries.length - 1]!;
  const drafts = entries.filter((entry) => entry.note.status === 'draft').length;
  const span = first === last ? `session of ${first.session.date}` : `${first.session.date} to ${last.session.date}`;
  const draftNote = drafts > 0 ? `, including ${plural(drafts, 'unsigned draft')} marked DRAFT` : '';
  paragraph(page, `${plural(entries.length, 'progress note')}, ${span}${draftNote}.`, TEXT.meta, 2);
}

function signatureOf(note: ExportEntry['note']): { text: string; style: TextStyle } {
  if (note.status === 'signed' && note.signedBy && note.signedAt) {
    return { text: `Electronically signed by ${note.signedBy} on ${localTimestamp(note.signedAt)}`, style: TEXT.signature };
  }
  return { text: `Unsigned draft, last saved ${localTimestamp(note.updatedAt)}`, style: TEXT.draft };
}

function bodyHeight(page: Page): number {
  const { doc } = page;
  return doc.page.height - doc.page.margins.top - doc.page.margins.bottom - CONTINUED_ROOM;
}

/**
 * The last section and the signature share a page: a signature alone at the
 * top of a page reads as an unsigned note. A short section moves to the next
 * page whole, with its label; of a long one, only its last paragraph must
 * fit beside the signature.
 */
function writeLastSection(page: Page, label: string, value: string, valueStyle: TextStyle, signatureRoom: number): void {
  const { doc, fonts } = page;
  const flow = { width: page.width, lineGap: 1.5 };
  const labelRoom = textHeight(doc, fonts, label, TEXT.label, flow) + 1;
  const whole = labelRoom + textHeight(doc, fonts, value, valueStyle, flow) + 6 + signatureRoom + MEASURE_SLACK;
  if (whole <= bodyHeight(page) / 2) {
    ensureSpace(page, whole);
    paragraph(page, label, TEXT.label, 1);
    paragraph(page, value, valueStyle, 6);
    return;
  }
  const lines = value.split('\n');
  const tail = lines.pop()!;
  ensureSpace(page, 34);
  paragraph(page, label, TEXT.label, 1);
  if (lines.length > 0) paragraph(page, lines.join('\n'), valueStyle);
  ensureSpace(page, textHeight(doc, fonts, tail, valueStyle, flow) + 6 + signatureRoom + MEASURE_SLACK);
  paragraph(page, tail, valueStyle, 6);
}

function writeEntry(page: Page, entry: ExportEntry): void {
  const { session, note } = entry;
  const template = noteTemplate(note);
  page.current = null;
  ensureSpace(page, 120);
  rule(page, 8, 10);
  const heading = `Session ${session.date}, ${session.startTime}–${session.endTime}`;
  page.current = heading;
  if (note.status === 'draft') paragraph(page, 'DRAFT: NOT SIGNED, NOT PART OF THE SIGNED RECORD', TEXT.draft, 2);
  paragraph(page, heading, TEXT.heading, 1);
  const details = [MODALITY_LABELS[session.modality].full, session.location ?? '', `${template.name} note`];
  paragraph(page, details.filter(Boolean).join('  ·  '), TEXT.meta, 6);
  const parts = structureLines(note.structure);
  for (const part of parts) labelled(page, part.label, part.lines.join('\n'));
  if (parts.length > 0) page.doc.y += 6;
  const signature = signatureOf(note);
  const signatureRoom = textHeight(page.doc, page.fonts, signature.text, signature.style, { width: page.width, lineGap: 1.5 }) + 4;
  template.fields.forEach((field, index) => {
    const value = note.fields[field.id]?.trim() ?? '';
    const text = value || 'Not documented.';
    const style = value ? TEXT.body : TEXT.meta;
    if (index === template.fields.length - 1) {
      writeLastSection(page, field.label, text, style, signatureRoom);
      return;
    }
    ensureSpace(page, 34);
    paragraph(page, field.label, TEXT.label, 1);
    paragraph(page, text, style, 6);
  });
  paragraph(page, signature.text, signature.style, 4);
  for (const addendum of note.addenda) {
    ensureSpace(page, 34);
    paragraph(page, `Addendum, ${localTimestamp(addendum.createdAt)}, by ${addendum.author}`, TEXT.label, 1);
    paragraph(page, addendum.text, TEXT.body, 6);
  }
}

/**
 * Lays out the plan as a PDF. Between notes it yields to the event loop and
 * reports progress, so a cancel request can arrive; it returns null when the
 * signal was aborted. Nothing is written anywhere: the caller gets the bytes.
 */
export async function renderProgressPdf(plan: ExportPlan, options: RenderOptions): Promise<RenderedPdf | null> {
  const { page, finish } = startDocument({
    fonts: options.fonts,
    title: TITLES[plan.scope.kind],
    preparedAt: options.release.preparedAt,
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.compress !== undefined ? { compress: options.compress } : {}),
  });
  writePractice(page, plan.practice);
  writeTitle(page, plan, options.release);
  writeClient(page, plan.client, plan.scope);
  writeDiagnoses(page, plan.diagnoses);
  if (plan.treatmentPlan) writeTreatmentPlan(page, plan.treatmentPlan, plan.diagnoses);
  writeMeasures(page, plan.measures);
  writeSummary(page, plan.entries);
  const total = plan.entries.length;
  for (const [index, entry] of plan.entries.entries()) {
    if (options.signal?.aborted) return null;
    writeEntry(page, entry);
    options.onProgress?.(index + 1, total);
    await nextTurn();
  }
  if (options.signal?.aborted) return null;
  const pageCount = writeFooters(page, plan.client, CONFIDENTIALITY_NOTICE);
  return { bytes: await finish(), pageCount };
}
