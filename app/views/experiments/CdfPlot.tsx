import { line, curveStepAfter, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { useId } from 'react';
import type { CdfPoint } from '../../../engine/experiments/stats';
import { labelAnchors, lineStyle } from './model';

export interface CdfSeries {
  name: string;
  cdf: CdfPoint[];
  /** Runs without a value (the curve ends below 100%). */
  missing: number;
}

export interface CdfPlotProps {
  series: CdfSeries[];
  /** The x axis title, with its unit. */
  xLabel: string;
  scale: 'log' | 'linear';
  /** One sentence for screen readers: what the plot shows. */
  description: string;
}

const W = 1000;
const H = 560;
const M = { top: 24, right: 56, bottom: 84, left: 96 };

/** The largest 1, 2 or 5 × 10^k at or below x (the log axis starts there). */
function niceBelow(x: number): number {
  const decade = 10 ** Math.floor(Math.log10(x));
  return [5, 2, 1].map((d) => d * decade).find((v) => v <= x * (1 + 1e-9)) ?? decade;
}

/** The smallest 1, 2 or 5 × 10^k at or above x. */
function niceAbove(x: number): number {
  const decade = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((d) => d * decade).find((v) => v >= x * (1 - 1e-9)) ?? 10 * decade;
}

/** "100", "1,000", "20,000". */
const tickText = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });

/**
 * The empirical CDF of one measure, one line per variant, in the paper's style: x the measured
 * time, y the cumulative percent of runs. Drawn with d3's scales and shapes into React's SVG
 * (React owns the DOM; no string is ever inserted as markup).
 */
export function CdfPlot({ series, xLabel, scale, description }: CdfPlotProps) {
  const titleId = useId();
  const descId = useId();
  const xs = series.flatMap((s) => s.cdf.map((p) => p.x));
  const positive = xs.filter((x) => x > 0);
  const lo = positive.length > 0 ? Math.min(...positive) : 1;
  const hi = xs.length > 0 ? Math.max(...xs) : 1;
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;

  let x: ScaleContinuousNumeric<number, number>;
  let ticks: number[];
  if (scale === 'log') {
    const from = niceBelow(lo);
    const to = Math.max(from * 10, niceAbove(hi * 1.05));
    x = scaleLog().domain([from, to]).range([0, innerW]).clamp(true);
    ticks = x.ticks().filter((t) => {
      const lead = t / 10 ** Math.floor(Math.log10(t) + 1e-9);
      const decades = Math.log10(to / from);
      return decades > 2.5 ? Math.abs(lead - 1) < 1e-6 : [1, 2, 5].some((d) => Math.abs(lead - d) < 1e-6);
    });
  } else {
    x = scaleLinear().domain([0, hi * 1.04]).nice(8).range([0, innerW]);
    ticks = x.ticks(8);
  }
  const y = scaleLinear().domain([0, 100]).range([innerH, 0]);
  const yTicks = [0, 20, 40, 60, 80, 100];

  const path = line<[number, number]>()
    .x((d) => x(Math.max(d[0], x.domain()[0]!)))
    .y((d) => y(d[1] * 100))
    .curve(curveStepAfter);
  const right = x.domain()[1]!;
  const anchors = labelAnchors(series.map((s) => s.cdf));

  return (
    <svg className="cdf-plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`}>
      <title id={titleId}>{`Cumulative distribution: ${xLabel}`}</title>
      <desc id={descId}>{description}</desc>
      <g transform={`translate(${M.left},${M.top})`}>
        {yTicks.map((t) => (
          <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
            <line className="cdf-grid" x2={innerW} />
            <text className="cdf-tick" x={-12} dy="0.35em" textAnchor="end">
              {`${t}%`}
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <g key={`x${t}`} transform={`translate(${x(t)},0)`}>
            <line className="cdf-grid" y2={innerH} />
            <line className="cdf-tickmark" y1={innerH} y2={innerH + 8} />
            <text className="cdf-tick" y={innerH + 32} textAnchor="middle">
              {tickText(t)}
            </text>
          </g>
        ))}
        <line className="cdf-axis" y1={innerH} x2={innerW} y2={innerH} />
        <line className="cdf-axis" y2={innerH} />
        <text className="cdf-axis-title" x={innerW / 2} y={innerH + 70} textAnchor="middle">
          {scale === 'log' ? `${xLabel}, log scale` : xLabel}
        </text>
        <text className="cdf-axis-title" transform={`translate(${-70},${innerH / 2}) rotate(-90)`} textAnchor="middle">
          cumulative percent of runs
        </text>
        {series.map((s, i) => {
          if (s.cdf.length === 0) return null;
          const first = s.cdf[0]!;
          const last = s.cdf[s.cdf.length - 1]!;
          const points: [number, number][] = [[first.x, 0], ...s.cdf.map((p): [number, number] => [p.x, p.p]), [right, last.p]];
          const style = lineStyle(i);
          return (
            <path
              key={s.name}
              className="cdf-line"
              d={path(points) ?? ''}
              stroke={style.color}
              strokeDasharray={style.dash || undefined}
              data-variant={s.name}
            />
          );
        })}
        {series.map((s, i) => {
          const at = anchors[i];
          if (!at) return null;
          const px = x(Math.max(at.x, x.domain()[0]!));
          const py = y(at.p * 100);
          const flip = px > innerW - 190;
          const style = lineStyle(i);
          return (
            <g key={`label-${s.name}`} className="cdf-label">
              <circle cx={px} cy={py} r={5} fill={style.color} />
              <text x={flip ? px - 12 : px + 12} y={py} dy="0.35em" textAnchor={flip ? 'end' : 'start'} fill={style.color}>
                {s.name}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
