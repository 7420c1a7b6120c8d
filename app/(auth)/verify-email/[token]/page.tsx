import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { VerifyEmailForm } from '@/components/auth/verify-email-form';
import { describeVerificationLink } from '@/lib/auth/email-verification';

// The link's token must not leak to other sites through the Referer header.
export const metadata: Metadata = { title: 'Confirm your email address', referrer: 'no-referrer' };

export default async function VerifyEmailTokenPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await describeVerificationLink(await getDb(), token);
  if (!link.ok) {
    return (
      <>
        <h1 className="mb-4 text-2xl font-semibold">Link unavailable</h1>
        <p className="text-slate-700">{link.message}</p>
        <p className="mt-6 flex flex-wrap gap-4 text-sm">
          <Link href="/verify-email" className="font-medium text-brand-700 underline">
            Send me a new link
          </Link>
          <Link href="/sign-in" className="font-medium text-brand-700 underline">
            Go to sign in
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Confirm your email address</h1>
      <p className="mb-6 text-sm text-slate-700">
        {link.organizationName ? (
          <>
            Enter the password you chose to confirm <span className="font-medium">{link.email}</span> and create{' '}
            <span className="font-medium">{link.organizationName}</span>.
          </>
        ) : (
          <>
            Enter your password to confirm <span className="font-medium">{link.email}</span>.
          </>
        )}
      </p>
      <VerifyEmailForm
        token={token}
        email={link.email}
        submitLabel={link.organizationName ? 'Confirm and create the organization' : 'Confirm my email address'}
      />
    </>
  );
}
