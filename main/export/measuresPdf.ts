/*
 * The outcome-measures part of a progress-note export: for each instrument a
 * chart of the scores over time, drawn with pdfkit's vector paths (so it
 * prints sharp and carries no image), then every reading as a table, which is
 * also what a screen reader or text extraction finds.
 */
import type { MeasureInstrument } from '../../shared/clinical/measures';
import { DIFFICULTY_LABELS, MEASURE_INSTRUMENTS, MEASURES, maxScore } from '../../shared/clinical/measures';
import type { ChartBox } from '../../shared/clinical/measureChart';
import { chartLayout } from '../../shared/clinical/measureChart';
import type { OutcomeMeasure } from '../../shared/domain/measures';
import type { Page } from './pdfPage';
import { ensureSpace } from './pdfPage';
import type { TextStyle } from './pdfText';
import { drawLine, flowText } from './pdfText';


const INK = '#1a1a1a';
const MUTED = '#5c5c5c';
const LINE = '#2a6481';
const RISK = '#b00020';
const AXIS = '#8a8a8a';
/** Light tints, lowest band first: readable in print and in greyscale as steps. */
const BAND_FILLS = ['#eaf4ec', '#f4f5dc', '#fbefd9', '#fbe4da', '#f8dadc'];

const TEXT = {
  heading: { style: 'bold', size: 11.5, color: INK },
  label: { style: 'bold', size: 10, color: INK },
  body: { style: 'regular', size: 9.5, color: INK },
  head: { style: 'bold', size: 8.5, color: MUTED },
  axis: { style: 'regular', size: 7, color: MUTED },
  risk: { style: 'bold', size: 9.5, color: RISK },
} as const satisfies Record<string, TextStyle>;

const CHART_HEIGHT = 130;
const ROW_HEIGHT = 14;
/** Table columns as fractions of the text width: session, measure, score, severity, item 9. */
const COLUMNS = [0, 0.22, 0.36, 0.5, 0.72];
/** With PHQ-9's difficulty answer as a sixth column; only when some reading has one, so other exports stay as they were. */
const COLUMNS_WITH_DIFFICULTY = [0, 0.14, 0.25, 0.37, 0.57, 0.79];

function drawChart(area: Page, instrument: MeasureInstrument, readings: readonly OutcomeMeasure[]): void {
  const { doc, fonts } = area;
  ensureSpace(area, CHART_HEIGHT + 24);
  doc.x = area.left;
  flowText(doc, fonts, `${MEASURES[instrument].name} over time`, TEXT.label, { width: area.width });
  doc.y += 2;
  const top = doc.y;
  const box: ChartBox = { width: area.width, height: CHART_HEIGHT, margin: { top: 4, right: 8, bottom: 18, left: 26 } };
  const layout = chartLayout(instrument, readings, box);
  const at = (x: number, y: number): [number, number] => [area.left + x, top + y];
  const { plot } = layout;

  doc.save();
  for (const band of layout.bands) {
    doc.rect(...at(plot.x, band.y), plot.width, band.height).fill(BAND_FILLS[band.index] ?? BAND_FILLS[0]!);
  }
  doc
    .moveTo(...at(plot.x, plot.y))
    .lineTo(...at(plot.x, plot.y + plot.height))
    .lineTo(...at(plot.x + plot.width, plot.y + plot.height))
    .lineWidth(0.6)
    .strokeColor(AXIS)
    .stroke();
  if (layout.points.length > 1) {
    const [first, ...rest] = layout.points;
    doc.moveTo(...at(first!.x, first!.y));
    for (const point of rest) doc.lineTo(...at(point.x, point.y));
    doc.lineWidth(1.5).lineJoin('round').strokeColor(LINE).stroke();
  }
  for (const point of layout.points) {
    const [x, y] = at(point.x, point.y);
    if (point.datum.risk) doc.circle(x, y, 3.4).fill(RISK);
    else doc.circle(x, y, 2.6).lineWidth(1.2).fillAndStroke('#ffffff', LINE);
  }
  doc.restore();

  for (const tick of layout.yTicks) {
    const [x, y] = at(plot.x - 4, tick.y - 3.5);
    const label = String(tick.value);
    drawLine(doc, fonts, label, TEXT.axis, { x: x - doc.widthOfString(label), y, maxWidth: 22 });
  }
  for (const band of layout.bands) {
    const [x, y] = at(plot.x + plot.width - 90, band.y + 2);
    if (band.height >= 9) drawLine(doc, fonts, band.band, TEXT.axis, { x, y, maxWidth: 86 });
  }
  layout.xTicks.forEach((tick, index) => {
    const last = layout.xTicks.length > 1 && index === layout.xTicks.length - 1;
    const [x, y] = at(tick.x - (last ? 44 : layout.xTicks.length === 1 ? 22 : 0), plot.y + plot.height + 5);
    drawLine(doc, fonts, tick.date, TEXT.axis, { x, y, maxWidth: 50 });
  });
  doc.x = area.left;
  doc.y = top + CHART_HEIGHT + 6;
}

function tableRow(area: Page, columns: readonly number[], cells: readonly string[], styles: readonly TextStyle[]): void {
  const { doc, fonts } = area;
  ensureSpace(area, ROW_HEIGHT);
  const y = doc.y;
  cells.forEach((cell, index) => {
    const x = area.left + columns[index]! * area.width;
    const next = index + 1 < columns.length ? columns[index + 1]! * area.width : area.width;
    drawLine(doc, fonts, cell, styles[index] ?? TEXT.body, { x, y, maxWidth: next - columns[index]! * area.width - 6 });
  });
  doc.x = area.left;
  doc.y = y + ROW_HEIGHT;
}

function drawTable(area: Page, measures: readonly OutcomeMeasure[]): void {
  const withDifficulty = measures.some((measure) => measure.difficulty !== undefined);
  const columns = withDifficulty ? COLUMNS_WITH_DIFFICULTY : COLUMNS;
  const head = ['Session', 'Measure', 'Score', 'Severity', 'Item 9 (PHQ-9)', ...(withDifficulty ? ['Difficulty (PHQ-9)'] : [])];
  tableRow(area, columns, head, head.map(() => TEXT.head));
  for (const measure of measures) {
    const flag = measure.instrument !== 'phq9' ? '-' : measure.risk ? 'FLAGGED: above 0' : 'Not at all';
    const difficulty = measure.difficulty ? DIFFICULTY_LABELS[measure.difficulty] : '-';
    tableRow(
      area,
      columns,
      [
        measure.date,
        MEASURES[measure.instrument].name,
        `${measure.score} / ${maxScore(measure.instrument)}`,
        measure.band,
        flag,
        ...(withDifficulty ? [difficulty] : []),
      ],
      [TEXT.body, TEXT.body, TEXT.body, TEXT.body, measure.risk ? TEXT.risk : TEXT.body, TEXT.body],
    );
  }
}

/** The section, when the exported sessions hold any measure; oldest reading first. */
export function writeMeasures(area: Page, measures: readonly OutcomeMeasure[]): void {
  if (measures.length === 0) return;
  const { doc, fonts } = area;
  ensureSpace(area, CHART_HEIGHT + 60);
  doc.x = area.left;
  flowText(doc, fonts, 'Outcome measures', TEXT.heading, { width: area.width });
  flowText(
    doc,
    fonts,
    'PHQ-9 and GAD-7, answered by the client item by item (0 Not at all to 3 Nearly every day); scores with their published severity bands.',
    { ...TEXT.body, color: MUTED },
    { width: area.width, lineGap: 1.5 },
  );
  doc.y += 6;
  for (const instrument of MEASURE_INSTRUMENTS) {
    const readings = measures.filter((measure) => measure.instrument === instrument);
    if (readings.length > 0) drawChart(area, instrument, readings);
  }
  drawTable(area, measures);
  doc.y += 8;
}
