/*
 * The geometry of a measure's chart over time, worked out once for both
 * drawings of it: the SVG on the client page and the vector drawing in
 * exported PDFs. Scores run up the y axis (0 at the foot), session dates
 * along the x axis in proportion to the days between them.
 */
import type { MeasureInstrument, SeverityBand } from './measures';
import { maxScore, MEASURES } from './measures';

export interface ChartBox {
  width: number;
  height: number;
  /** Room kept free on each side for the axis labels. */
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface ChartPoint<T> {
  x: number;
  y: number;
  datum: T;
}

export interface ChartLayout<T> {
  plot: { x: number; y: number; width: number; height: number };
  /** One horizontal stripe per severity band, lowest band first. */
  bands: { band: SeverityBand; index: number; y: number; height: number }[];
  /** The band thresholds and the top score, labelled on the y axis. */
  yTicks: { value: number; y: number }[];
  /** The first and last dates (one when they are the same day). */
  xTicks: { date: string; x: number }[];
  points: ChartPoint<T>[];
}

const DAY_MS = 86_400_000;

function dayOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Lays out the scores of one instrument, oldest first; a single reading sits in the middle. */
export function chartLayout<T extends { date: string; score: number }>(
  instrument: MeasureInstrument,
  readings: readonly T[],
  box: ChartBox,
): ChartLayout<T> {
  const plot = {
    x: box.margin.left,
    y: box.margin.top,
    width: box.width - box.margin.left - box.margin.right,
    height: box.height - box.margin.top - box.margin.bottom,
  };
  const top = maxScore(instrument);
  const yOf = (score: number) => plot.y + plot.height - (score / top) * plot.height;
  const bands = MEASURES[instrument].bands.map((entry, index, all) => {
    const upper = index + 1 < all.length ? all[index + 1]!.from : top;
    return { band: entry.band, index, y: yOf(upper), height: yOf(entry.from) - yOf(upper) };
  });
  const yTicks = [...MEASURES[instrument].bands.map((entry) => entry.from), top].map((value) => ({ value, y: yOf(value) }));

  const days = readings.map((reading) => dayOf(reading.date));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const span = last - first;
  const xOf = (day: number) => (span === 0 ? plot.x + plot.width / 2 : plot.x + ((day - first) / span) * plot.width);
  const points = readings.map((reading, index) => ({ x: xOf(days[index]!), y: yOf(reading.score), datum: reading }));
  const xTicks =
    readings.length === 0
      ? []
      : span === 0
        ? [{ date: readings[0]!.date, x: xOf(first) }]
        : [
            { date: readings[days.indexOf(first)]!.date, x: xOf(first) },
            { date: readings[days.indexOf(last)]!.date, x: xOf(last) },
          ];
  return { plot, bands, yTicks, xTicks, points };
}
