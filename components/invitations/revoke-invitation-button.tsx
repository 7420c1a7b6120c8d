'use client';

import { useActionState } from 'react';
import { revokeInvitationAction } from '@/lib/invitations/actions';

export function RevokeInvitationButton({ invitationId, email }: { invitationId: string; email: string }) {
  const [state, formAction, pending] = useActionState(revokeInvitationAction, null);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="invitationId" value={invitationId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`Revoke the invitation for ${email}`}
        className="rounded-md px-2 py-1 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {pending ? 'Revoking…' : 'Revoke'}
      </button>
      <span aria-live="polite" className="text-xs text-red-700">
        {state && !state.ok ? state.error : null}
      </span>
    </form>
  );
}
