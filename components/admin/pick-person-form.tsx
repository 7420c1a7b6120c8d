'use client';

import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionResult } from '@/lib/actions/result';
import { FormStatus } from './form-status';

type Action = (state: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

/**
 * Choose one person from a (server-filtered) list and submit their membership id with the hidden
 * `fields` that say what they are added to (a team, a role profile).
 */
export function PickPersonForm({
  action,
  fields,
  options,
  label,
  submitLabel,
  id,
}: {
  action: Action;
  fields: Record<string, string>;
  /** One per person: the membership id and how the person is shown. */
  options: readonly { value: string; label: string }[];
  label: string;
  submitLabel: string;
  id: string;
}) {
  const { state, pending, fieldErrors, formProps } = useActionForm(action);
  return (
    <form {...formProps} className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex flex-wrap items-end gap-2">
        <Select
          label={label}
          name="membershipId"
          id={id}
          options={options}
          errors={fieldErrors?.membershipId}
          className="min-w-64 flex-1 space-y-1"
        />
        <Button type="submit" disabled={pending || options.length === 0}>
          {pending ? 'Saving…' : submitLabel}
        </Button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
