'use client';

import { useActionForm } from '@/components/ui/use-action-form';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { createRoleProfileAction, renameRoleProfileAction } from '@/lib/roles/actions';
import { PROFILE_DESCRIPTION_MAX, PROFILE_NAME_MAX } from '@/lib/roles/schemas';

/** Creates a role profile, or renames / re-describes one when `profile` is given. */
export function ProfileForm({ profile }: { profile?: { id: string; name: string; description: string | null } }) {
  // A created profile clears the fields for the next one; an edit keeps what was saved.
  const { state, pending, fieldErrors, formProps } = useActionForm(
    profile ? renameRoleProfileAction : createRoleProfileAction,
    { resetOnSuccess: !profile },
  );
  const prefix = profile ? `profile-${profile.id}` : 'new-profile';
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-3">
      {profile ? <input type="hidden" name="profileId" value={profile.id} /> : null}
      <div className="min-w-56 flex-1">
        <TextField
          label={profile ? 'Profile name' : 'New profile name'}
          name="name"
          id={`${prefix}-name`}
          defaultValue={profile?.name}
          maxLength={PROFILE_NAME_MAX}
          required
          errors={fieldErrors?.name}
        />
      </div>
      <div className="min-w-64 flex-[2]">
        <TextField
          label="Description (optional)"
          name="description"
          id={`${prefix}-description`}
          defaultValue={profile?.description ?? ''}
          maxLength={PROFILE_DESCRIPTION_MAX}
          errors={fieldErrors?.description}
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : profile ? 'Save' : 'Create profile'}
      </Button>
      <FormStatus state={state && !state.ok && fieldErrors?.name ? null : state} className="w-full text-sm" />
    </form>
  );
}
