'use client';

import { useState } from 'react';
import { LinkPasswordForm } from '@/components/auth/link-password-form';
import { TextField } from '@/components/ui/text-field';
import { acceptInvitationAction } from '@/lib/invitations/actions';

/** For an invitee without an account: name and password, then they are in and signed in. */
export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [name, setName] = useState('');
  return (
    <LinkPasswordForm
      action={acceptInvitationAction}
      token={token}
      email={email}
      emailName="invitedEmail"
      passwordLabel="Choose a password (at least 12 characters)"
      passwordKind="new-password"
      submitLabel="Create account and join"
      pendingLabel="Creating your account…"
      fields={(fieldErrors) => (
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.target.value)}
          errors={fieldErrors?.name}
        />
      )}
    />
  );
}
