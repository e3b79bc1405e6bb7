/*
 * The page every released PDF shares: its styles and margins, the practice
 * header, labelled lines, the footer with the client's identifiers and a
 * confidentiality notice, and the document itself (fonts, encryption,
 * metadata that names no client, a session heading repeated on the pages a
 * note runs onto). Progress-note exports and psychotherapy-note releases
 * build on it; nothing here reads the vault.
 */
import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { Client } from '../../shared/domain/records';
import type { Settings } from '../../shared/domain/schemas';
import type { ExportFonts } from './exportFonts';
import type { TextStyle } from './pdfText';
import { drawLine, drawOutsideFlow, flowText, lineWidth, registerFaces } from './pdfText';

export type Doc = typeof PDFDocument;

const INK = '#1a1a1a';
const MUTED = '#5c5c5c';
const RULE = '#a0a0a0';
const DRAFT = '#b00020';

export const TEXT = {
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
export const CONTINUED_ROOM = 18;

export interface Page {
  doc: Doc;
  fonts: ExportFonts;
  left: number;
  width: number;
  /** The heading of the note being written; a page the note runs onto repeats it with "(continued)". */
  current: string | null;
}

/** Starts a new page when less than `needed` points remain, so a heading is never left alone at the foot. */
export function ensureSpace(page: Page, needed: number): void {
  const { doc } = page;
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

export function paragraph(page: Page, text: string, style: TextStyle, gapAfter = 0): void {
  page.doc.x = page.left;
  flowText(page.doc, page.fonts, text, style, { width: page.width, lineGap: 1.5 });
  page.doc.y += gapAfter;
}

export function rule(page: Page, gapBefore: number, gapAfter: number): void {
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
export function labelled(page: Page, label: string, value: string): void {
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

export function writePractice(page: Page, practice: Settings): void {
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

/** Written last, over the finished pages, because "of m" is known only then. */
export function writeFooters(page: Page, client: Client, notice: string): number {
  const { doc, fonts } = page;
  const { start, count } = doc.bufferedPageRange();
  const identity = [
    client.name,
    client.dateOfBirth ? `DOB ${client.dateOfBirth}` : '',
    client.chartNumber ? `Chart ${client.chartNumber}` : '',
  ]
    .filter(Boolean)
    .join('  ·  ');
  page.current = null;
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
    flowText(doc, fonts, notice, TEXT.notice, { width: page.width, lineGap: 0.5 });
    doc.page.margins.bottom = bottom;
  }
  return count;
}

export interface DocumentOptions {
  fonts: ExportFonts;
  /** The metadata title: readable without opening the document, so it never names the client. */
  title: string;
  preparedAt: Date;
  /** Encrypts the PDF (AES-256); readers must type it to open the file. */
  password?: string;
  /** Off only in tests, which search the raw bytes. */
  compress?: boolean;
}

export interface PdfDocument {
  page: Page;
  /** Ends the document and returns its bytes. */
  finish(): Promise<Uint8Array>;
}

function protectionOf(password: string | undefined) {
  if (!password) return {};
  return {
    userPassword: password,
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
  };
}

/**
 * A letter-size document with the fonts registered, whose pages repeat the
 * current note's heading marked "(continued)" when a note breaks across them.
 */
export function startDocument(options: DocumentOptions): PdfDocument {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: MARGINS,
    bufferPages: true,
    compress: options.compress ?? true,
    // An empty default font keeps pdfkit from loading Helvetica, which the document never uses.
    font: '',
    info: {
      Title: options.title,
      Subject: 'Clinical documentation',
      Producer: 'Therapist Vault',
      Creator: 'Therapist Vault',
      CreationDate: options.preparedAt,
    },
    ...protectionOf(options.password),
  });
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
  return {
    page,
    async finish() {
      doc.end();
      await ended;
      const bytes = Buffer.concat(chunks);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
