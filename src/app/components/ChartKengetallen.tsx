// The charts of the kengetallen dashboard. Loaded on demand (its own chunk with @visx): nothing of
// it is in the first route. Every chart is an SVG with a text summary; the table alternative is
// rendered next to it by the page.
import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import type { ReactNode } from 'react';
import type { Cell } from '../../domain/kengetallen';

export interface ChartPoint {
  label: string;
  value: Cell;
}

const W = 340;
const H = 200;
const M = { top: 12, right: 8, bottom: 48, left: 36 };
const PRIMARY = '#1d4f91';
const HIDDEN = '#8a94a3';

/** A suppressed value is drawn as a grey stub of height 0 with its "<5" or "x"; never as a guessed number. */
const num = (c: Cell) => (typeof c === 'number' ? c : 0);

function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <svg className="chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
      {children}
    </svg>
  );
}

/** Trend per period: bars with a line through them. */
export function ChartTrend({ title, points }: { title: string; points: ChartPoint[] }) {
  const x = scaleBand({ domain: points.map((p) => p.label), range: [0, W - M.left - M.right], padding: 0.25 });
  const max = Math.max(5, ...points.map((p) => num(p.value)));
  const y = scaleLinear({ domain: [0, max], range: [H - M.top - M.bottom, 0], nice: true });
  const every = Math.ceil(points.length / 6);
  return (
    <Frame title={title}>
      <Group left={M.left} top={M.top}>
        {points.map((p) => {
          const h = H - M.top - M.bottom - y(num(p.value));
          return (
            <Group key={p.label}>
              <Bar
                x={x(p.label)}
                y={y(num(p.value))}
                width={x.bandwidth()}
                height={Math.max(h, typeof p.value === 'number' ? 0 : 2)}
                fill={typeof p.value === 'number' ? PRIMARY : HIDDEN}
                opacity={0.35}
              />
              {typeof p.value !== 'number' && (
                <text x={(x(p.label) ?? 0) + x.bandwidth() / 2} y={y(0) - 6} textAnchor="middle" fontSize={11} fill="#1b1f24">
                  {p.value}
                </text>
              )}
            </Group>
          );
        })}
        <LinePath
          data={points.filter((p) => typeof p.value === 'number')}
          x={(p) => (x(p.label) ?? 0) + x.bandwidth() / 2}
          y={(p) => y(num(p.value))}
          stroke={PRIMARY}
          strokeWidth={2.5}
        />
        <AxisLeft
          scale={y}
          numTicks={4}
          tickFormat={(v) => String(v)}
          tickLabelProps={{ fontSize: 11, fill: '#1b1f24' }}
          stroke="#4a5563"
          tickStroke="#4a5563"
        />
        <AxisBottom
          top={H - M.top - M.bottom}
          scale={x}
          tickValues={points.map((p) => p.label).filter((_, i) => i % every === 0)}
          tickLabelProps={{ fontSize: 11, fill: '#1b1f24', angle: -30, textAnchor: 'end' }}
          stroke="#4a5563"
          tickStroke="#4a5563"
        />
      </Group>
    </Frame>
  );
}

/** Comparison between schools: horizontal bars, the value written next to each bar. */
export function ChartCompare({ title, points }: { title: string; points: ChartPoint[] }) {
  const rowH = 30;
  const h = points.length * rowH + 8;
  const labelW = 150;
  const x = scaleLinear({ domain: [0, Math.max(5, ...points.map((p) => num(p.value)))], range: [0, W - labelW - 40] });
  return (
    <svg className="chart-svg" viewBox={`0 0 ${W} ${h}`} role="img" aria-label={title}>
      {points.map((p, i) => (
        <Group key={p.label} top={i * rowH + 4}>
          <text x={0} y={rowH / 2} dominantBaseline="middle" fontSize={12} fill="#1b1f24">
            {p.label.length > 22 ? `${p.label.slice(0, 21)}…` : p.label}
          </text>
          <Bar
            x={labelW}
            y={4}
            height={rowH - 10}
            width={Math.max(2, x(num(p.value)))}
            fill={typeof p.value === 'number' ? PRIMARY : HIDDEN}
          />
          <text x={labelW + Math.max(2, x(num(p.value))) + 4} y={rowH / 2} dominantBaseline="middle" fontSize={12} fill="#1b1f24">
            {typeof p.value === 'number' ? p.value : p.value}
          </text>
        </Group>
      ))}
    </svg>
  );
}
