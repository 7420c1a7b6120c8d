'use client';

import {
  Legend,
  PolarAngleAxis,
  PolarGrid,
  PolarRadiusAxis,
  Radar,
  RadarChart,
  ResponsiveContainer,
  Tooltip,
} from 'recharts';
import { seriesColour, seriesDash } from './palette';
import { RankedBars } from './ranked-bars';
import { RADAR_MAX_AXES, type SkillRadarProps } from './skill-radar-shared';

export { RADAR_MAX_AXES, type SkillRadarDatum, type SkillRadarProps } from './skill-radar-shared';

const DEFAULT_LABELS = { me: 'Me', target: 'My target', team: 'Team average' };

/** Truncates long axis names so eight spokes still fit on a phone; the table carries the full names. */
function shortLabel(text: string, max = 18): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function SkillRadar({
  data,
  maxLevel,
  label,
  labels = DEFAULT_LABELS,
  showTeam,
  height = 420,
}: SkillRadarProps) {
  if (data.length > RADAR_MAX_AXES) {
    return <RankedBars data={data} maxLevel={maxLevel} label={label} labels={labels} showTeam={showTeam} />;
  }
  const series = [
    { key: 'me' as const, name: labels.me, fillOpacity: 0.25 },
    { key: 'target' as const, name: labels.target, fillOpacity: 0 },
    ...(showTeam ? [{ key: 'team' as const, name: labels.team, fillOpacity: 0 }] : []),
    // A series with no value at all (no target set, nothing rated yet) has no points: recharts would draw
    // it as the path "Z", which the browser refuses with a console error. The table still lists it as "—".
  ].filter((entry) => data.some((datum) => datum[entry.key] !== null));
  return (
    // The table beside the chart is the accessible equivalent; the SVG itself is one labelled image.
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <RadarChart data={data} outerRadius="72%" accessibilityLayer={false}>
          <PolarGrid stroke="#cbd5e1" />
          <PolarAngleAxis
            dataKey="axis"
            tick={{ fontSize: 11, fill: '#334155' }}
            tickFormatter={(value: string) => shortLabel(value)}
          />
          <PolarRadiusAxis
            domain={[0, maxLevel]}
            tickCount={maxLevel + 1}
            angle={90}
            tick={{ fontSize: 10, fill: '#64748b' }}
          />
          {series.map((entry, index) => (
            <Radar
              key={entry.key}
              name={entry.name}
              dataKey={entry.key}
              stroke={seriesColour(index)}
              strokeWidth={2}
              strokeDasharray={seriesDash(index)}
              fill={seriesColour(index)}
              fillOpacity={entry.fillOpacity}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(2) : '—')} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
        </RadarChart>
      </ResponsiveContainer>
    </div>
  );
}
