'use client';

import { useActionForm } from '@/components/ui/use-action-form';
import Link from 'next/link';

import { signInAction, ssoSignInAction } from '@/lib/auth/sign-in-action';
import { signInErrorMessage } from '@/lib/auth/oidc-errors';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';

interface SignInFormProps {
  callbackUrl: string;
  /** The single sign-on button's provider name; null or absent when SSO is not configured (`ssoProviderName()`). */
  ssoName?: string | null;
  /** `?error=` of the sign-in URL: set by a refused or failed SSO round trip. */
  error?: string;
  /** `?email=` of the sign-in URL: the address the identity provider asserted. */
  errorEmail?: string;
}

export function SignInForm({ callbackUrl, ssoName, error, errorEmail }: SignInFormProps) {
  const { state, pending, formProps } = useActionForm(signInAction);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  // Once the user tries their password, that result replaces the message from the URL.
  const urlError = state ? null : signInErrorMessage(error, errorEmail);
  return (
    <div className="space-y-6">
      {urlError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {urlError}
        </p>
      ) : null}
      {ssoName ? (
        <>
          <form action={ssoSignInAction}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <Button type="submit" variant="secondary" className="w-full">
              Sign in with {ssoName}
            </Button>
          </form>
          <p className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" />
            or
            <span className="h-px flex-1 bg-slate-200" />
          </p>
        </>
      ) : null}
      <form {...formProps} className="space-y-4">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors?.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={fieldErrors?.password}
        />
        {state && !state.ok ? (
          <div role="alert" className="space-y-1 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            <p>{state.error}</p>
            {state.error.startsWith('Confirm your email') ? (
              <Link href="/verify-email" className="font-medium underline">
                Send me a new confirmation link
              </Link>
            ) : null}
          </div>
        ) : null}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
        <p className="text-center text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 underline">
            Forgot password?
          </Link>
        </p>
      </form>
    </div>
  );
}
