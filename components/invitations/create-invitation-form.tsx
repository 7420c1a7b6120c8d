'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { useActionForm } from '@/components/ui/use-action-form';
import { createInvitationAction } from '@/lib/invitations/actions';
import { CopyOnce } from '@/components/ui/copy-once';
import { formatDateTime } from '@/lib/format/date';
import { PendingInvitationChoice } from './pending-invitation-choice';

const ROLES = [
  { value: 'member', label: 'Member' },
  { value: 'manager', label: 'Manager' },
  { value: 'admin', label: 'Admin' },
] as const;

export function CreateInvitationForm({ teams }: { teams: { id: string; name: string }[] }) {
  // After an invitation is created the next one starts from empty fields; told about a pending invitation,
  // the admin first chooses what to do with it, and the address stays.
  const { state, pending, fieldErrors, formProps } = useActionForm(createInvitationAction, {
    resetOnSuccess: (data) => data?.kind === 'created',
  });
  // What the admin chose after being told about a pending invitation (resend or replace) replaces the form's result.
  const [followUp, setFollowUp] = useState<Awaited<ReturnType<typeof createInvitationAction>> | null>(null);
  const [seenState, setSeenState] = useState(state);
  if (state !== seenState) {
    setSeenState(state);
    setFollowUp(null);
  }
  const shown = followUp ?? state;
  const data = shown?.ok ? shown.data : undefined;
  const created = data?.kind === 'created' ? data : undefined;
  const choice = data?.kind === 'pending' ? data : undefined;
  return (
    <div className="space-y-4">
      <form {...formProps} className="grid gap-4 md:grid-cols-[2fr_1fr_1fr_auto] md:items-end">
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          maxLength={254}
          errors={fieldErrors?.email}
        />
        <Select label="Role" name="role" options={ROLES} errors={fieldErrors?.role} defaultValue="member" />
        <Select
          label="Team (optional)"
          name="teamId"
          options={[{ value: '', label: 'No team' }, ...teams.map((team) => ({ value: team.id, label: team.name }))]}
          errors={fieldErrors?.teamId}
          defaultValue=""
        />
        <Button type="submit" disabled={pending}>
          {pending ? 'Inviting…' : 'Invite'}
        </Button>
      </form>
      <div aria-live="polite" className="space-y-3">
        {shown && !shown.ok ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {shown.error}
          </p>
        ) : null}
        {choice ? (
          <PendingInvitationChoice
            key={choice.pending.invitationId}
            choice={choice}
            teams={teams}
            onDone={(result) => {
              setFollowUp(result);
              if (result.ok) formProps.ref.current?.reset();
            }}
          />
        ) : null}
        {shown?.ok && !choice ? (
          <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">{shown.message}</p>
        ) : null}
        {created ? (
          <CopyOnce
            key={created.link}
            value={created.link}
            what="link"
            label="Invitation link — copy it now, it will not be shown again"
            hint={`Works once; expires ${formatDateTime(created.expiresAt)}.`}
          />
        ) : null}
      </div>
    </div>
  );
}
