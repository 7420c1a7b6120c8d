'use client';

import { useActionState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';
import { saveManagerRatingAction } from '@/lib/insight/actions';

interface CalibrationFormProps {
  cycleId: string;
  membershipId: string;
  skillId: string;
  skillName: string;
  levels: readonly { level: number; name: string }[];
  managerLevel: number | null;
  managerNotApplicable: boolean;
  managerNote: string | null;
  noteMax: number;
}

/** One row's manager rating and comment; saves through the server action, which re-checks everything. */
export function CalibrationForm(props: CalibrationFormProps) {
  const [state, formAction, pending] = useActionState(
    saveManagerRatingAction as (state: ActionResult<unknown> | null, form: FormData) => Promise<ActionResult<unknown>>,
    null,
  );
  const current = props.managerNotApplicable ? 'na' : props.managerLevel === null ? '' : String(props.managerLevel);
  const idBase = `cal-${props.skillId}`;
  const levelError = state && !state.ok ? state.fieldErrors?.level : undefined;
  const noteError = state && !state.ok ? state.fieldErrors?.note : undefined;
  return (
    <form action={formAction} className="flex flex-wrap items-start gap-2">
      <input type="hidden" name="cycleId" value={props.cycleId} />
      <input type="hidden" name="membershipId" value={props.membershipId} />
      <input type="hidden" name="skillId" value={props.skillId} />
      <div>
        <label htmlFor={`${idBase}-level`} className="sr-only">
          Manager rating for {props.skillName}
        </label>
        <select
          id={`${idBase}-level`}
          name="level"
          defaultValue={current}
          aria-invalid={levelError ? true : undefined}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        >
          <option value="">Choose…</option>
          {props.levels.map((level) => (
            <option key={level.level} value={String(level.level)}>
              {level.level} {level.name}
            </option>
          ))}
          <option value="na">n/a</option>
        </select>
      </div>
      <div className="min-w-[12rem] flex-1">
        <label htmlFor={`${idBase}-note`} className="sr-only">
          Comment on {props.skillName}
        </label>
        <input
          id={`${idBase}-note`}
          name="note"
          type="text"
          maxLength={props.noteMax}
          defaultValue={props.managerNote ?? ''}
          placeholder="Comment (optional)"
          aria-invalid={noteError ? true : undefined}
          className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
      </div>
      <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </Button>
      <FormStatus state={state} className="w-full text-xs" />
    </form>
  );
}
