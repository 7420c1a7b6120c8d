'use client';

import { useId } from 'react';
import { useQueryStates } from 'nuqs';
import { RADAR_GROUPINGS, RADAR_URL_OPTIONS, radarSearchParams } from '@/lib/insight/radar-url';
import { LazySkillRadar as SkillRadar } from '@/components/charts/lazy-skill-radar';
import { DataTable } from '@/components/ui/table';

export interface TeamRadarAxis {
  axis: string;
  teamMean: number | null;
  target: number | null;
  /** Each member's mean on this axis, in the order of the `members` prop. */
  members: (number | null)[];
}

export interface TeamRadarProps {
  byArea: TeamRadarAxis[];
  bySection: TeamRadarAxis[];
  members: { id: string; name: string }[];
  maxLevel: number;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/**
 * Team average vs team target, by area or section, with one member overlaid on request. Plain data in, no
 * fetching. Both choices live in the URL (`radar`, `overlay`): a shared link shows the same chart.
 */
export function TeamRadar({ byArea, bySection, members, maxLevel }: TeamRadarProps) {
  const [{ radar: grouping, overlay }, setOptions] = useQueryStates(radarSearchParams, RADAR_URL_OPTIONS);
  // An overlay id that is not (or no longer) on the team shows nobody.
  const memberId = members.some((entry) => entry.id === overlay) ? (overlay ?? '') : '';
  const id = useId();
  const axes = grouping === 'area' ? byArea : bySection;
  const memberIndex = members.findIndex((entry) => entry.id === memberId);
  const member = members[memberIndex];
  // SkillRadar's three series: the filled one is the team, the dashed one the target, the third the overlaid member.
  const data = axes.map((axis) => ({
    axis: axis.axis,
    me: round(axis.teamMean),
    target: round(axis.target),
    team: member ? round(axis.members[memberIndex] ?? null) : null,
  }));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-4">
        <fieldset className="flex items-center gap-3 text-sm">
          <legend className="sr-only">Radar axes</legend>
          {RADAR_GROUPINGS.map((value) => (
            <label key={value} className="flex items-center gap-1">
              <input
                type="radio"
                name={`${id}-grouping`}
                value={value}
                checked={grouping === value}
                onChange={() => void setOptions({ radar: value })}
              />
              By {value}
            </label>
          ))}
        </fieldset>
        <div className="space-y-1">
          <label htmlFor={`${id}-member`} className="block text-sm font-medium text-slate-800">
            Overlay a member
          </label>
          <select
            id={`${id}-member`}
            value={memberId}
            onChange={(event) => void setOptions({ overlay: event.target.value || null })}
            className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">Nobody</option>
            {members.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {data.length === 0 ? (
        <p className="text-sm text-slate-600">No skills to chart yet.</p>
      ) : (
        <SkillRadar
          data={data}
          maxLevel={maxLevel}
          label={`Team average vs team target by ${grouping}${member ? `, with ${member.name}` : ''}`}
          labels={{ me: 'Team average', target: 'Team target', team: member?.name ?? 'Member' }}
          showTeam={Boolean(member)}
          height={400}
        />
      )}
      <DataTable label={`Team average and target by ${grouping}`} framed={false}>
        <thead>
          <tr>
            <th scope="col" className="py-1 pr-2">
              {grouping === 'area' ? 'Area' : 'Section'}
            </th>
            <th scope="col" className="px-2 py-1 text-right">
              Team average
            </th>
            <th scope="col" className="px-2 py-1 text-right">
              Target
            </th>
            {member ? (
              <th scope="col" className="px-2 py-1 text-right">
                {member.name}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {data.map((row) => (
            <tr key={row.axis}>
              <th scope="row" className="py-1 pr-2 text-left font-normal">
                {row.axis}
              </th>
              <td className="px-2 py-1 text-right tabular-nums">{row.me?.toFixed(1) ?? '–'}</td>
              <td className="px-2 py-1 text-right tabular-nums">{row.target?.toFixed(1) ?? '—'}</td>
              {member ? <td className="px-2 py-1 text-right tabular-nums">{row.team?.toFixed(1) ?? '–'}</td> : null}
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
