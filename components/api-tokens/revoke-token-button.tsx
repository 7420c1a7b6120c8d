'use client';

import { useActionState } from 'react';
import { revokeOrganizationTokenAction, revokePersonalTokenAction } from '@/lib/api/actions';

export function RevokeTokenButton({
  tokenId,
  name,
  kind,
}: {
  tokenId: string;
  name: string;
  kind: 'organization' | 'personal';
}) {
  const [state, formAction, pending] = useActionState(
    kind === 'organization' ? revokeOrganizationTokenAction : revokePersonalTokenAction,
    null,
  );
  return (
    <form
      action={formAction}
      className="inline-flex flex-col items-end gap-1"
      onSubmit={(event) => {
        // Revocation cannot be undone: programs using the token stop working at once.
        if (!window.confirm(`Revoke “${name}”? Programs using it stop working at once.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="tokenId" value={tokenId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`Revoke the token ${name}`}
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
