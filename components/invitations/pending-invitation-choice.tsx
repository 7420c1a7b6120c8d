'use client';

import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { createInvitationAction, resendInvitationAction, type PendingChoice } from '@/lib/invitations/actions';
import { formatDateTime } from '@/lib/format/date';

type Result = Awaited<ReturnType<typeof createInvitationAction>>;

/**
 * Told before anything changes: the email already has a pending invitation.
 * Resend it (same role and team, new link), or replace it with the new one —
 * keeping its team, or taking the one just chosen when they differ.
 */
export function PendingInvitationChoice({
  choice,
  teams,
  onDone,
}: {
  choice: PendingChoice;
  teams: { id: string; name: string }[];
  onDone: (result: Result) => void;
}) {
  const id = useId();
  const { pending, requestedRole, requestedTeamId } = choice;
  const requestedTeamName = teams.find((team) => team.id === requestedTeamId)?.name ?? null;
  const teamsDiffer = pending.teamId !== null && requestedTeamId !== null && pending.teamId !== requestedTeamId;
  const [teamChoice, setTeamChoice] = useState<'previous' | 'requested'>('previous');
  const [busy, startTransition] = useTransition();

  const replaceTeamId = teamsDiffer
    ? teamChoice === 'previous'
      ? pending.teamId
      : requestedTeamId
    : (requestedTeamId ?? pending.teamId);

  return (
    <div
      role="alert"
      className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
      data-testid="pending-invitation-choice"
    >
      <p className="font-medium">
        {pending.email} already has a pending invitation
        {pending.teamName ? ` to team ${pending.teamName}` : ''} as {pending.role}, valid until{' '}
        {formatDateTime(pending.expiresAt)}. Nothing has changed yet.
      </p>
      <p>
        Resend it to send the same invitation with a new link, or replace it with the one you just filled in (the old
        link then stops working).
      </p>
      {teamsDiffer ? (
        <fieldset className="space-y-1">
          <legend className="font-medium">Team for the new invitation</legend>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-team`}
              checked={teamChoice === 'previous'}
              onChange={() => setTeamChoice('previous')}
            />
            Keep {pending.teamName} (from the pending invitation)
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-team`}
              checked={teamChoice === 'requested'}
              onChange={() => setTeamChoice('requested')}
            />
            Use {requestedTeamName} (chosen now)
          </label>
        </fieldset>
      ) : pending.teamName && !requestedTeamId ? (
        <p>Replacing keeps the team {pending.teamName}.</p>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <Button
          disabled={busy}
          onClick={() =>
            startTransition(async () => onDone(await resendInvitationAction({ invitationId: pending.invitationId })))
          }
        >
          Resend the pending invitation
        </Button>
        <Button
          variant="secondary"
          disabled={busy}
          onClick={() =>
            startTransition(async () =>
              onDone(
                await createInvitationAction({
                  email: pending.email,
                  role: requestedRole,
                  teamId: replaceTeamId ?? '',
                  onPending: 'replace',
                }),
              ),
            )
          }
        >
          Replace it
        </Button>
      </div>
    </div>
  );
}
