'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import type { ActionResult } from '@/lib/actions/result';
import { FormStatus } from './form-status';

type Action = (state: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

/** Choose one person from a (server-filtered) list and submit them with the team id. */
export function PickPersonForm({
  action,
  teamId,
  people,
  label,
  submitLabel,
  id,
}: {
  action: Action;
  teamId: string;
  people: { membershipId: string; name: string; email: string; role: string }[];
  label: string;
  submitLabel: string;
  id: string;
}) {
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(action, null);
  const options = people.map((person) => ({
    value: person.membershipId,
    label: `${person.name} — ${person.email} (${person.role})`,
  }));
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="teamId" value={teamId} />
      <div className="flex flex-wrap items-end gap-2">
        <Select label={label} name="membershipId" id={id} options={options} className="min-w-64 flex-1 space-y-1" />
        <Button type="submit" disabled={pending || options.length === 0}>
          {pending ? 'Saving…' : submitLabel}
        </Button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
