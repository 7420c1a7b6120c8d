'use client';

import { useActionState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';
import { rotateWebhookSecretAction } from '@/lib/webhooks/actions';
import { SigningSecret } from './signing-secret';

/** Makes a new secret and shows it once; the old one keeps signing for a day beside it. */
export function RotateSecretButton({ endpointId, url }: { endpointId: string; url: string }) {
  const [state, formAction, pending] = useActionState<ActionResult<{ secret: string }> | null, FormData>(
    rotateWebhookSecretAction,
    null,
  );
  return (
    <div className="space-y-2">
      <form
        action={formAction}
        onSubmit={(event) => {
          if (!window.confirm(`Make a new signing secret for ${url}? The current one keeps working for 24 hours.`))
            event.preventDefault();
        }}
        className="flex flex-wrap items-center gap-2"
      >
        <input type="hidden" name="endpointId" value={endpointId} />
        <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={pending}>
          {pending ? 'Rotating…' : 'Rotate secret'}
        </Button>
        <FormStatus state={state} />
      </form>
      {state?.ok && state.data ? <SigningSecret secret={state.data.secret} /> : null}
    </div>
  );
}
