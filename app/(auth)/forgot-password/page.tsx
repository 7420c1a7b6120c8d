import type { Metadata } from 'next';
import Link from 'next/link';
import { EmailRequestForm } from '@/components/auth/email-request-form';
import { requestPasswordResetAction } from '@/lib/auth/password-reset-actions';

export const metadata: Metadata = { title: 'Forgot your password?' };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Forgot your password?</h1>
      <p className="mb-6 text-sm text-slate-600">
        Enter your account’s email address. We will mail you a link to choose a new password; it works once, for 30
        minutes.
      </p>
      <EmailRequestForm action={requestPasswordResetAction} submitLabel="Mail me a link" pendingLabel="Sending…" />
      <p className="mt-6 text-center text-sm text-slate-600">
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
