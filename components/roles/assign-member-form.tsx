'use client';

import { useActionState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import type { ActionResult } from '@/lib/actions/result';
import { assignRoleProfileAction } from '@/lib/roles/actions';

/** Pick an active member (server-filtered) and give them this profile; their current profile is shown. */
export function AssignMemberForm({
  profileId,
  people,
}: {
  profileId: string;
  people: { membershipId: string; name: string; email: string; profileName: string | null }[];
}) {
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    assignRoleProfileAction,
    null,
  );
  const options = people.map((person) => ({
    value: person.membershipId,
    label: `${person.name} — ${person.email}${person.profileName ? ` (now: ${person.profileName})` : ''}`,
  }));
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="profileId" value={profileId} />
      <div className="flex flex-wrap items-end gap-2">
        <Select
          label="Member to assign"
          name="membershipId"
          id="profile-member-candidate"
          options={options}
          className="min-w-64 flex-1 space-y-1"
        />
        <Button type="submit" disabled={pending || options.length === 0}>
          {pending ? 'Saving…' : 'Assign profile'}
        </Button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
