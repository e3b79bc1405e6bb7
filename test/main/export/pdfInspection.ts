import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Below this height (points from the page's foot) lies the footer: client identifiers, page number, notice. */
const FOOTER_TOP = 80;
/** The session heading a note repeats at the top of each page it runs onto. */
const CONTINUED_HEADING = /^Session \d{4}-\d{2}-\d{2}, \d{2}:\d{2}–\d{2}:\d{2} \(continued\)\n/;

export interface PageText {
  /** Everything pdf.js extracts from the page, lines ending in "\n". */
  all: string;
  /** The same without the footer and the repeated "(continued)" session heading, so text that runs over a page break reads on. */
  body: string;
}

export interface PdfContents {
  pages: PageText[];
  /** The document information dictionary (Title, Author, Producer...). */
  info: Record<string, unknown>;
  /** The XMP metadata stream, when there is one. */
  xmp: string | null;
}

interface ExtractedItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
}

function isTextItem(item: unknown): item is ExtractedItem {
  return typeof item === 'object' && item !== null && 'str' in item;
}

/** Reads a PDF the way a recipient's viewer would: pdf.js, text layer and metadata. */
export async function readPdf(bytes: Uint8Array, password?: string): Promise<PdfContents> {
  // pdf.js takes ownership of the buffer it is given.
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0, ...(password ? { password } : {}) });
  const document = await task.promise;
  try {
    const pages: PageText[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      let all = '';
      let body = '';
      for (const item of content.items) {
        if (!isTextItem(item)) continue;
        const text = item.str + (item.hasEOL ? '\n' : '');
        all += text;
        if ((item.transform[5] ?? 0) > FOOTER_TOP) body += text;
      }
      pages.push({ all, body: body.replace(CONTINUED_HEADING, '') });
    }
    const metadata = await document.getMetadata();
    const xmp = metadata.metadata ? String(metadata.metadata.getRaw()) : null;
    return { pages, info: metadata.info as Record<string, unknown>, xmp };
  } finally {
    await task.destroy();
  }
}

/** Whitespace runs as one space: pdf.js rebuilds spaces from glyph gaps, not from the text drawn. */
export function flattened(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Without whitespace: line wrapping (and CJK wrapping between characters) then cannot split a match. */
export function squeezed(text: string): string {
  return text.replace(/\s+/g, '');
}

export function bodyText(contents: PdfContents): string {
  return contents.pages.map((page) => page.body).join('\n');
}

export function allText(contents: PdfContents): string {
  return contents.pages.map((page) => page.all).join('\n');
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function utf16be(text: string): Uint8Array {
  const little = Buffer.from(text, 'utf16le');
  const big = Buffer.alloc(little.length);
  for (let index = 0; index + 1 < little.length; index += 2) {
    big[index] = little[index + 1]!;
    big[index + 1] = little[index]!;
  }
  return big;
}

/**
 * Whether `text` occurs in the file's bytes in any form pdfkit writes strings:
 * literal (UTF-8 or Latin-1), UTF-16BE, or either as hex.
 */
export function rawBytesContain(bytes: Uint8Array, text: string): boolean {
  const raw = Buffer.from(bytes);
  const forms = [Buffer.from(text, 'utf8'), Buffer.from(text, 'latin1'), Buffer.from(utf16be(text))];
  if (forms.some((form) => raw.includes(form))) return true;
  const lower = raw.toString('latin1').toLowerCase();
  return forms.some((form) => lower.includes(hex(form)));
}
