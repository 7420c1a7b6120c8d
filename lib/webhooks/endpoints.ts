/**
 * An admin's changes to the organization's webhook endpoints and deliveries,
 * each inside the audited action's transaction (lib/webhooks/actions.ts),
 * returning the audit entry it records. Every statement is scoped by the
 * organization: another organization's endpoint or delivery is "not found".
 */
import 'server-only';
import { and, count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { WriteOutcome } from '@/lib/actions/define-action';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { WEBHOOK_EVENT_TYPES } from './events';
import { scheduleDeliveries } from './schedule';
import { generateWebhookSecret, secretHint } from './signing';

/** Enough for every integration an organization runs; a bound on what one admin can make the workers do. */
export const MAX_ENDPOINTS = 20;
/** After a rotation the previous secret still signs for this long, so receivers switch without losing a delivery. */
export const PREVIOUS_SECRET_HOURS = 24;
const URL_MAX = 2000;

/** Checkboxes send one value or several; a client may send an array. */
const eventsSchema = z.preprocess(
  (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
  z
    .array(z.enum(WEBHOOK_EVENT_TYPES, 'Unknown event.'))
    .min(1, 'Choose at least one event.')
    .transform((events) => [...new Set(events)]),
);

const descriptionSchema = z
  .string()
  .trim()
  .max(200, 'At most 200 characters.')
  .regex(NO_NUL, NO_NUL_MESSAGE)
  .default('')
  .transform((value) => (value === '' ? null : value));

export const createEndpointSchema = z.object({
  url: z
    .string('Enter the URL that receives the events.')
    .trim()
    .min(1, 'Enter the URL that receives the events.')
    .max(URL_MAX, `At most ${URL_MAX} characters.`),
  description: descriptionSchema,
  events: eventsSchema,
});

export const updateEndpointSchema = z.object({
  endpointId: z.uuid('Unknown endpoint.'),
  description: descriptionSchema,
  events: eventsSchema,
});

export const endpointTargetSchema = z.object({ endpointId: z.uuid('Unknown endpoint.') });

export const setEnabledSchema = z.object({
  endpointId: z.uuid('Unknown endpoint.'),
  enabled: z.enum(['true', 'false'], 'Say whether to enable or disable.').transform((value) => value === 'true'),
});

export const deliveryTargetSchema = z.object({ deliveryId: z.uuid('Unknown delivery.') });

const ENDPOINT_NOT_FOUND = 'That webhook endpoint was not found.';

async function findEndpoint(tx: Db, organizationId: string, endpointId: string) {
  const [endpoint] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.id, endpointId)))
    .for('update')
    .limit(1);
  return endpoint;
}

/** Registers an endpoint (its URL already checked by the outbound guard); the secret is returned to be shown once. */
export async function createEndpoint(
  tx: Db,
  organizationId: string,
  input: z.output<typeof createEndpointSchema> & { url: string },
): Promise<WriteOutcome<{ endpointId: string; secret: string }>> {
  const [existing] = await tx
    .select({ n: count() })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organizationId, organizationId));
  if ((existing?.n ?? 0) >= MAX_ENDPOINTS) {
    return { ok: false, error: `An organization can have at most ${MAX_ENDPOINTS} endpoints: remove one first.` };
  }
  const secret = generateWebhookSecret();
  const [endpoint] = await tx
    .insert(webhookEndpoints)
    .values({ organizationId, url: input.url, description: input.description, events: input.events, secret })
    .returning({ id: webhookEndpoints.id });
  if (!endpoint) throw new Error('Endpoint insert returned nothing');
  return {
    ok: true,
    data: { endpointId: endpoint.id, secret },
    message: 'Endpoint added. Copy its signing secret now: it is not shown again.',
    audit: { targetId: endpoint.id, details: { url: input.url, events: input.events } },
  };
}

export async function updateEndpoint(
  tx: Db,
  organizationId: string,
  input: z.output<typeof updateEndpointSchema>,
): Promise<WriteOutcome<undefined>> {
  const endpoint = await findEndpoint(tx, organizationId, input.endpointId);
  if (!endpoint) return { ok: false, error: ENDPOINT_NOT_FOUND };
  const sameEvents = [...endpoint.events].sort().join() === [...input.events].sort().join();
  if (sameEvents && endpoint.description === input.description) return { ok: true, message: 'No change.', audit: null };
  await tx
    .update(webhookEndpoints)
    .set({ events: input.events, description: input.description, updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.id, endpoint.id)));
  return {
    ok: true,
    message: 'Endpoint saved.',
    audit: { targetId: endpoint.id, details: { from: endpoint.events, to: input.events } },
  };
}

/** A new secret, shown once; the previous one keeps signing beside it for a day. */
export async function rotateEndpointSecret(
  tx: Db,
  organizationId: string,
  endpointId: string,
): Promise<WriteOutcome<{ secret: string }>> {
  const endpoint = await findEndpoint(tx, organizationId, endpointId);
  if (!endpoint) return { ok: false, error: ENDPOINT_NOT_FOUND };
  const secret = generateWebhookSecret();
  await tx
    .update(webhookEndpoints)
    .set({
      secret,
      previousSecret: endpoint.secret,
      previousSecretExpiresAt: sql`now() + make_interval(hours => ${PREVIOUS_SECRET_HOURS})`,
      updatedAt: new Date(),
    })
    .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.id, endpoint.id)));
  return {
    ok: true,
    data: { secret },
    message: `New secret made. Copy it now: it is not shown again. The old one (${secretHint(endpoint.secret)}) also signs for ${PREVIOUS_SECRET_HOURS} hours.`,
    audit: { targetId: endpoint.id },
  };
}

/**
 * Disabling stops sending at once: deliveries still waiting are marked failed
 * (an admin can re-send them after enabling it again). Enabling sends new events only.
 */
export async function setEndpointEnabled(
  tx: Db,
  organizationId: string,
  input: z.output<typeof setEnabledSchema>,
): Promise<WriteOutcome<undefined>> {
  const endpoint = await findEndpoint(tx, organizationId, input.endpointId);
  if (!endpoint) return { ok: false, error: ENDPOINT_NOT_FOUND };
  if (endpoint.enabled === input.enabled) return { ok: true, message: 'No change.', audit: null };
  await tx
    .update(webhookEndpoints)
    .set({ enabled: input.enabled, updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.id, endpoint.id)));
  if (!input.enabled) {
    await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, lastError: 'The endpoint was disabled before this was sent.' })
      .where(
        and(
          eq(webhookDeliveries.organizationId, organizationId),
          eq(webhookDeliveries.endpointId, endpoint.id),
          eq(webhookDeliveries.status, 'pending'),
        ),
      );
  }
  return {
    ok: true,
    message: input.enabled
      ? 'Endpoint enabled: new events are sent to it.'
      : 'Endpoint disabled: nothing is sent to it.',
    audit: { event: input.enabled ? 'webhook.endpoint_enabled' : 'webhook.endpoint_disabled', targetId: endpoint.id },
  };
}

export async function deleteEndpoint(
  tx: Db,
  organizationId: string,
  endpointId: string,
): Promise<WriteOutcome<undefined>> {
  const endpoint = await findEndpoint(tx, organizationId, endpointId);
  if (!endpoint) return { ok: false, error: ENDPOINT_NOT_FOUND };
  // Its deliveries and their attempts go with it (foreign keys cascade).
  await tx
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.id, endpoint.id)));
  return { ok: true, message: 'Endpoint removed.', audit: { targetId: endpoint.id, details: { url: endpoint.url } } };
}

/**
 * Sends a delivery again, whatever became of it: a fresh series of attempts
 * with the same event id and body (receivers that already have it can drop it).
 */
export async function resendDelivery(
  tx: Db,
  organizationId: string,
  deliveryId: string,
): Promise<WriteOutcome<undefined>> {
  const [delivery] = await tx
    .select({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      eventType: webhookDeliveries.eventType,
      enabled: webhookEndpoints.enabled,
      endpointId: webhookEndpoints.id,
    })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEndpoints,
      and(
        eq(webhookEndpoints.organizationId, webhookDeliveries.organizationId),
        eq(webhookEndpoints.id, webhookDeliveries.endpointId),
      ),
    )
    .where(and(eq(webhookDeliveries.organizationId, organizationId), eq(webhookDeliveries.id, deliveryId)))
    .for('update', { of: webhookDeliveries })
    .limit(1);
  if (!delivery) return { ok: false, error: 'That delivery was not found.' };
  if (!delivery.enabled) return { ok: false, error: 'The endpoint is disabled: enable it before re-sending.' };
  await tx
    .update(webhookDeliveries)
    .set({ status: 'pending', attemptCount: 0, nextAttemptAt: sql`now()`, lockedUntil: null })
    .where(and(eq(webhookDeliveries.organizationId, organizationId), eq(webhookDeliveries.id, delivery.id)));
  await scheduleDeliveries(tx, [{ organizationId, deliveryId: delivery.id, attempt: 1, at: null }]);
  return {
    ok: true,
    message: `${delivery.eventType} queued to be sent again.`,
    audit: {
      targetId: delivery.id,
      details: { endpointId: delivery.endpointId, eventId: delivery.eventId, type: delivery.eventType },
    },
  };
}
