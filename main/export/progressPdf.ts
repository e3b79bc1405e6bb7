import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { Client, Diagnosis, TreatmentPlan } from '../../shared/domain/records';
import type { Settings } from '../../shared/domain/schemas';
import type { ExportScope, ReleaseBasis } from '../../shared/domain/export';
import { basisLines } from './exportBasis';
import { noteTemplate } from '../../shared/templates';
import { structureLines } from '../../shared/clinical/structureText';
import type { ExportFonts } from './exportFonts';
import { MODALITY_LABELS } from '../../shared/domain/modalityLabels';
import { localTimestamp } from './exportFormat';
import type { ExportPlan } from './exportScope';
import type { TextStyle } from './pdfText';
import { drawLine, drawOutsideFlow, flowText, lineWidth, registerFaces, textHeight } from './pdfText';
import type { ExportEntry } from './progressSource';

type Doc = typeof PDFDocument;

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

const INK = '#1a1a1a';
const MUTED = '#5c5c5c';
const RULE = '#a0a0a0';
const DRAFT = '#b00020';

const TEXT = {
  practice: { style: 'bold', size: 13, color: INK },
  title: { style: 'bold', size: 16, color: INK },
  heading: { style: 'bold', size: 11.5, color: INK },
  label: { style: 'bold', size: 10, color: INK },
  body: { style: 'regular', size: 10, color: INK },
  meta: { style: 'regular', size: 9, color: MUTED },
  signature: { style: 'bold', size: 10, color: INK },
  continued: { style: 'bold', size: 9, color: MUTED },
  draft: { style: 'bold', size: 10, color: DRAFT },
  footer: { style: 'regular', size: 8, color: INK },
  notice: { style: 'regular', size: 6.5, color: MUTED },
} as const satisfies Record<string, TextStyle>;

const MARGINS = { top: 54, bottom: 96, left: 60, right: 60 };
/** The footer's top edge, measured up from the foot of the page. */
const FOOTER_HEIGHT = 70;
const LABEL_COLUMN = 96;
/** Room the repeated session heading takes at the top of a page a note runs onto. */
const CONTINUED_ROOM = 18;
/** Measured heights use the primary face; this covers fallback faces' slightly taller lines. */
const MEASURE_SLACK = 6;

interface Page {
  doc: Doc;
  fonts: ExportFonts;
  left: number;
  width: number;
  /** The heading of the note being written; a page the note runs onto repeats it with "(continued)". */
  current: string | null;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Starts a new page when less than `needed` points remain, so a heading is never left alone at the foot. */
function ensureSpace(page: Page, needed: number): void {
  const { doc } = page;
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function paragraph(page: Page, text: string, style: TextStyle, gapAfter = 0): void {
  page.doc.x = page.left;
  flowText(page.doc, page.fonts, text, style, { width: page.width, lineGap: 1.5 });
  page.doc.y += gapAfter;
}

function rule(page: Page, gapBefore: number, gapAfter: number): void {
  const { doc } = page;
  doc.y += gapBefore;
  doc
    .moveTo(page.left, doc.y)
    .lineTo(page.left + page.width, doc.y)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
  doc.y += gapAfter;
}

/** A label in the left column and its (wrapping) value beside it. */
function labelled(page: Page, label: string, value: string): void {
  const { doc, fonts } = page;
  ensureSpace(page, 16);
  const top = doc.y;
  drawLine(doc, fonts, label, TEXT.meta, { x: page.left, y: top + 0.8, maxWidth: LABEL_COLUMN - 8 });
  doc.x = page.left + LABEL_COLUMN;
  doc.y = top;
  flowText(doc, fonts, value, TEXT.body, { width: page.width - LABEL_COLUMN, lineGap: 1.5 });
  doc.x = page.left;
  doc.y += 2;
}

function writePractice(page: Page, practice: Settings): void {
  const lead = practice.practiceName || practice.clinicianName;
  paragraph(page, lead || 'Practice details not set (Settings)', lead ? TEXT.practice : TEXT.meta, 2);
  const clinician = [practice.clinicianName, practice.credentials].filter(Boolean).join(', ');
  const identifiers = [practice.npi && `NPI ${practice.npi}`, practice.taxId && `Tax ID ${practice.taxId}`];
  const lines = [
    practice.practiceName ? clinician : practice.credentials,
    practice.licence ? `License: ${practice.licence}` : '',
    identifiers.filter(Boolean).join('  ·  '),
    practice.address,
    [practice.phone && `Tel. ${practice.phone}`, practice.email].filter(Boolean).join('  ·  '),
  ];
  for (const line of lines.filter((text) => text.trim() !== '')) paragraph(page, line, TEXT.meta);
  rule(page, 10, 14);
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

/** Written last, over the finished pages, because "of m" is known only then. */
function writeFooters(page: Page, client: Client): number {
  const { doc, fonts } = page;
  const { start, count } = doc.bufferedPageRange();
  const identity = [
    client.name,
    client.dateOfBirth ? `DOB ${client.dateOfBirth}` : '',
    client.chartNumber ? `Chart ${client.chartNumber}` : '',
  ]
    .filter(Boolean)
    .join('  ·  ');
  for (let index = 0; index < count; index += 1) {
    doc.switchToPage(start + index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const top = doc.page.height - FOOTER_HEIGHT;
    doc.y = top;
    rule(page, 0, 0);
    const pageLabel = `Page ${index + 1} of ${count}`;
    const labelWidth = lineWidth(doc, fonts, pageLabel, TEXT.footer);
    drawLine(doc, fonts, identity, TEXT.footer, { x: page.left, y: top + 6, maxWidth: page.width - labelWidth - 24 });
    drawLine(doc, fonts, pageLabel, TEXT.footer, { x: page.left + page.width - labelWidth, y: top + 6, maxWidth: labelWidth + 1 });
    doc.x = page.left;
    doc.y = top + 20;
    flowText(doc, fonts, CONFIDENTIALITY_NOTICE, TEXT.notice, { width: page.width, lineGap: 0.5 });
    doc.page.margins.bottom = bottom;
  }
  return count;
}

function newDocument(plan: ExportPlan, options: RenderOptions): Doc {
  const protection = options.password
    ? {
        userPassword: options.password,
        // Nobody holds the owner password: the restrictions cannot be lifted by anyone.
        ownerPassword: randomBytes(32).toString('base64url'),
        pdfVersion: '1.7ext3' as const,
        permissions: {
          printing: 'highResolution' as const,
          copying: true,
          modifying: false,
          annotating: false,
          fillingForms: false,
          contentAccessibility: true,
          documentAssembly: false,
        },
      }
    : {};
  return new PDFDocument({
    size: 'LETTER',
    margins: MARGINS,
    bufferPages: true,
    compress: options.compress ?? true,
    // An empty default font keeps pdfkit from loading Helvetica, which the document never uses.
    font: '',
    // The metadata is readable without opening the document: nothing in it may identify the client.
    info: {
      Title: TITLES[plan.scope.kind],
      Subject: 'Clinical documentation',
      Producer: 'Therapist Vault',
      Creator: 'Therapist Vault',
      CreationDate: options.release.preparedAt,
    },
    ...protection,
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Lays out the plan as a PDF. Between notes it yields to the event loop and
 * reports progress, so a cancel request can arrive; it returns null when the
 * signal was aborted. Nothing is written anywhere: the caller gets the bytes.
 */
export async function renderProgressPdf(plan: ExportPlan, options: RenderOptions): Promise<RenderedPdf | null> {
  const doc = newDocument(plan, options);
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  registerFaces(doc, options.fonts);
  const page: Page = {
    doc,
    fonts: options.fonts,
    left: MARGINS.left,
    width: doc.page.width - MARGINS.left - MARGINS.right,
    current: null,
  };
  // A page break inside a note, whether pdfkit's own mid-paragraph or ensureSpace's, repeats its heading.
  doc.on('pageAdded', () => {
    const heading = page.current;
    if (heading === null) return;
    const top = doc.page.margins.top;
    drawOutsideFlow(doc, () => {
      drawLine(doc, page.fonts, `${heading} (continued)`, TEXT.continued, { x: page.left, y: top, maxWidth: page.width });
    });
    doc.y = top + CONTINUED_ROOM;
  });
  writePractice(page, plan.practice);
  writeTitle(page, plan, options.release);
  writeClient(page, plan.client, plan.scope);
  writeDiagnoses(page, plan.diagnoses);
  if (plan.treatmentPlan) writeTreatmentPlan(page, plan.treatmentPlan, plan.diagnoses);
  writeSummary(page, plan.entries);
  const total = plan.entries.length;
  for (const [index, entry] of plan.entries.entries()) {
    if (options.signal?.aborted) return null;
    writeEntry(page, entry);
    options.onProgress?.(index + 1, total);
    await nextTurn();
  }
  if (options.signal?.aborted) return null;
  page.current = null;
  const pageCount = writeFooters(page, plan.client);
  doc.end();
  await ended;
  const bytes = Buffer.concat(chunks);
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), pageCount };
}
