import { seriesColour } from './palette';
import type { SkillRadarDatum } from './skill-radar';

export interface RankedBarsProps {
  data: SkillRadarDatum[];
  maxLevel: number;
  /** Accessible name of the chart; the caller renders the equivalent data table. */
  label: string;
  labels: { me: string; target: string; team: string };
  showTeam: boolean;
}

const fmt = (value: number | null) => (value === null ? '—' : value.toFixed(1));

/** Highest first; axes without a value go last, in name order. */
function ranked(data: SkillRadarDatum[]): SkillRadarDatum[] {
  return [...data].sort((a, b) => {
    if (a.me === null || b.me === null) return a.me === null ? (b.me === null ? 0 : 1) : -1;
    return b.me - a.me || a.axis.localeCompare(b.axis);
  });
}

/**
 * A radar with many spokes cuts every label short and packs the points too
 * close to compare. Past a handful of axes the same series read better as
 * horizontal bars ranked by the first series, with the full axis name over
 * each bar and the numbers written out, so nothing depends on colour.
 * Plain HTML: the names wrap on a phone instead of being truncated.
 */
export function RankedBars({ data, maxLevel, label, labels, showTeam }: RankedBarsProps) {
  const percent = (value: number) => `${Math.max(0, Math.min(100, (value / Math.max(maxLevel, 1)) * 100))}%`;
  const [meColour, targetColour, teamColour] = [seriesColour(0), seriesColour(1), seriesColour(2)];
  return (
    // One labelled image, like the radar it replaces: the table beside it carries the numbers for screen readers.
    <figure role="img" aria-label={label} className="space-y-3">
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-hidden="true">
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-5 rounded-sm" style={{ background: meColour }} />
          {labels.me}
        </span>
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-4 w-0 border-l-2 border-dashed" style={{ borderColor: targetColour }} />
          {labels.target}
        </span>
        {showTeam ? (
          <span className="flex items-center gap-1.5">
            <span className="inline-block h-1.5 w-5 rounded-sm" style={{ background: teamColour }} />
            {labels.team}
          </span>
        ) : null}
        <span className="text-slate-500">Scale 0–{maxLevel}, highest first</span>
      </div>
      <ol className="space-y-2.5">
        {ranked(data).map((row) => (
          <li key={row.axis} className="text-xs">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <span className="min-w-0 font-medium text-slate-800 wrap-anywhere">{row.axis}</span>
              <span className="tabular-nums text-slate-600">
                {labels.me} {fmt(row.me)} · {labels.target} {fmt(row.target)}
                {showTeam ? ` · ${labels.team} ${fmt(row.team)}` : ''}
              </span>
            </div>
            <div className="relative mt-1 h-3 rounded-sm bg-slate-100">
              {row.me !== null ? (
                <div
                  className="absolute inset-y-0 left-0 rounded-sm"
                  style={{ width: percent(row.me), background: meColour }}
                />
              ) : null}
              {row.target !== null ? (
                <div
                  className="absolute -inset-y-1 border-l-2 border-dashed"
                  style={{ left: percent(row.target), borderColor: targetColour }}
                />
              ) : null}
            </div>
            {showTeam && row.team !== null ? (
              <div className="relative mt-0.5 h-1.5 rounded-sm bg-slate-100">
                <div
                  className="absolute inset-y-0 left-0 rounded-sm"
                  style={{ width: percent(row.team), background: teamColour }}
                />
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </figure>
  );
}
