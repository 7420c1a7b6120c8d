'use client';

import clsx from 'clsx';
import { EvidenceLinkList } from '@/components/assess/evidence-list';
import type { BoardSkill } from '@/lib/insight/calibration-board';
import { NoteField } from './note-field';
import { levelText, reviewed, type ManagerValue } from './values';

/**
 * One skill: the member's self rating beside the manager's, the level buttons and the comment. The row
 * itself takes focus (one tab stop for the list, roving tabindex); its buttons are for the pointer.
 */
export function CalibrationRow({
  skill,
  value,
  levels,
  active,
  tabbable,
  flagGap,
  readOnly,
  noteMax,
  rowRef,
  onFocusRow,
  onRate,
  onSaveNote,
}: {
  skill: BoardSkill;
  value: ManagerValue | undefined;
  levels: readonly { level: number; name: string }[];
  active: boolean;
  /** The row the list's one tab stop is on. */
  tabbable: boolean;
  flagGap: number;
  readOnly: boolean;
  noteMax: number;
  rowRef: (element: HTMLLIElement | null) => void;
  onFocusRow: () => void;
  onRate: (level: number | null, notApplicable: boolean) => void;
  onSaveNote: (note: string | null) => void;
}) {
  const apart =
    skill.selfLevel !== null &&
    value?.level !== null &&
    value?.level !== undefined &&
    Math.abs(skill.selfLevel - value.level) >= flagGap;
  return (
    <li
      ref={rowRef}
      tabIndex={tabbable ? 0 : -1}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocusRow();
      }}
      aria-label={`${skill.skillName}: self ${levelText(skill.selfLevel, skill.selfNotApplicable)}, yours ${
        value ? levelText(value.level, value.notApplicable) : '—'
      }`}
      className={clsx(
        'grid gap-2 px-2 py-3 outline-none sm:grid-cols-[1fr_auto]',
        active && 'bg-brand-50 ring-2 ring-brand-600',
      )}
    >
      <div>
        <p className="font-medium">
          {skill.skillName}
          {skill.groupName ? <span className="font-normal text-slate-600"> · {skill.groupName}</span> : null}
        </p>
        <p className="text-sm text-slate-700">
          Self:{' '}
          <span className="font-semibold tabular-nums">{levelText(skill.selfLevel, skill.selfNotApplicable)}</span>
          {skill.interest ? <span className="ml-2 text-brand-700">wants to grow</span> : null}
          {apart ? <span className="ml-2 font-semibold text-amber-900">⚠ {flagGap}+ levels apart</span> : null}
        </p>
        <EvidenceLinkList links={skill.evidence} skillName={skill.skillName} />
      </div>
      <div className="space-y-1">
        <div role="group" aria-label={`Your rating for ${skill.skillName}`} className="flex flex-wrap gap-1">
          {levels.map((level) => {
            const pressed = value?.level === level.level && !value.notApplicable;
            return (
              <button
                key={level.level}
                type="button"
                tabIndex={-1}
                disabled={readOnly}
                aria-pressed={pressed}
                title={level.name}
                onClick={() => onRate(level.level, false)}
                className={clsx(
                  'h-9 w-9 rounded-md border text-sm tabular-nums',
                  pressed ? 'border-brand-700 bg-brand-600 text-white' : 'border-slate-300 bg-white',
                )}
              >
                {level.level}
              </button>
            );
          })}
          <button
            type="button"
            tabIndex={-1}
            disabled={readOnly}
            aria-pressed={Boolean(value?.notApplicable)}
            onClick={() => onRate(null, true)}
            className={clsx(
              'h-9 rounded-md border px-2 text-sm',
              value?.notApplicable ? 'border-brand-700 bg-brand-600 text-white' : 'border-slate-300 bg-white',
            )}
          >
            n/a
          </button>
        </div>
        {!readOnly ? (
          <NoteField
            skillName={skill.skillName}
            note={value?.note ?? null}
            noteMax={noteMax}
            canSave={reviewed(value)}
            onSave={onSaveNote}
          />
        ) : value?.note ? (
          <p className="text-xs text-slate-700">{value.note}</p>
        ) : null}
      </div>
    </li>
  );
}
