'use client';

import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { useActionForm } from '@/components/ui/use-action-form';
import { saveTrustSettingsAction, setSkillCertificationRequirementAction } from '@/lib/trust/settings-actions';

export function TrustSettingsForm({
  endorsementsEnabled,
  staleAfterMonths,
}: {
  endorsementsEnabled: boolean;
  staleAfterMonths: number;
}) {
  const { state, pending, fieldErrors: errors, formProps } = useActionForm(saveTrustSettingsAction);
  return (
    <form {...formProps} className="space-y-4">
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
  const { state, pending, fieldErrors, formProps } = useActionForm(setSkillCertificationRequirementAction, {
    resetOnSuccess: true,
  });
  return (
    <form {...formProps} className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <input type="hidden" name="required" value="true" />
      <Select
        label="Skill"
        name="skillId"
        id="field-require-skill"
        required
        defaultValue=""
        options={[
          { value: '', label: 'Choose a skill…', disabled: true },
          ...skills.map((skill) => ({ value: skill.id, label: `${skill.name} (${skill.frameworkName})` })),
        ]}
        errors={fieldErrors?.skillId}
        className="min-w-0 flex-1 space-y-1"
      />
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Require a certification'}
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
