'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { acceptInvitationAction } from '@/lib/invitations/actions';

/** For an invitee without an account: name and password, then they are in and signed in. */
export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [state, formAction, pending] = useActionState(acceptInvitationAction, null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  if (state?.ok) {
    return (
      <div role="status" className="space-y-3">
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">{state.message}</p>
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <TextField label="Email" name="invitedEmail" value={email} readOnly disabled autoComplete="username" />
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
      <TextField
        label="Choose a password (at least 12 characters)"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        maxLength={256}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        errors={fieldErrors?.password}
      />
      {state && !state.ok ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating your account…' : 'Create account and join'}
      </Button>
    </form>
  );
}
