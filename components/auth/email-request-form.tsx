'use client';

import { useActionForm } from '@/components/ui/use-action-form';
import Link from 'next/link';

import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';

type EmailAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/**
 * One email field that asks for a mail ("Forgot password?", "Send a new
 * link"). The answer is the server's, the same for every address.
 */
export function EmailRequestForm({
  action,
  submitLabel,
  pendingLabel,
  defaultEmail,
}: {
  action: EmailAction;
  submitLabel: string;
  pendingLabel: string;
  defaultEmail?: string;
}) {
  const { state, pending, formProps } = useActionForm(action);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  if (state?.ok) {
    return (
      <div role="status" className="space-y-4">
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">{state.message}</p>
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Back to sign in
        </Link>
      </div>
    );
  }
  return (
    <form {...formProps} className="space-y-4">
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        defaultValue={defaultEmail}
        errors={fieldErrors?.email}
      />
      {state && !state.ok ? (
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
