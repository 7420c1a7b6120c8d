'use client';

import { useId, useRef, type KeyboardEvent } from 'react';
import clsx from 'clsx';
import { LazySkillRadar as SkillRadar } from '@/components/charts/lazy-skill-radar';
import { RADAR_MAX_AXES, type SkillRadarDatum } from '@/components/charts/skill-radar-shared';
import { useQueryStates } from 'nuqs';
import { RADAR_URL_OPTIONS, radarSearchParams, type RadarGrouping } from '@/lib/insight/radar-url';
import { formatLevel } from './format';
import { DataTable } from '@/components/ui/table';

export interface RadarView {
  key: RadarGrouping;
  label: string;
  points: SkillRadarDatum[];
  teamAverageShown: boolean;
}

export interface RadarPanelProps {
  views: RadarView[];
  maxLevel: number;
  hasTarget: boolean;
  teamNotice: string | null;
}

/**
 * Area/section switch as an ARIA tab set (arrow keys move between tabs), with the numbers in a table. The
 * chosen grouping lives in the URL (`radar`, as on the team page): back/forward and shared links keep it.
 */
export function RadarPanel({ views, maxLevel, hasTarget, teamNotice }: RadarPanelProps) {
  const [{ radar }, setOptions] = useQueryStates({ radar: radarSearchParams.radar }, RADAR_URL_OPTIONS);
  const active = Math.max(
    0,
    views.findIndex((entry) => entry.key === radar),
  );
  const setActive = (index: number) => {
    const key = views[index]?.key;
    if (key) void setOptions({ radar: key });
  };
  const baseId = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const view = views[active] ?? views[0];
  if (!view) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const last = views.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? active === last
          ? 0
          : active + 1
        : event.key === 'ArrowLeft'
          ? active === 0
            ? last
            : active - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    tabs.current[next]?.focus();
  };

  const showTeam = view.teamAverageShown;
  return (
    <div>
      <div
        role="tablist"
        aria-label="Group the chart by"
        className="inline-flex rounded-lg border border-slate-300 bg-slate-50 p-1"
      >
        {views.map((entry, index) => (
          <button
            key={entry.key}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            id={`${baseId}-tab-${entry.key}`}
            type="button"
            role="tab"
            aria-selected={index === active}
            aria-controls={`${baseId}-panel`}
            tabIndex={index === active ? 0 : -1}
            onClick={() => setActive(index)}
            onKeyDown={onKeyDown}
            className={clsx(
              'rounded-md px-3 py-1.5 text-sm font-medium',
              index === active ? 'bg-white text-brand-900 shadow-sm' : 'text-slate-700 hover:bg-white/60',
            )}
          >
            {entry.label}
          </button>
        ))}
      </div>

      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${view.key}`} className="mt-4">
        {teamNotice ? (
          <p className="mb-2 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{teamNotice}</p>
        ) : null}
        {!hasTarget ? (
          <p className="mb-2 text-sm text-slate-600">No target is assigned to you yet, so the target line is empty.</p>
        ) : null}
        <SkillRadar
          data={view.points}
          maxLevel={maxLevel}
          showTeam={showTeam}
          label={`${view.points.length > RADAR_MAX_AXES ? 'Bar chart, highest first,' : 'Radar chart'} of your levels by ${view.key}, against your target${showTeam ? ' and your team average' : ''}. The same numbers are in the table below.`}
        />
        <details className="mt-3 rounded-lg border border-slate-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-brand-700">
            Show the numbers by {view.key}
          </summary>
          <DataTable label={`Mean level by ${view.key}: you, your target and your team`} framed={false}>
            <thead>
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {view.key === 'area' ? 'Area' : 'Section'}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Me
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Target
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Team average
                </th>
              </tr>
            </thead>
            <tbody>
              {view.points.map((point) => (
                <tr key={point.axis}>
                  <th scope="row" className="px-3 py-1.5 text-left font-normal">
                    {point.axis}
                  </th>
                  <td className="px-3 py-1.5 text-right tabular-nums">{formatLevel(point.me)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{formatLevel(point.target)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">
                    {showTeam ? formatLevel(point.team) : <span className="text-slate-500">hidden</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </details>
      </div>
    </div>
  );
}
