'use client';

import Link from 'next/link';
import { useActionState, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';

type FieldErrors = Partial<Record<string, string[]>> | undefined;

export interface LinkPasswordFormProps {
  /** The server action; it receives `token`, `password` and any `fields`. */
  action: (state: ActionResult<unknown> | null, formData: FormData) => Promise<ActionResult<unknown>>;
  /** The mailed link's token. */
  token: string;
  /** The address the link was sent to, shown read-only (and offered to password managers as the username). */
  email: string;
  /** The read-only email field's name: distinct per form, so it is never mistaken for an input. */
  emailName: string;
  passwordLabel: string;
  /** `new-password` with a 12-character minimum for a password being chosen; `current-password` to prove one. */
  passwordKind: 'new-password' | 'current-password';
  submitLabel: string;
  pendingLabel: string;
  /** Fields between the email and the password (the invitee's name), given the field errors. */
  fields?: (fieldErrors: FieldErrors) => ReactNode;
  /** Leave out the form's error line when the password field already says it. */
  errorOnPasswordOnly?: boolean;
}

/**
 * The shape every page behind a mailed link shares (reset a password, confirm
 * an address, accept an invitation): the token, the address read-only, a
 * password, one button; on success the message and the way to sign in. The
 * password is kept across a refused attempt, so a typo elsewhere costs nothing.
 */
export function LinkPasswordForm({
  action,
  token,
  email,
  emailName,
  passwordLabel,
  passwordKind,
  submitLabel,
  pendingLabel,
  fields,
  errorOnPasswordOnly = false,
}: LinkPasswordFormProps) {
  const [state, formAction, pending] = useActionState(action, null);
  const [password, setPassword] = useState('');
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
  const choosing = passwordKind === 'new-password';
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <TextField label="Email" name={emailName} value={email} readOnly disabled autoComplete="username" />
      {fields?.(fieldErrors)}
      <TextField
        label={passwordLabel}
        name="password"
        type="password"
        autoComplete={passwordKind}
        required
        minLength={choosing ? 12 : undefined}
        maxLength={256}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        errors={fieldErrors?.password}
      />
      {state && !state.ok && !(errorOnPasswordOnly && fieldErrors?.password) ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}
