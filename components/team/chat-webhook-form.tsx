'use client';

import { useActionState, useState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';
import { setTeamChatWebhookAction } from '@/lib/notifications/chat-actions';

const PROVIDERS = [
  { value: 'slack', label: 'Slack' },
  { value: 'teams', label: 'Microsoft Teams' },
] as const;

/** Sets or replaces the team's channel. The URL field starts empty: a saved URL is never sent back to the browser. */
export function ChatWebhookForm({ teamId, provider }: { teamId: string; provider: 'slack' | 'teams' | null }) {
  // Controlled, because React resets uncontrolled fields after every submission, errors included.
  const [url, setUrl] = useState('');
  const [chosen, setChosen] = useState<string>(provider ?? 'slack');
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    async (previous, formData) => {
      const result = await setTeamChatWebhookAction(previous, formData);
      if (result.ok) setUrl('');
      return result;
    },
    null,
  );
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="teamId" value={teamId} />
      <Select
        label="Chat app"
        name="provider"
        id="chat-provider"
        options={PROVIDERS}
        value={chosen}
        onChange={(event) => setChosen(event.target.value)}
        errors={fieldErrors?.provider}
        className="max-w-xs space-y-1"
      />
      <TextField
        label={provider ? 'New incoming webhook URL' : 'Incoming webhook URL'}
        name="url"
        id="chat-url"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder={
          chosen === 'slack'
            ? 'https://hooks.slack.com/services/…'
            : 'https://….webhook.office.com/… or a Workflows URL'
        }
        value={url}
        onChange={(event) => setUrl(event.target.value)}
        required
        errors={fieldErrors?.url}
        hint={
          chosen === 'slack'
            ? 'In Slack: an app with “Incoming Webhooks” turned on → Add New Webhook to Workspace → pick the channel → copy the URL.'
            : 'In Teams: the channel’s “Workflows” → “Post to a channel when a webhook request is received” → copy the URL.'
        }
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Checking and saving…' : provider ? 'Replace the channel' : 'Save the channel'}
        </Button>
      </div>
      <FormStatus state={state && !state.ok && fieldErrors?.url ? null : state} className="text-sm" />
    </form>
  );
}
