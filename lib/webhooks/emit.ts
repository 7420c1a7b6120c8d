/**
 * The one way to announce that something happened: called from the place the
 * thing happens, with that change's transaction, so a delivery exists exactly
 * when the change commits (an outbox). Sending is the job queue's part
 * (lib/webhooks/deliver.ts); here nothing leaves the database.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { parseRows } from '@/db/rows';
import { webhookPayload, type WebhookEventData, type WebhookEventType } from './events';
import { scheduleDeliveries } from './schedule';

export interface EmitOptions {
  /**
   * Makes the event id a function of (organization, type, key), so emitting
   * the same thing again reaches no endpoint twice: "assessment.completed"
   * uses `<cycle>/<member>` — once per member and cycle, however often they
   * reach done.
   */
  onceKey?: string;
  /** When it happened (default now). */
  occurredAt?: Date;
}

export function webhookEventId(organizationId: string, type: WebhookEventType, onceKey?: string): string {
  if (onceKey === undefined) return `evt_${randomUUID().replaceAll('-', '')}`;
  const digest = createHash('sha256').update(`${organizationId}\n${type}\n${onceKey}`).digest('base64url');
  return `evt_${digest.slice(0, 32)}`;
}

/**
 * `webhookEventId(organizationId, type, onceKey)` computed by PostgreSQL, for a statement that
 * resolves the ids itself (the save statement reads the member from its session check): the same
 * id, character for character (tests/integration/assessments/rating-batch-session.test.ts).
 */
export function webhookEventIdSql(organizationId: string | SQL, type: WebhookEventType, onceKey: SQL): SQL {
  const digest = sql`sha256(convert_to(${organizationId}::text || E'\n' || ${type}::text || E'\n' || ${onceKey}, 'UTF8'))`;
  // base64url of the digest, cut to 32 characters (a 32-byte digest is 44 in base64: no line breaks, padding only at the end).
  return sql`('evt_' || left(translate(encode(${digest}, 'base64'), '+/', '-_'), 32))`;
}

/**
 * Writes one delivery for every enabled endpoint of the organization that
 * subscribed to `type`, and schedules their sending. Pass the transaction of
 * the change being reported. Another organization's endpoints are never
 * selected: the organization id is part of every key.
 *
 * Returns the event id and how many endpoints it will go to (0 when none subscribed).
 */
export async function emitWebhookEvent<Type extends WebhookEventType>(
  tx: Db,
  organizationId: string,
  type: Type,
  data: WebhookEventData[Type],
  options: EmitOptions = {},
): Promise<{ eventId: string; deliveries: number }> {
  const eventId = webhookEventId(organizationId, type, options.onceKey);
  const payload = webhookPayload(type, data, options.occurredAt ?? new Date());
  const created = parseRows(
    await tx.execute(sql`
      insert into webhook_deliveries (organization_id, endpoint_id, event_id, event_type, payload)
      select e.organization_id, e.id, ${eventId}, ${type}, ${payload}
      from webhook_endpoints e
      where e.organization_id = ${organizationId} and e.enabled and ${type} = any(e.events)
      on conflict (organization_id, endpoint_id, event_id) do nothing
      returning id`),
    z.object({ id: z.string() }),
  );
  await scheduleDeliveries(
    tx,
    created.map((row) => ({ organizationId, deliveryId: row.id, attempt: 1, at: null })),
  );
  return { eventId, deliveries: created.length };
}
