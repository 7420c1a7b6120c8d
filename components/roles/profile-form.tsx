'use client';

import { useActionState, useState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';
import { createRoleProfileAction, renameRoleProfileAction } from '@/lib/roles/actions';
import { PROFILE_DESCRIPTION_MAX, PROFILE_NAME_MAX } from '@/lib/roles/schemas';

/** Creates a role profile, or renames / re-describes one when `profile` is given. */
export function ProfileForm({ profile }: { profile?: { id: string; name: string; description: string | null } }) {
  // Controlled, because React resets uncontrolled fields after every submission, errors included.
  const [name, setName] = useState(profile?.name ?? '');
  const [description, setDescription] = useState(profile?.description ?? '');
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    async (previous, formData) => {
      const result = profile
        ? await renameRoleProfileAction(previous, formData)
        : await createRoleProfileAction(previous, formData);
      if (result.ok && !profile) {
        setName('');
        setDescription('');
      }
      return result;
    },
    null,
  );
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const prefix = profile ? `profile-${profile.id}` : 'new-profile';
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
      {profile ? <input type="hidden" name="profileId" value={profile.id} /> : null}
      <div className="min-w-56 flex-1">
        <TextField
          label={profile ? 'Profile name' : 'New profile name'}
          name="name"
          id={`${prefix}-name`}
          value={name}
          onChange={(event) => setName(event.target.value)}
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
          value={description}
          onChange={(event) => setDescription(event.target.value)}
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
