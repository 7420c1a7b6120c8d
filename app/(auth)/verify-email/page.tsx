import type { Metadata } from 'next';
import Link from 'next/link';
import { EmailRequestForm } from '@/components/auth/email-request-form';
import { resendVerificationAction } from '@/lib/auth/email-verification-actions';
import { emailSchema } from '@/lib/organizations/sign-up';

export const metadata: Metadata = { title: 'Send a new confirmation link' };

export default async function ResendVerificationPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams;
  // Only an address that parses as one is put back in the field.
  const parsed = emailSchema.safeParse(email);
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Send a new confirmation link</h1>
      <p className="mb-6 text-sm text-slate-600">
        Lost the mail, or its link expired? Enter the address you signed up with.
      </p>
      <EmailRequestForm
        action={resendVerificationAction}
        submitLabel="Send a new link"
        pendingLabel="Sending…"
        defaultEmail={parsed.success ? parsed.data : undefined}
      />
      <p className="mt-6 text-center text-sm text-slate-600">
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
