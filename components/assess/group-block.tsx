'use client';

import { useState } from 'react';
import type { GroupInfo, LevelInfo } from '@/lib/assessments/assessment-data';
import { isRated } from '@/lib/assessments/rating-value';
import type { Patch, Values } from './assessment-state';
import { SkillRow } from './skill-row';

/** A group's skills, with "rate this whole group" for the ones still unrated. */
export function GroupBlock({
  group,
  showHeading,
  values,
  levels,
  activeId,
  readOnly,
  registerRow,
  onFocusRow,
  onChange,
  onConfirm,
  onRateGroup,
}: {
  group: GroupInfo;
  showHeading: boolean;
  values: Values;
  levels: LevelInfo[];
  activeId: string | null;
  readOnly: boolean;
  registerRow: (skillId: string, element: HTMLDivElement | null) => void;
  onFocusRow: (skillId: string) => void;
  onChange: (skillId: string, patch: Patch) => void;
  onConfirm: (skillId: string) => void;
  onRateGroup: (group: GroupInfo, level: number) => void;
}) {
  const [level, setLevel] = useState(String(levels[Math.min(2, levels.length - 1)]?.level ?? 0));
  const unrated = group.skills.filter((skill) => !isRated(values[skill.id])).length;
  const selectId = `rate-group-${group.id}`;
  return (
    <section aria-label={group.name} className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        {showHeading ? <h3 className="font-semibold text-slate-800">{group.name}</h3> : <span />}
        {!readOnly ? (
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <label htmlFor={selectId} className="text-slate-600">
              Rate this whole group
            </label>
            <select
              id={selectId}
              value={level}
              onChange={(event) => setLevel(event.target.value)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1"
            >
              {levels.map((candidate) => (
                <option key={candidate.level} value={candidate.level}>
                  {candidate.level} {candidate.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={unrated === 0}
              onClick={() => onRateGroup(group, Number(level))}
              className="rounded-md border border-slate-300 bg-white px-2.5 py-1 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50"
            >
              Apply to {unrated} unrated
            </button>
          </div>
        ) : null}
      </div>
      <div className="space-y-2">
        {group.skills.map((skill) => (
          <SkillRow
            key={skill.id}
            skill={skill}
            value={values[skill.id]}
            levels={levels}
            active={skill.id === activeId}
            readOnly={readOnly}
            registerRow={registerRow}
            onFocusRow={onFocusRow}
            onChange={onChange}
            onConfirm={onConfirm}
          />
        ))}
      </div>
    </section>
  );
}
