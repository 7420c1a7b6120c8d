import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { describeResetLink } from '@/lib/auth/password-reset';

// The link's token must not leak to other sites through the Referer header.
export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await describeResetLink(await getDb(), token);
  if (!link.ok) {
    return (
      <>
        <h1 className="mb-4 text-2xl font-semibold">Link unavailable</h1>
        <p className="text-slate-700">{link.message}</p>
        <p className="mt-6 text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 underline">
            Ask for a new link
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Choose a new password</h1>
      <p className="mb-6 text-sm text-slate-700">
        For <span className="font-medium">{link.email}</span>. Saving it signs your account out everywhere.
      </p>
      <ResetPasswordForm token={token} email={link.email} />
    </>
  );
}
