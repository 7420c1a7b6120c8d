'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { signOutForInvitationAction } from '@/lib/invitations/actions';

/** Signs out and returns to the same invitation, to accept it with the invited account. */
export function SignOutForInvitationButton({ token }: { token: string }) {
  const [, formAction, pending] = useActionState(signOutForInvitationAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="token" value={token} />
      <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
        {pending ? 'Signing out…' : 'Sign out'}
      </Button>
    </form>
  );
}
