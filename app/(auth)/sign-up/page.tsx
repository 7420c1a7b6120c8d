import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { getSessionContext } from '@/lib/auth/session';
import { mailKeptForDevPage } from '@/lib/mail/outbox';

export const metadata: Metadata = { title: 'Create an organization' };

export default async function SignUpPage() {
  if (await getSessionContext()) redirect('/');
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Create an organization</h1>
      <p className="mb-6 text-sm text-slate-600">
        We will mail you a link to confirm your address; your organization is created when you follow it. You will be
        its admin and can invite your team next.
      </p>
      <SignUpForm devMailPage={mailKeptForDevPage()} />
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
