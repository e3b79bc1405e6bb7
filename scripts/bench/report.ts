import type { StoreName } from './engines';
import { STORES } from './engines';
import type { Spread } from './stats';

/** Why a store has no value for a figure. */
export interface NotApplicable {
  na: string;
}

export type Value = Spread | NotApplicable;

export interface Target {
  text: string;
  /** Null when the figure needed for the verdict is missing. */
  met: boolean | null;
}

export interface Figure {
  id: string;
  label: string;
  unit: 'ms' | 'MB';
  values: Record<StoreName, Value>;
  /** The vault's median over the floor's and the peer's (p95 over p95 in `p95`); null where either is n/a. */
  ratios: {
    toFloor: number | null;
    toPeer: number | null;
    p95ToFloor: number | null;
    p95ToPeer: number | null;
  };
  target?: Target;
  note?: string;
}

export const isMeasured = (value: Value): value is Spread => !('na' in value);

function ratio(ours: Value, theirs: Value, pick: (spread: Spread) => number): number | null {
  if (!isMeasured(ours) || !isMeasured(theirs) || pick(theirs) === 0) return null;
  return pick(ours) / pick(theirs);
}

export interface FigureInput {
  id: string;
  label: string;
  unit?: Figure['unit'];
  values: Record<StoreName, Value>;
  target?: (figure: Figure) => Target;
  note?: string;
}

export function figure(input: FigureInput): Figure {
  const { values } = input;
  const made: Figure = {
    id: input.id,
    label: input.label,
    unit: input.unit ?? 'ms',
    values,
    ratios: {
      toFloor: ratio(values.vault, values.floor, (s) => s.median),
      toPeer: ratio(values.vault, values.peer, (s) => s.median),
      p95ToFloor: ratio(values.vault, values.floor, (s) => s.p95),
      p95ToPeer: ratio(values.vault, values.peer, (s) => s.p95),
    },
    ...(input.note ? { note: input.note } : {}),
  };
  if (input.target) made.target = input.target(made);
  return made;
}

/** The targets, reported and never asserted. */
export const targets = {
  atMost(limit: number, on: 'median' | 'p95') {
    return (f: Figure): Target => {
      const ours = f.values.vault;
      return {
        text: `${on} <= ${limit} ${f.unit}`,
        met: isMeasured(ours) ? ours[on] <= limit : null,
      };
    };
  },
  autosave(limitMs: number, floorRatio: number) {
    return (f: Figure): Target => {
      const ours = f.values.vault;
      const ratioToFloor = f.ratios.p95ToFloor;
      return {
        text: `p95 <= ${limitMs} ms and <= ${floorRatio}x floor p95`,
        met: isMeasured(ours) && ratioToFloor !== null ? ours.p95 <= limitMs && ratioToFloor <= floorRatio : null,
      };
    };
  },
  notSlowerThanPeer() {
    return (f: Figure): Target => ({
      text: 'median <= 1.0x peer',
      met: f.ratios.toPeer === null ? null : f.ratios.toPeer <= 1,
    });
  },
};

function formatNumber(value: number, unit: Figure['unit']): string {
  if (unit === 'MB') return value.toFixed(0);
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function cells(value: Value, unit: Figure['unit']): [string, string] {
  if (!isMeasured(value)) return ['n/a', ''];
  if (value.n === 1) return [formatNumber(value.median, unit), ''];
  return [formatNumber(value.median, unit), formatNumber(value.p95, unit)];
}

const times = (value: number | null) => (value === null ? '-' : `${value.toFixed(2)}x`);

function verdict(target: Target | undefined): string {
  if (!target) return '';
  const mark = target.met === null ? '?' : target.met ? 'met' : 'MISSED';
  return `${mark} (${target.text})`;
}

/** The figures as a fixed-width text table, with the n/a reasons and notes listed under it. */
export function renderTable(figures: readonly Figure[]): string {
  const header = [
    'figure',
    'unit',
    ...STORES.flatMap((store) => [`${store} p50`, 'p95']),
    'x floor',
    'x peer',
    'target',
  ];
  const rows = figures.map((f) => [
    f.label,
    f.unit,
    ...STORES.flatMap((store) => cells(f.values[store], f.unit)),
    times(f.ratios.toFloor),
    times(f.ratios.toPeer),
    verdict(f.target),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column <= 1 || column === row.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  const notes: string[] = [];
  for (const f of figures) {
    const reasons = new Set(STORES.flatMap((store) => {
      const value = f.values[store];
      return isMeasured(value) ? [] : [`${store}: ${value.na}`];
    }));
    if (reasons.size > 0) notes.push(`  ${f.label}: n/a for ${[...reasons].join('; ')}`);
    if (f.note) notes.push(`  ${f.label}: ${f.note}`);
  }
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    'Ratios are the vault over the floor / the peer, on medians. n = samples per store; single values have no p95.',
    ...(notes.length > 0 ? ['Notes:', ...notes] : []),
  ].join('\n');
}
