import type PDFDocument from 'pdfkit';
import type { ExportFonts, FontFace, FontStyle } from './exportFonts';
import { printable } from './exportFormat';
import type { Run } from './textRuns';
import { splitRuns } from './textRuns';

/** @types/pdfkit types the default export as the document interface itself. */
type Doc = typeof PDFDocument;

export interface TextStyle {
  style: FontStyle;
  size: number;
  color: string;
}

export interface FlowOptions {
  width: number;
  lineGap?: number;
}

/** pdfkit 0.20 takes parsed fontkit fonts; @types/pdfkit (0.17) lists only files and bytes. */
export function registerFaces(doc: Doc, fonts: ExportFonts): void {
  for (const face of [...fonts.regular, ...fonts.bold]) {
    doc.registerFont(face.name, face.font as unknown as PDFKit.Mixins.PDFFontSource);
  }
}

/**
 * Every run sits on the primary face's baseline: pdfkit otherwise places a
 * run by its own font's ascent, and CJK glyphs would float above the Latin.
 */
function baselineOf(fonts: ExportFonts, text: TextStyle): number {
  const primary = fonts[text.style][0]!.font;
  return -(primary.ascent / primary.unitsPerEm) * text.size;
}

function runsOf(fonts: ExportFonts, text: string, style: TextStyle): Run<FontFace>[] {
  return splitRuns(printable(text), fonts[style.style]);
}

function use(doc: Doc, face: FontFace, style: TextStyle): Doc {
  return doc.font(face.name).fontSize(style.size).fillColor(style.color);
}

/** pdfkit 0.20's text state, private to it: what a wrapped paragraph under way relies on. */
interface TextState {
  _font: unknown;
  _fontSize: number;
  _fillColor: unknown;
  _wrapper: unknown;
  _textOptions: unknown;
}

/**
 * Runs `draw` from inside a page break that may fall in the middle of a
 * wrapped paragraph, and leaves the paragraph's state as it was: pdfkit has
 * measured the rest of the line in the current face and would otherwise
 * draw it in whatever `draw` used, or fold `draw`'s text into the paragraph.
 * Drawing here, not over the finished pages, keeps the text in reading order.
 */
export function drawOutsideFlow(doc: Doc, draw: () => void): void {
  const state = doc as unknown as TextState;
  const saved = { ...state, x: doc.x };
  state._wrapper = null;
  state._textOptions = null;
  try {
    draw();
  } finally {
    state._wrapper = saved._wrapper;
    state._textOptions = saved._textOptions;
    state._font = saved._font;
    state._fontSize = saved._fontSize;
    state._fillColor = saved._fillColor;
    doc.x = saved.x;
  }
}

/**
 * The height flowText would take for the text, measured in the primary face
 * (fallback faces for other scripts have close line heights; callers leave a
 * little room).
 */
export function textHeight(doc: Doc, fonts: ExportFonts, text: string, style: TextStyle, options: FlowOptions): number {
  use(doc, fonts[style.style][0]!, style);
  let height = 0;
  for (const line of printable(text).split('\n')) {
    height += line.trim() === '' ? doc.currentLineHeight(true) / 2 : doc.heightOfString(line, options);
  }
  return height;
}

/**
 * Wrapped text at doc.x / doc.y, switching fonts per run; moves doc.y below
 * it. A blank line between paragraphs becomes half a line of space. Each
 * line is its own chain of runs: pdfkit drops blank lines and adds a
 * stray space when a line break falls inside a chain of continued runs.
 */
export function flowText(doc: Doc, fonts: ExportFonts, text: string, style: TextStyle, options: FlowOptions): void {
  const baseline = baselineOf(fonts, style);
  for (const line of printable(text).split('\n')) {
    if (line.trim() === '') {
      use(doc, fonts[style.style][0]!, style);
      doc.y += doc.currentLineHeight(true) / 2;
      continue;
    }
    const runs = splitRuns(line, fonts[style.style]);
    runs.forEach((run, index) => {
      use(doc, run.face, style).text(run.text, { ...options, baseline, continued: index < runs.length - 1 });
    });
  }
}

function widthOfRuns(doc: Doc, runs: readonly Run<FontFace>[], style: TextStyle): number {
  return runs.reduce((sum, run) => sum + use(doc, run.face, style).widthOfString(run.text), 0);
}

/** Drops characters from the end until the line, with an ellipsis, fits. */
function fitted(doc: Doc, fonts: ExportFonts, text: string, style: TextStyle, maxWidth: number): Run<FontFace>[] {
  const runs = runsOf(fonts, text.replace(/\s+/g, ' '), style);
  if (widthOfRuns(doc, runs, style) <= maxWidth) return runs;
  const chars = [...runs.map((run) => run.text).join('')];
  while (chars.length > 0) {
    chars.pop();
    const shorter = runsOf(fonts, `${chars.join('').trimEnd()}…`, style);
    if (widthOfRuns(doc, shorter, style) <= maxWidth) return shorter;
  }
  return [];
}

/** One unwrapped line at (x, y), cut short with an ellipsis past maxWidth; returns its width. */
export function drawLine(
  doc: Doc,
  fonts: ExportFonts,
  text: string,
  style: TextStyle,
  at: { x: number; y: number; maxWidth: number },
): number {
  const baseline = baselineOf(fonts, style);
  let x = at.x;
  for (const run of fitted(doc, fonts, text, style, at.maxWidth)) {
    use(doc, run.face, style).text(run.text, x, at.y, { lineBreak: false, baseline });
    x += doc.widthOfString(run.text);
  }
  return x - at.x;
}

/** The width one unwrapped line would take. */
export function lineWidth(doc: Doc, fonts: ExportFonts, text: string, style: TextStyle): number {
  return widthOfRuns(doc, runsOf(fonts, text.replace(/\s+/g, ' '), style), style);
}
