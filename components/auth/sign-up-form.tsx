'use client';

import Link from 'next/link';
import { useActionState, useState, type ChangeEvent } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { signUpAction } from '@/lib/organizations/actions';
import { suggestSlug } from '@/lib/organizations/slug';

/** `devMailPage`: mail stays in the database on this server (no SMTP), listed at /dev/mail. */
export function SignUpForm({ devMailPage = false }: { devMailPage?: boolean }) {
  const [state, formAction, pending] = useActionState(signUpAction, null);
  // Controlled fields keep what the user typed when the server sends back errors.
  const [values, setValues] = useState({ name: '', email: '', password: '', organizationName: '' });
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const field = (key: keyof typeof values) => ({
    value: values[key],
    onChange: (event: ChangeEvent<HTMLInputElement>) => setValues({ ...values, [key]: event.target.value }),
  });

  if (state?.ok) {
    // The same answer whether or not the address had an account: the mail tells its owner which.
    return (
      <div role="status" className="space-y-4">
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">{state.message}</p>
        {devMailPage ? (
          <p className="text-sm text-slate-700">
            Mail is not configured on this server:{' '}
            <Link href="/dev/mail" className="font-medium text-brand-700 underline">
              open the development outbox
            </Link>
            .
          </p>
        ) : null}
        <p className="text-sm text-slate-700">
          No mail after a few minutes?{' '}
          <Link href="/verify-email" className="font-medium text-brand-700 underline">
            Send a new link
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form action={formAction} className="space-y-4" noValidate>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">You</legend>
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          required
          maxLength={100}
          errors={fieldErrors?.name}
          {...field('name')}
        />
        <TextField
          label="Work email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          errors={fieldErrors?.email}
          {...field('email')}
        />
        <TextField
          label="Password (at least 12 characters)"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          maxLength={256}
          errors={fieldErrors?.password}
          {...field('password')}
        />
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">Your organization</legend>
        <TextField
          label="Organization name"
          name="organizationName"
          autoComplete="organization"
          required
          maxLength={100}
          errors={fieldErrors?.organizationName}
          value={values.organizationName}
          onChange={(event) => {
            setValues({ ...values, organizationName: event.target.value });
            if (!slugEdited) setSlug(suggestSlug(event.target.value));
          }}
        />
        <TextField
          label="Address (slug)"
          name="slug"
          required
          maxLength={40}
          autoCapitalize="none"
          spellCheck={false}
          // TextField points aria-describedby at its errors; only name the hint when there are none.
          {...(fieldErrors?.slug ? {} : { 'aria-describedby': 'slug-hint' })}
          errors={fieldErrors?.slug}
          value={slug}
          onChange={(event) => {
            setSlugEdited(true);
            setSlug(event.target.value.toLowerCase());
          }}
        />
        {fieldErrors?.slug ? null : (
          <p id="slug-hint" className="-mt-3 text-xs text-slate-600">
            3–40 lower-case letters, digits and dashes.
          </p>
        )}
      </fieldset>
      {state && !state.ok ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Sending…' : 'Create organization'}
      </Button>
    </form>
  );
}
