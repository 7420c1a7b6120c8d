'use client';

import { LinkPasswordForm } from '@/components/auth/link-password-form';
import { verifyEmailAction } from '@/lib/auth/email-verification-actions';

/** The verification link's page: the sign-up password proves the person following the link is the one who signed up. */
export function VerifyEmailForm({ token, email, submitLabel }: { token: string; email: string; submitLabel: string }) {
  return (
    <LinkPasswordForm
      action={verifyEmailAction}
      token={token}
      email={email}
      emailName="confirmedEmail"
      passwordLabel="The password you chose when you signed up"
      passwordKind="current-password"
      submitLabel={submitLabel}
      pendingLabel="Confirming…"
      errorOnPasswordOnly
    />
  );
}
