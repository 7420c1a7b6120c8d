'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { resetPasswordAction } from '@/lib/auth/password-reset-actions';

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  if (state?.ok) {
    return (
      <div role="status" className="space-y-4">
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
      <TextField label="Email" name="resetEmail" value={email} readOnly disabled autoComplete="username" />
      <TextField
        label="New password (at least 12 characters)"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        maxLength={256}
        errors={fieldErrors?.password}
      />
      {state && !state.ok ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Saving…' : 'Save the new password'}
      </Button>
    </form>
  );
}
