/*
 * The PDF of a psychotherapy-note release: its own file, holding the chosen
 * psychotherapy notes and nothing of the clinical record (45 CFR 164.501,
 * 164.508(a)(2)). The page layout is the export's; the content is not.
 */
import { localTimestamp } from '../export/exportFormat';
import type { ExportFonts } from '../export/exportFonts';
import type { Page } from '../export/pdfPage';
import { ensureSpace, labelled, nextTurn, paragraph, rule, startDocument, TEXT, writeFooters, writePractice } from '../export/pdfPage';
import { psychotherapyBasisLines } from './releaseBasis';
import type { ReleasedNote, ReleasePlan } from './releasePlan';

export interface ReleaseDetails {
  recipient: string;
  purpose: string;
  preparedAt: Date;
}

export interface ReleaseRenderOptions {
  fonts: ExportFonts;
  release: ReleaseDetails;
  /** Encrypts the PDF (AES-256); readers must type it to open the file. */
  password?: string;
  /** Off only in tests, which search the raw bytes. */
  compress?: boolean;
}

export interface RenderedRelease {
  bytes: Uint8Array;
  pageCount: number;
}

const TITLE = 'Psychotherapy notes';

const NOTICE =
  'CONFIDENTIAL: psychotherapy notes (45 CFR 164.501), released only on the basis stated on page 1. ' +
  "They may not be disclosed further without the client's written authorization for psychotherapy notes " +
  '(45 CFR 164.508(a)(2)) or as the law requires. If you received this in error, notify the sender and destroy it.';

function contentsLine(notes: readonly ReleasedNote[]): string {
  const count = notes.length === 1 ? '1 psychotherapy note' : `${notes.length} psychotherapy notes`;
  const first = notes[0]!.session.date;
  const last = notes[notes.length - 1]!.session.date;
  const span = first === last ? `of the session on ${first}` : `of sessions from ${first} to ${last}`;
  return `${count} ${span}, chosen for this release. Psychotherapy notes are kept apart from the clinical record and released on their own; this file holds no progress notes.`;
}

function writeTitle(page: Page, plan: ReleasePlan, release: ReleaseDetails): void {
  paragraph(page, TITLE, TEXT.title, 4);
  paragraph(page, contentsLine(plan.notes), TEXT.body, 8);
  labelled(page, 'Released to', release.recipient);
  labelled(page, 'Purpose', release.purpose);
  for (const line of psychotherapyBasisLines(plan.basis)) labelled(page, line.label, line.value);
  labelled(page, 'Prepared', localTimestamp(release.preparedAt.toISOString()));
  page.doc.y += 8;
}

function writeClient(page: Page, plan: ReleasePlan): void {
  const { client } = plan;
  paragraph(page, 'Client', TEXT.heading, 4);
  labelled(page, 'Name', client.name);
  if (client.dateOfBirth) labelled(page, 'Date of birth', client.dateOfBirth);
  if (client.chartNumber) labelled(page, 'Chart number', client.chartNumber);
  page.doc.y += 6;
}

function writeNote(page: Page, { note, session }: ReleasedNote): void {
  page.current = null;
  ensureSpace(page, 90);
  rule(page, 8, 10);
  const heading = `Session ${session.date}, ${session.startTime}–${session.endTime}`;
  page.current = heading;
  paragraph(page, heading, TEXT.heading, 1);
  const changed = note.updatedAt !== note.createdAt ? `, last changed ${localTimestamp(note.updatedAt)}` : '';
  paragraph(page, `Psychotherapy note written ${localTimestamp(note.createdAt)}${changed}`, TEXT.meta, 6);
  const text = note.text.trim();
  paragraph(page, text || 'Empty note.', text ? TEXT.body : TEXT.meta, 6);
}

/** Lays out the release; nothing is written anywhere, the caller gets the bytes. */
export async function renderPsychotherapyRelease(plan: ReleasePlan, options: ReleaseRenderOptions): Promise<RenderedRelease> {
  const { page, finish } = startDocument({
    fonts: options.fonts,
    title: TITLE,
    preparedAt: options.release.preparedAt,
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.compress !== undefined ? { compress: options.compress } : {}),
  });
  writePractice(page, plan.practice);
  writeTitle(page, plan, options.release);
  writeClient(page, plan);
  for (const entry of plan.notes) {
    writeNote(page, entry);
    await nextTurn();
  }
  const pageCount = writeFooters(page, plan.client, NOTICE);
  return { bytes: await finish(), pageCount };
}
