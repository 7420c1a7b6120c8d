'use client';

import { LinkPasswordForm } from '@/components/auth/link-password-form';
import { resetPasswordAction } from '@/lib/auth/password-reset-actions';

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  return (
    <LinkPasswordForm
      action={resetPasswordAction}
      token={token}
      email={email}
      emailName="resetEmail"
      passwordLabel="New password (at least 12 characters)"
      passwordKind="new-password"
      submitLabel="Save the new password"
      pendingLabel="Saving…"
    />
  );
}
