'use client';

import { useActionForm } from '@/components/ui/use-action-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { createTeamAction, renameTeamAction } from '@/lib/teams/actions';
import { TEAM_NAME_MAX } from '@/lib/teams/schemas';
import { FormStatus } from './form-status';

/** Creates a team, or renames one when `team` is given. */
export function TeamNameForm({ team }: { team?: { id: string; name: string } }) {
  // A created team clears the field for the next one; a rename keeps the new name (the page's new default).
  const { state, pending, fieldErrors, formProps } = useActionForm(team ? renameTeamAction : createTeamAction, {
    resetOnSuccess: !team,
  });
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-3">
      {team ? <input type="hidden" name="teamId" value={team.id} /> : null}
      <div className="min-w-64 flex-1">
        <TextField
          label={team ? 'Team name' : 'New team name'}
          name="name"
          id={team ? `team-name-${team.id}` : 'new-team-name'}
          defaultValue={team?.name}
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
