'use client';

import { useActionState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';
import { saveTrustSettingsAction, setSkillCertificationRequirementAction } from '@/lib/trust/settings-actions';

export function TrustSettingsForm({
  endorsementsEnabled,
  staleAfterMonths,
}: {
  endorsementsEnabled: boolean;
  staleAfterMonths: number;
}) {
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    saveTrustSettingsAction,
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name="endorsementsEnabled"
          defaultChecked={endorsementsEnabled}
          className="mt-0.5 h-4 w-4 rounded border-slate-300"
        />
        <span>
          <span className="font-medium">Endorsements on</span>
          <span className="block text-slate-600">
            Teammates and managers can endorse the skills a member rated. Turning this off keeps the endorsements
            already given and stops new ones.
          </span>
        </span>
      </label>
      <div className="max-w-xs">
        <TextField
          label="A rating is stale after (months)"
          name="staleAfterMonths"
          type="number"
          min={1}
          max={60}
          required
          defaultValue={staleAfterMonths}
          errors={errors?.staleAfterMonths}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save settings'}
        </Button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}

/** Picks a skill to mark "requires a valid certification". */
export function RequireCertificationForm({
  skills,
}: {
  skills: readonly { id: string; name: string; frameworkName: string }[];
}) {
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    setSkillCertificationRequirementAction,
    null,
  );
  return (
    <form action={formAction} className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <input type="hidden" name="required" value="true" />
      <div className="min-w-0 flex-1 space-y-1">
        <label htmlFor="field-require-skill" className="block text-sm font-medium text-slate-800">
          Skill
        </label>
        <select
          id="field-require-skill"
          name="skillId"
          required
          defaultValue=""
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        >
          <option value="" disabled>
            Choose a skill…
          </option>
          {skills.map((skill) => (
            <option key={skill.id} value={skill.id}>
              {skill.name} ({skill.frameworkName})
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Require a certification'}
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
