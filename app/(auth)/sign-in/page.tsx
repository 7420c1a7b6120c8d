import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { ssoProviderName } from '@/lib/auth/oidc';
import { getSessionContext } from '@/lib/auth/session';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';

export const metadata: Metadata = { title: 'Sign in' };

type SignInSearchParams = Promise<{ callbackUrl?: string; error?: string; email?: string; signedOut?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: SignInSearchParams }) {
  const { callbackUrl, error, email, signedOut } = await searchParams;
  const target = safeRedirectPath(callbackUrl);
  if (await getSessionContext()) redirect(target);
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Sign in</h1>
      {signedOut === 'everywhere' ? (
        <p role="status" className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          You are signed out on every device and browser. Sign in again here to continue.
        </p>
      ) : null}
      <SignInForm callbackUrl={target} ssoName={ssoProviderName()} error={error} errorEmail={email} />
      <p className="mt-6 text-center text-sm text-slate-600">
        New to Skillgrid?{' '}
        <Link href="/sign-up" className="font-medium text-brand-700 underline">
          Create an organization
        </Link>
      </p>
    </>
  );
}
