'use client';

import { useActionState } from 'react';
import { resendInvitationAction } from '@/lib/invitations/actions';
import { CopyOnce } from '@/components/ui/copy-once';
import { formatDateTime } from '@/lib/format/date';

/** "Resend" on a pending or expired invitation: a new link and expiry, mailed when mail is set up. */
export function ResendInvitationButton({ invitationId, email }: { invitationId: string; email: string }) {
  const [state, formAction, pending] = useActionState(resendInvitationAction, null);
  const created = state?.ok && state.data?.kind === 'created' ? state.data : undefined;
  return (
    <div className="inline-flex flex-col items-end gap-1">
      <form action={formAction}>
        <input type="hidden" name="invitationId" value={invitationId} />
        <button
          type="submit"
          disabled={pending}
          aria-label={`Resend the invitation for ${email}`}
          className="rounded-md px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-60"
        >
          {pending ? 'Resending…' : 'Resend'}
        </button>
      </form>
      <div aria-live="polite" className="w-full max-w-md text-left text-xs">
        {state && !state.ok ? <span className="text-red-700">{state.error}</span> : null}
        {state?.ok ? <p className="mb-1 text-green-900">{state.message}</p> : null}
        {created ? (
          <CopyOnce
            value={created.link}
            what="link"
            label="Invitation link — copy it now, it will not be shown again"
            hint={`Works once; expires ${formatDateTime(created.expiresAt)}.`}
          />
        ) : null}
      </div>
    </div>
  );
}
