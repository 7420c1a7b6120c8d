import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@/lib/webhooks/events';

/** The events to send, one checkbox each with when it happens; a fieldset so the group has a name. */
export function EventCheckboxes({
  idPrefix,
  checked,
  errors,
}: {
  idPrefix: string;
  checked: readonly WebhookEventType[];
  errors?: string[];
}) {
  const errorId = `${idPrefix}-events-error`;
  return (
    <fieldset className="space-y-2" aria-describedby={errors?.length ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">Events</legend>
      <ul className="grid gap-2 sm:grid-cols-2">
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <li key={type} className="flex items-start gap-2">
            <input
              id={`${idPrefix}-${type}`}
              type="checkbox"
              name="events"
              value={type}
              defaultChecked={checked.includes(type)}
              className="mt-1"
            />
            <label htmlFor={`${idPrefix}-${type}`} className="text-sm">
              <span className="font-mono">{type}</span>
              <span className="block text-slate-600">{WEBHOOK_EVENT_DESCRIPTIONS[type]}</span>
            </label>
          </li>
        ))}
      </ul>
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}
