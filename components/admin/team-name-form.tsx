'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';
import { createTeamAction, renameTeamAction } from '@/lib/teams/actions';
import { TEAM_NAME_MAX } from '@/lib/teams/schemas';
import { FormStatus } from './form-status';

/** Creates a team, or renames one when `team` is given. */
export function TeamNameForm({ team }: { team?: { id: string; name: string } }) {
  // Controlled, because React resets uncontrolled fields after every submission, errors included.
  const [name, setName] = useState(team?.name ?? '');
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    async (previous, formData) => {
      const result = team ? await renameTeamAction(previous, formData) : await createTeamAction(previous, formData);
      if (result.ok && !team) setName('');
      return result;
    },
    null,
  );
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
      {team ? <input type="hidden" name="teamId" value={team.id} /> : null}
      <div className="min-w-64 flex-1">
        <TextField
          label={team ? 'Team name' : 'New team name'}
          name="name"
          id={team ? `team-name-${team.id}` : 'new-team-name'}
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={TEAM_NAME_MAX}
          required
          errors={fieldErrors?.name}
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : team ? 'Rename' : 'Create team'}
      </Button>
      <FormStatus state={state && !state.ok && fieldErrors?.name ? null : state} className="w-full text-sm" />
    </form>
  );
}
