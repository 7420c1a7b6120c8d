'use client';

import { startTransition, useActionState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';
import { createWebhookEndpointAction } from '@/lib/webhooks/actions';
import { EventCheckboxes } from './event-checkboxes';
import { SigningSecret } from './signing-secret';

type Result = ActionResult<{ endpointId: string; secret: string }>;

export function CreateEndpointForm() {
  const [state, formAction, pending] = useActionState<Result | null, Record<string, unknown>>(
    (_previous, input) => createWebhookEndpointAction(input),
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <div className="space-y-4">
      <form
        // A fresh form after an endpoint was added; on an error it keeps what the admin typed.
        key={state?.ok ? state.data?.endpointId : 'draft'}
        // Submitted by hand: several checkboxes share the name "events", which a plain object of the form would lose.
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const input = { url: form.get('url'), description: form.get('description'), events: form.getAll('events') };
          startTransition(() => formAction(input));
        }}
        className="space-y-4"
        noValidate
      >
        <TextField
          label="Endpoint URL"
          name="url"
          type="url"
          required
          maxLength={2000}
          placeholder="https://hooks.example.com/skillgrid"
          errors={errors?.url}
        />
        <TextField
          label="Description (optional)"
          name="description"
          maxLength={200}
          placeholder="HR system"
          errors={errors?.description}
        />
        <EventCheckboxes idPrefix="new-endpoint" checked={[]} errors={errors?.events} />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? 'Checking the URL…' : 'Add endpoint'}
          </Button>
          <FormStatus state={state} />
        </div>
      </form>
      {state?.ok && state.data ? <SigningSecret secret={state.data.secret} /> : null}
    </div>
  );
}
