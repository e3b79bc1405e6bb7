import { useId } from 'react';
import type { MeasureInstrument } from '../../../shared/clinical/measures';
import { MEASURES } from '../../../shared/clinical/measures';
import type { ChartBox } from '../../../shared/clinical/measureChart';
import { chartLayout } from '../../../shared/clinical/measureChart';
import type { OutcomeMeasure } from '../../../shared/domain/measures';

const BOX: ChartBox = { width: 560, height: 200, margin: { top: 10, right: 16, bottom: 26, left: 34 } };

function shortDate(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * One instrument's scores over time as SVG: severity bands behind, the line
 * of scores in front, flagged readings marked. Every colour and size comes
 * from attributes and stylesheet classes, never a style attribute, so the
 * strict CSP has nothing to refuse. The table beside it carries the same data
 * for screen readers, so the drawing itself is hidden from them.
 */
export function MeasuresChart({ instrument, measures }: { instrument: MeasureInstrument; measures: readonly OutcomeMeasure[] }) {
  const titleId = useId();
  const layout = chartLayout(instrument, measures, BOX);
  const { plot } = layout;
  const path = layout.points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
  return (
    <figure className="measure-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="measure-chart-title">
        {MEASURES[instrument].name} over time
      </figcaption>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} className="measure-chart-svg" aria-hidden="true" focusable="false">
        {layout.bands.map((band) => (
          <g key={band.band}>
            <rect x={plot.x} y={band.y} width={plot.width} height={band.height} className={`chart-band chart-band-${band.index}`} />
            <text x={plot.x + plot.width - 4} y={band.y + 11} className="chart-band-label" textAnchor="end">
              {band.band}
            </text>
          </g>
        ))}
        {layout.yTicks.map((tick) => (
          <text key={tick.value} x={plot.x - 6} y={tick.y + 4} className="chart-axis-label" textAnchor="end">
            {tick.value}
          </text>
        ))}
        {layout.xTicks.map((tick, index) => (
          <text
            key={tick.date}
            x={tick.x}
            y={plot.y + plot.height + 18}
            className="chart-axis-label"
            textAnchor={layout.xTicks.length === 1 ? 'middle' : index === 0 ? 'start' : 'end'}
          >
            {shortDate(tick.date)}
          </text>
        ))}
        <line x1={plot.x} y1={plot.y + plot.height} x2={plot.x + plot.width} y2={plot.y + plot.height} className="chart-axis" />
        <line x1={plot.x} y1={plot.y} x2={plot.x} y2={plot.y + plot.height} className="chart-axis" />
        {layout.points.length > 1 ? <path d={path} className="chart-line" /> : null}
        {layout.points.map((point) => (
          <circle
            key={point.datum.id}
            cx={point.x}
            cy={point.y}
            r={point.datum.risk ? 5.5 : 4}
            className={point.datum.risk ? 'chart-point chart-point-risk' : 'chart-point'}
          />
        ))}
      </svg>
    </figure>
  );
}
