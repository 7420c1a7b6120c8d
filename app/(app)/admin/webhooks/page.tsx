import type { Metadata } from 'next';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { DataTable } from '@/components/ui/table';
import { CreateEndpointForm } from '@/components/webhooks/create-endpoint-form';
import { EditEventsForm } from '@/components/webhooks/edit-events-form';
import { RotateSecretButton } from '@/components/webhooks/rotate-secret-button';
import { getDb } from '@/db';
import { webhookDeliveryStatus } from '@/db/schema';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { formatDateTime, isoDate } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';
import {
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  setWebhookEndpointEnabledAction,
} from '@/lib/webhooks/actions';
import { MAX_DELIVERY_ATTEMPTS } from '@/lib/webhooks/deliver';
import { DELIVERY_LOG_DAYS } from '@/lib/webhooks/delivery-job';
import { listDeliveries, listEndpoints, type DeliveryRow } from '@/lib/webhooks/queries';

export const metadata: Metadata = { title: 'Webhooks' };

// Bad values in the URL are dropped (the unfiltered log), never an error page.
const searchSchema = z.object({
  endpoint: z.uuid().optional().catch(undefined),
  status: z.enum(webhookDeliveryStatus.enumValues).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

const STATUS_LABELS: Record<DeliveryRow['status'], string> = {
  pending: 'Waiting',
  succeeded: 'Delivered',
  failed: 'Failed',
};

const STATUS_STYLES: Record<DeliveryRow['status'], string> = {
  pending: 'bg-amber-100 text-amber-900',
  succeeded: 'bg-green-100 text-green-900',
  failed: 'bg-red-100 text-red-900',
};

/** The body as sent, indented for reading; as it is if it is somehow not JSON. */
function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export default async function WebhooksAdminPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await requestLocale();
  const context = await requireSession();
  // Not even the page's existence is shown to non-admins.
  if (!hasRole(context, 'admin')) notFound();
  const raw = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const search = searchSchema.parse({
    endpoint: first(raw.endpoint),
    status: first(raw.status),
    page: first(raw.page),
  });
  const page = search.page ?? 1;
  const db = await getDb();
  const organizationId = context.organization.id;
  const [endpoints, deliveries] = await Promise.all([
    listEndpoints(db, organizationId),
    listDeliveries(db, organizationId, { endpointId: search.endpoint, status: search.status, page }),
  ]);
  const pageHref = (target: number) => {
    const params = new URLSearchParams();
    if (search.endpoint) params.set('endpoint', search.endpoint);
    if (search.status) params.set('status', search.status);
    params.set('page', String(target));
    return `?${params.toString()}#log-heading`;
  };

  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="text-slate-600">
          Skillgrid sends a signed HTTP POST to your systems when something happens: people joining or leaving,
          assessments completed, cycles opened and closed, ratings reviewed. Failed deliveries are retried with growing
          pauses ({MAX_DELIVERY_ATTEMPTS} attempts over about 18 hours); the log keeps {DELIVERY_LOG_DAYS} days.
        </p>
      </div>

      <section aria-labelledby="add-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="add-heading" className="mb-4 text-lg font-semibold">
          Add an endpoint
        </h2>
        <p className="mb-4 text-sm text-slate-600">
          Only public internet addresses are accepted: an address inside your network (or this server&apos;s own) must
          be allowed by whoever runs Skillgrid (<code>OUTBOUND_URL_ALLOW</code>).
        </p>
        <CreateEndpointForm />
      </section>

      <section aria-labelledby="endpoints-heading" className="space-y-3">
        <h2 id="endpoints-heading" className="text-lg font-semibold">
          Endpoints <span className="text-sm font-normal text-slate-500">({endpoints.length})</span>
        </h2>
        {endpoints.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600">
            No endpoints yet: add the first one above to start receiving events.
          </p>
        ) : (
          <ul className="space-y-4">
            {endpoints.map((endpoint) => (
              <li key={endpoint.id} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0 space-y-1">
                    <p className="font-mono text-sm break-all">{endpoint.url}</p>
                    {endpoint.description ? <p className="text-sm text-slate-600">{endpoint.description}</p> : null}
                    <p className="text-xs text-slate-600">
                      Secret {endpoint.secretHint} · added{' '}
                      <time dateTime={isoDate(endpoint.createdAt)}>{formatDateTime(endpoint.createdAt, locale)}</time>
                    </p>
                  </div>
                  <span
                    className={
                      endpoint.enabled
                        ? 'rounded bg-green-100 px-2 py-0.5 text-sm text-green-900'
                        : 'rounded bg-slate-200 px-2 py-0.5 text-sm text-slate-800'
                    }
                  >
                    {endpoint.enabled ? 'Enabled' : 'Disabled'}
                  </span>
                </div>
                <p className="text-sm">
                  <Link href={`?endpoint=${endpoint.id}#log-heading`} className="underline">
                    Delivery log
                  </Link>
                  {' · '}
                  {endpoint.pending} waiting, {endpoint.failed} failed
                  {endpoint.failed > 0 ? (
                    <>
                      {' '}
                      (
                      <Link href={`?endpoint=${endpoint.id}&status=failed#log-heading`} className="underline">
                        see and re-send
                      </Link>
                      )
                    </>
                  ) : null}
                </p>
                <details className="rounded-md border border-slate-200 p-3">
                  <summary className="cursor-pointer text-sm font-medium">
                    Events ({endpoint.events.length}): {endpoint.events.join(', ')}
                  </summary>
                  <div className="mt-3">
                    <EditEventsForm
                      endpointId={endpoint.id}
                      description={endpoint.description}
                      events={endpoint.events}
                    />
                  </div>
                </details>
                <div className="flex flex-wrap items-start gap-3">
                  <RotateSecretButton endpointId={endpoint.id} url={endpoint.url} />
                  <ActionButtonForm
                    action={setWebhookEndpointEnabledAction}
                    fields={{ endpointId: endpoint.id, enabled: endpoint.enabled ? 'false' : 'true' }}
                    label={endpoint.enabled ? 'Disable' : 'Enable'}
                    pendingLabel={endpoint.enabled ? 'Disabling…' : 'Enabling…'}
                    ariaLabel={`${endpoint.enabled ? 'Disable' : 'Enable'} ${endpoint.url}`}
                  />
                  <ActionButtonForm
                    action={deleteWebhookEndpointAction}
                    fields={{ endpointId: endpoint.id }}
                    label="Remove"
                    pendingLabel="Removing…"
                    ariaLabel={`Remove ${endpoint.url}`}
                    variant="danger"
                    confirm={{
                      question: 'Remove this endpoint and its delivery log?',
                      confirmLabel: 'Remove endpoint',
                    }}
                  />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="log-heading" className="space-y-3">
        <h2 id="log-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        <AutoApplyForm
          values={{ endpoint: search.endpoint, status: search.status }}
          submitLabel="Show"
          className="flex flex-wrap items-end gap-3"
          aria-label="Filter the delivery log"
        >
          <div className="space-y-1">
            <label htmlFor="log-endpoint" className="block text-sm font-medium text-slate-800">
              Endpoint
            </label>
            <select
              id="log-endpoint"
              name="endpoint"
              defaultValue={search.endpoint ?? ''}
              className="block max-w-[18rem] rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
            >
              <option value="">All endpoints</option>
              {endpoints.map((endpoint) => (
                <option key={endpoint.id} value={endpoint.id}>
                  {endpoint.description ?? endpoint.url}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="log-status" className="block text-sm font-medium text-slate-800">
              Status
            </label>
            <select
              id="log-status"
              name="status"
              defaultValue={search.status ?? ''}
              className="block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
            >
              <option value="">Any status</option>
              {webhookDeliveryStatus.enumValues.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          </div>
        </AutoApplyForm>
        {deliveries.items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600">
            {search.endpoint || search.status
              ? 'No delivery matches these filters.'
              : endpoints.length === 0
                ? 'Nothing sent yet: add an endpoint, and events appear here as they happen.'
                : 'Nothing sent yet: events appear here as they happen.'}
          </p>
        ) : (
          <DataTable label="Webhook deliveries" className="min-w-[52rem]">
            <thead>
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Event
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Endpoint
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Response
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Time
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Attempts
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.items.map((delivery) => (
                <tr key={delivery.id} className="align-top">
                  <th scope="row" className="px-4 py-2 font-normal">
                    <span className="font-mono text-sm">{delivery.eventType}</span>
                    <span className="block text-xs text-slate-600">
                      <time dateTime={isoDate(delivery.createdAt)}>{formatDateTime(delivery.createdAt, locale)}</time>
                    </span>
                    <span className="block font-mono text-xs text-slate-500">{delivery.eventId}</span>
                    <details className="mt-1">
                      <summary className="cursor-pointer text-xs">Body</summary>
                      <pre className="mt-1 max-w-[20rem] overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                        {prettyJson(delivery.payload)}
                      </pre>
                    </details>
                  </th>
                  <td className="max-w-[14rem] px-4 py-2 text-sm break-all">{delivery.endpointUrl}</td>
                  <td className="px-4 py-2">
                    <span className={`rounded px-2 py-0.5 text-sm ${STATUS_STYLES[delivery.status]}`}>
                      {STATUS_LABELS[delivery.status]}
                    </span>
                    {delivery.status === 'pending' && delivery.nextAttemptAt ? (
                      <span className="block text-xs text-slate-600">
                        next try{' '}
                        <time dateTime={isoDate(delivery.nextAttemptAt)}>
                          {formatDateTime(delivery.nextAttemptAt, locale)}
                        </time>
                      </span>
                    ) : null}
                    {delivery.lastError ? (
                      <span className="block max-w-[16rem] text-xs break-words text-red-800">{delivery.lastError}</span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{delivery.responseStatus ?? '—'}</td>
                  <td className="px-4 py-2 text-right tabular-nums">
                    {delivery.responseMs === null ? '—' : `${delivery.responseMs} ms`}
                  </td>
                  <td className="px-4 py-2 text-sm">
                    {delivery.attempts.length === 0 ? (
                      <span className="tabular-nums">{delivery.attemptCount}</span>
                    ) : (
                      <details>
                        <summary className="cursor-pointer tabular-nums">{delivery.attempts.length}</summary>
                        <ol className="mt-1 space-y-1 text-xs">
                          {delivery.attempts.map((attempt, index) => (
                            <li key={index}>
                              <time dateTime={isoDate(attempt.startedAt)}>
                                {formatDateTime(attempt.startedAt, locale)}
                              </time>
                              : {attempt.responseStatus ?? 'no response'}
                              {attempt.responseMs === null ? '' : `, ${attempt.responseMs} ms`}
                              {attempt.error ? ` — ${attempt.error}` : ''}
                            </li>
                          ))}
                        </ol>
                      </details>
                    )}
                  </td>
                  <td className="px-4 py-2">
                    <ActionButtonForm
                      action={resendWebhookDeliveryAction}
                      fields={{ deliveryId: delivery.id }}
                      label="Re-send"
                      pendingLabel="Queuing…"
                      ariaLabel={`Re-send ${delivery.eventType} ${delivery.eventId} to ${delivery.endpointUrl}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        {page > 1 || deliveries.hasMore ? (
          <nav aria-label="Delivery log pages" className="flex items-center gap-3 text-sm">
            {page > 1 ? <Link href={pageHref(page - 1)}>← Newer</Link> : null}
            <span>Page {page}</span>
            {deliveries.hasMore ? <Link href={pageHref(page + 1)}>Older →</Link> : null}
          </nav>
        ) : null}
      </section>

      <section aria-labelledby="verify-heading" className="space-y-2 rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="verify-heading" className="text-lg font-semibold">
          Verifying a delivery
        </h2>
        <p className="text-sm text-slate-700">
          Deliveries follow the Standard Webhooks specification: each request carries <code>webhook-id</code>,{' '}
          <code>webhook-timestamp</code> and <code>webhook-signature</code> headers. Verify them with the
          endpoint&apos;s secret using any Standard Webhooks library (for Node.js:{' '}
          <code>npm install standardwebhooks</code>, then <code>new Webhook(secret).verify(body, headers)</code> on the
          raw body), answer with a 2xx status within 10 seconds, and use <code>webhook-id</code> to ignore a delivery
          you already processed.
        </p>
      </section>
    </div>
  );
}
