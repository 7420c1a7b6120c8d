/** What /admin/webhooks shows: the organization's endpoints and their delivery log. */
import 'server-only';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from '@/db/schema';
import { secretHint } from './signing';

export interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  enabled: boolean;
  secretHint: string;
  createdAt: Date;
  pending: number;
  failed: number;
}

export async function listEndpoints(db: Db, organizationId: string): Promise<EndpointRow[]> {
  const rows = await db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      events: webhookEndpoints.events,
      enabled: webhookEndpoints.enabled,
      secret: webhookEndpoints.secret,
      createdAt: webhookEndpoints.createdAt,
      // Qualified by hand: in a one-table select drizzle writes its columns unqualified, which inside
      // this subquery would name the delivery's own columns.
      pending: sql<number>`(select count(*) from webhook_deliveries d
        where d.organization_id = webhook_endpoints.organization_id and d.endpoint_id = webhook_endpoints.id
          and d.status = 'pending')`.mapWith(Number),
      failed: sql<number>`(select count(*) from webhook_deliveries d
        where d.organization_id = webhook_endpoints.organization_id and d.endpoint_id = webhook_endpoints.id
          and d.status = 'failed')`.mapWith(Number),
    })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organizationId, organizationId))
    .orderBy(webhookEndpoints.createdAt);
  return rows.map(({ secret, ...row }) => ({ ...row, secretHint: secretHint(secret) }));
}

export interface AttemptRow {
  attempt: number;
  startedAt: Date;
  responseStatus: number | null;
  responseMs: number | null;
  error: string | null;
}

export interface DeliveryRow {
  id: string;
  endpointId: string;
  endpointUrl: string;
  eventId: string;
  eventType: WebhookEventType;
  /** The body as sent (JSON). */
  payload: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  responseStatus: number | null;
  responseMs: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  attempts: AttemptRow[];
}

export const DELIVERIES_PAGE_SIZE = 25;

export interface DeliveryFilters {
  endpointId?: string;
  status?: WebhookDeliveryStatus;
  /** 1-based. */
  page?: number;
}

/** The newest deliveries first, with their attempts; one page and whether there is another. */
export async function listDeliveries(
  db: Db,
  organizationId: string,
  filters: DeliveryFilters = {},
): Promise<{ items: DeliveryRow[]; hasMore: boolean }> {
  const conditions: SQL[] = [eq(webhookDeliveries.organizationId, organizationId)];
  if (filters.endpointId) conditions.push(eq(webhookDeliveries.endpointId, filters.endpointId));
  if (filters.status) conditions.push(eq(webhookDeliveries.status, filters.status));
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      endpointId: webhookDeliveries.endpointId,
      endpointUrl: webhookEndpoints.url,
      eventId: webhookDeliveries.eventId,
      eventType: webhookDeliveries.eventType,
      payload: webhookDeliveries.payload,
      status: webhookDeliveries.status,
      attemptCount: webhookDeliveries.attemptCount,
      responseStatus: webhookDeliveries.responseStatus,
      responseMs: webhookDeliveries.responseMs,
      lastError: webhookDeliveries.lastError,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEndpoints,
      and(
        eq(webhookEndpoints.organizationId, webhookDeliveries.organizationId),
        eq(webhookEndpoints.id, webhookDeliveries.endpointId),
      ),
    )
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(DELIVERIES_PAGE_SIZE + 1)
    .offset((Math.max(1, filters.page ?? 1) - 1) * DELIVERIES_PAGE_SIZE);
  const page = rows.slice(0, DELIVERIES_PAGE_SIZE);
  const attempts =
    page.length === 0
      ? []
      : await db
          .select({
            deliveryId: webhookDeliveryAttempts.deliveryId,
            attempt: webhookDeliveryAttempts.attempt,
            startedAt: webhookDeliveryAttempts.startedAt,
            responseStatus: webhookDeliveryAttempts.responseStatus,
            responseMs: webhookDeliveryAttempts.responseMs,
            error: webhookDeliveryAttempts.error,
          })
          .from(webhookDeliveryAttempts)
          .where(
            and(
              eq(webhookDeliveryAttempts.organizationId, organizationId),
              inArray(
                webhookDeliveryAttempts.deliveryId,
                page.map((row) => row.id),
              ),
            ),
          )
          .orderBy(webhookDeliveryAttempts.startedAt, webhookDeliveryAttempts.id);
  const byDelivery = new Map<string, AttemptRow[]>();
  for (const { deliveryId, ...attempt } of attempts) {
    const list = byDelivery.get(deliveryId) ?? [];
    list.push(attempt);
    byDelivery.set(deliveryId, list);
  }
  return {
    items: page.map((row) => ({ ...row, attempts: byDelivery.get(row.id) ?? [] })),
    hasMore: rows.length > DELIVERIES_PAGE_SIZE,
  };
}
