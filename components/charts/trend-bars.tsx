'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { seriesColour } from './palette';

export interface SectionBarsProps {
  /** One bar per cycle in each section, oldest first. */
  cycles: string[];
  sections: { name: string; values: (number | null)[] }[];
  maxLevel: number;
  /** Accessible name; the caller renders the equivalent table. */
  label: string;
}

/** Horizontal bars: a row per section, one bar per cycle, so a section's change reads left to right. */
export function SectionBars({ cycles, sections, maxLevel, label }: SectionBarsProps) {
  // Keyed by index: names may contain characters recharts treats as paths ("CI/CD").
  const data = sections.map((section) => {
    const row: Record<string, string | number | null> = { section: section.name };
    cycles.forEach((_, index) => {
      row[`c${index}`] = section.values[index] ?? null;
    });
    return row;
  });
  const height = Math.max(200, sections.length * (14 * cycles.length + 14) + 60);
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e2e8f0" horizontal={false} />
          <XAxis
            type="number"
            domain={[0, maxLevel]}
            tickCount={maxLevel + 1}
            allowDecimals={false}
            tick={{ fontSize: 12, fill: '#334155' }}
          />
          <YAxis type="category" dataKey="section" width={120} tick={{ fontSize: 11, fill: '#334155' }} interval={0} />
          {cycles.map((name, index) => (
            <Bar key={name} name={name} dataKey={`c${index}`} fill={seriesColour(index)} isAnimationActive={false} />
          ))}
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(2) : '—')} />
          <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface GapBarsProps {
  /** One stacked bar per pair of consecutive cycles ("2026 Q2 → 2026 Q4"). */
  data: { label: string; closed: number; narrowed: number; open: number }[];
  label: string;
}

/** Gaps of the earlier cycle, stacked: closed, narrowed, still open — patterns and colours both tell them apart. */
export function GapBars({ data, label }: GapBarsProps) {
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#334155' }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#334155' }} />
          <Bar name="Closed" dataKey="closed" stackId="gaps" fill={seriesColour(2)} isAnimationActive={false} />
          <Bar name="Narrowed" dataKey="narrowed" stackId="gaps" fill={seriesColour(4)} isAnimationActive={false} />
          <Bar
            name="Still open"
            dataKey="open"
            stackId="gaps"
            fill="#e2e8f0"
            stroke="#475569"
            strokeDasharray="4 2"
            isAnimationActive={false}
          />
          <Tooltip />
          {/* Legend text in one dark colour: recharts colours it like the swatch, unreadable for the pale "still open". */}
          <Legend
            wrapperStyle={{ fontSize: 13 }}
            itemSorter={null}
            formatter={(value) => <span style={{ color: '#334155' }}>{value}</span>}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
