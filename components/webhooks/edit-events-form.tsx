'use client';

import { startTransition, useActionState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';
import type { WebhookEventType } from '@/lib/webhooks/events';
import { updateWebhookEndpointAction } from '@/lib/webhooks/actions';
import { EventCheckboxes } from './event-checkboxes';

export function EditEventsForm({
  endpointId,
  description,
  events,
}: {
  endpointId: string;
  description: string | null;
  events: WebhookEventType[];
}) {
  const [state, formAction, pending] = useActionState<ActionResult | null, Record<string, unknown>>(
    (_previous, input) => updateWebhookEndpointAction(input),
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const input = { endpointId, description: form.get('description'), events: form.getAll('events') };
        startTransition(() => formAction(input));
      }}
      className="space-y-3"
      noValidate
    >
      <TextField
        id={`description-${endpointId}`}
        label="Description"
        name="description"
        maxLength={200}
        defaultValue={description ?? ''}
        errors={errors?.description}
      />
      <EventCheckboxes idPrefix={`endpoint-${endpointId}`} checked={events} errors={errors?.events} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? 'Saving…' : 'Save events'}
        </Button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
