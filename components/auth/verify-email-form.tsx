'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { verifyEmailAction } from '@/lib/auth/email-verification-actions';

/** The verification link's page: the sign-up password proves the person following the link is the one who signed up. */
export function VerifyEmailForm({ token, email, submitLabel }: { token: string; email: string; submitLabel: string }) {
  const [state, formAction, pending] = useActionState(verifyEmailAction, null);
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
      <TextField label="Email" name="confirmedEmail" value={email} readOnly disabled autoComplete="username" />
      <TextField
        label="The password you chose when you signed up"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={256}
        errors={fieldErrors?.password}
      />
      {state && !state.ok && !fieldErrors?.password ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Confirming…' : submitLabel}
      </Button>
    </form>
  );
}
