/*
 * The accounting of disclosures (45 CFR 164.528) as a PDF for the client. It
 * is built from the accounting alone (dates, recipients, descriptions and
 * purposes of disclosures) and the practice settings; like every module in
 * main/export it cannot reach psychotherapy notes.
 */
import type { Accounting } from '../../shared/domain/disclosureLog';
import { ACCOUNTING_EXCLUSIONS } from '../../shared/domain/disclosureLog';
import type { Client } from '../../shared/domain/records';
import type { Settings } from '../../shared/domain/schemas';
import type { ExportFonts } from './exportFonts';
import { localTimestamp } from './exportFormat';
import type { Page } from './pdfPage';
import { labelled, paragraph, rule, startDocument, TEXT, writeFooters, writePractice } from './pdfPage';
import type { RenderedPdf } from './progressPdf';

export interface AccountingDocument {
  accounting: Accounting;
  client: Client;
  practice: Settings;
  preparedAt: Date;
}

const EXCLUDED_KINDS = Object.values(ACCOUNTING_EXCLUSIONS);

const NOTICE =
  'CONFIDENTIAL: protected health information, prepared for the client named above under 45 CFR 164.528. ' +
  'If you received this in error, notify the sender and destroy it.';

function writeIntroduction(page: Page, document: AccountingDocument): void {
  const { accounting, client } = document;
  paragraph(page, 'Accounting of disclosures', TEXT.title, 4);
  paragraph(
    page,
    "The disclosures of this client's protected health information made in the six years before the " +
      'accounting was requested, as 45 CFR 164.528 requires.',
    TEXT.body,
    6,
  );
  labelled(page, 'Client', client.name);
  if (client.dateOfBirth) labelled(page, 'Date of birth', client.dateOfBirth);
  if (client.chartNumber) labelled(page, 'Chart number', client.chartNumber);
  labelled(page, 'Period', `${accounting.periodStart} to ${accounting.requestedOn}`);
  labelled(page, 'Prepared', localTimestamp(document.preparedAt.toISOString()));
  page.doc.y += 4;
  paragraph(page, `Not listed, as the rule provides: disclosures ${EXCLUDED_KINDS.join('; ')}.`, TEXT.meta, 8);
}

function writeEntries(page: Page, accounting: Accounting): void {
  if (accounting.entries.length === 0) {
    rule(page, 0, 10);
    paragraph(page, 'No disclosures in this period are of a kind the accounting lists.', TEXT.body, 6);
    return;
  }
  accounting.entries.forEach((entry, index) => {
    if (page.doc.y + 90 > page.doc.page.height - page.doc.page.margins.bottom) page.doc.addPage();
    rule(page, 0, 8);
    paragraph(page, `${index + 1}. ${entry.disclosedOn}`, TEXT.heading, 3);
    labelled(page, 'Recipient', entry.recipient);
    labelled(page, 'Disclosed', entry.description);
    labelled(page, 'Purpose', entry.purpose);
    labelled(page, 'Basis', entry.basis);
    page.doc.y += 6;
  });
}

/** Lays out the accounting; the bytes come back, nothing is written. */
export async function renderAccountingPdf(document: AccountingDocument, fonts: ExportFonts, compress = true): Promise<RenderedPdf> {
  // The metadata title is readable without opening the document: nothing in it names the client.
  const { page, finish } = startDocument({ fonts, title: 'Accounting of disclosures', preparedAt: document.preparedAt, compress });
  writePractice(page, document.practice);
  writeIntroduction(page, document);
  writeEntries(page, document.accounting);
  const pageCount = writeFooters(page, document.client, NOTICE);
  return { bytes: await finish(), pageCount };
}
