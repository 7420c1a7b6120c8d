'use client';

import { useActionForm } from '@/components/ui/use-action-form';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { changeMemberRoleAction } from '@/lib/members/actions';
import { FormStatus } from './form-status';

type Role = 'member' | 'manager' | 'admin';

const ROLE_OPTIONS = [
  { value: 'member', label: 'Member' },
  { value: 'manager', label: 'Manager' },
  { value: 'admin', label: 'Admin' },
] as const;

export function MemberRoleForm({
  membershipId,
  memberName,
  role,
  managedTeams,
}: {
  membershipId: string;
  memberName: string;
  role: Role;
  managedTeams: number;
}) {
  const { state, pending, formProps } = useActionForm(changeMemberRoleAction);
  const [chosen, setChosen] = useState<Role>(role);
  // Making a manager a plain member ends their team management: say so before they press the button.
  const losesTeams = chosen === 'member' && role !== 'member' && managedTeams > 0;
  return (
    <form {...formProps} className="space-y-1">
      <input type="hidden" name="membershipId" value={membershipId} />
      <div className="flex items-center gap-2">
        <Select
          label={`Role of ${memberName}`}
          hideLabel
          name="role"
          id={`role-${membershipId}`}
          options={ROLE_OPTIONS}
          value={chosen}
          onChange={(event) => setChosen(event.target.value as Role)}
          className="w-32"
        />
        <Button
          type="submit"
          variant="secondary"
          className="px-3 py-1.5"
          disabled={pending || chosen === role}
          aria-label={`Save role of ${memberName}`}
        >
          {pending ? 'Saving…' : 'Save'}
        </Button>
      </div>
      {losesTeams ? (
        <p className="text-xs text-amber-800">
          They will stop managing {managedTeams} team{managedTeams === 1 ? '' : 's'}.
        </p>
      ) : null}
      <FormStatus state={state} className="text-xs" />
    </form>
  );
}
