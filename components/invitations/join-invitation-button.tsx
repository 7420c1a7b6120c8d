'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { joinInvitationAction } from '@/lib/invitations/actions';

export function JoinInvitationButton({ token, organizationName }: { token: string; organizationName: string }) {
  const [state, formAction, pending] = useActionState(joinInvitationAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      {state && !state.ok ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Joining…' : `Join ${organizationName}`}
      </Button>
    </form>
  );
}
