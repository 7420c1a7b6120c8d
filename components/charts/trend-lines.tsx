'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { seriesColour, seriesDash } from './palette';

export interface TrendLinesProps {
  /** X axis labels, oldest first. */
  categories: string[];
  /** One line per series; `values[i]` belongs to `categories[i]`, null = no data. */
  series: { name: string; values: (number | null)[] }[];
  maxLevel: number;
  /** Accessible name; the caller renders the equivalent table. */
  label: string;
  height?: number;
}

export function TrendLines({ categories, series, maxLevel, label, height = 280 }: TrendLinesProps) {
  // Series are keyed by index: names may contain characters recharts treats as paths ("CI/CD", "a.b").
  const data = categories.map((category, index) => {
    const point: Record<string, string | number | null> = { category };
    series.forEach((entry, seriesIndex) => {
      point[`s${seriesIndex}`] = entry.values[index] ?? null;
    });
    return point;
  });
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: -16 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis dataKey="category" padding={{ left: 32, right: 32 }} tick={{ fontSize: 12, fill: '#334155' }} />
          <YAxis
            domain={[0, maxLevel]}
            allowDecimals={false}
            tickCount={maxLevel + 1}
            tick={{ fontSize: 12, fill: '#334155' }}
          />
          {series.map((entry, index) => (
            <Line
              key={entry.name}
              type="monotone"
              name={entry.name}
              dataKey={`s${index}`}
              stroke={seriesColour(index)}
              strokeWidth={2}
              strokeDasharray={seriesDash(index)}
              dot={{ r: 3 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(2) : '—')} />
          {/* In the series' order (the framework's, as the table beside it), not alphabetical. */}
          <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
