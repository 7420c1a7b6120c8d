'use client';

import { useActionState, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
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
  const [state, formAction, pending] = useActionState(createInvitationAction, null);
  // What the admin chose after being told about a pending invitation (resend or replace) replaces the form's result.
  const [followUp, setFollowUp] = useState<Awaited<ReturnType<typeof createInvitationAction>> | null>(null);
  // Kept in state so a failed submit does not wipe what the admin typed.
  const [email, setEmail] = useState('');
  const [seenState, setSeenState] = useState(state);
  if (state !== seenState) {
    // A new result arrived: after a success, start the next invitation from an empty field.
    setSeenState(state);
    setFollowUp(null);
    if (state?.ok && state.data?.kind === 'created') setEmail('');
  }
  const shown = followUp ?? state;
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const data = shown?.ok ? shown.data : undefined;
  const created = data?.kind === 'created' ? data : undefined;
  const choice = data?.kind === 'pending' ? data : undefined;
  return (
    <div className="space-y-4">
      <form action={formAction} className="grid gap-4 md:grid-cols-[2fr_1fr_1fr_auto] md:items-end" noValidate>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          maxLength={254}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          errors={fieldErrors?.email}
        />
        <SelectField label="Role" name="role" errors={fieldErrors?.role} defaultValue="member">
          {ROLES.map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Team (optional)" name="teamId" errors={fieldErrors?.teamId} defaultValue="">
          <option value="">No team</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </SelectField>
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
              if (result.ok) setEmail('');
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

function SelectField({
  label,
  name,
  errors,
  defaultValue,
  children,
}: {
  label: string;
  name: string;
  errors?: string[];
  defaultValue: string;
  children: ReactNode;
}) {
  const id = `field-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
      >
        {children}
      </select>
      {invalid ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors?.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
