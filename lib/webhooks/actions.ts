'use server';

import { defineAuditedAction } from '@/lib/actions/define-action';
import { checkOutboundUrl, OutboundRefusal } from '@/lib/http/outbound-url';
import {
  createEndpoint,
  createEndpointSchema,
  deleteEndpoint,
  deliveryTargetSchema,
  endpointTargetSchema,
  resendDelivery,
  rotateEndpointSecret,
  setEnabledSchema,
  setEndpointEnabled,
  updateEndpoint,
  updateEndpointSchema,
} from './endpoints';

const WEBHOOK_PAGES = ['/admin/webhooks'];

/** Registers a receiver. The URL is checked (DNS included) before the transaction opens. */
export const createWebhookEndpointAction = defineAuditedAction({
  input: createEndpointSchema,
  role: 'admin',
  audit: { events: ['webhook.endpoint_created'], target: 'webhook_endpoint' },
  // After the role check: only an admin's URL is ever resolved, so nobody else can use it to probe DNS.
  prepare: async ({ input }) => {
    try {
      return { ok: true, value: (await checkOutboundUrl(input.url)).toString() };
    } catch (error) {
      if (!(error instanceof OutboundRefusal)) throw error;
      return { ok: false, error: error.message, fieldErrors: { url: [error.message] } };
    }
  },
  revalidate: WEBHOOK_PAGES,
  write: ({ input, tx, context, prepared }) => createEndpoint(tx, context.organization.id, { ...input, url: prepared }),
});

export const updateWebhookEndpointAction = defineAuditedAction({
  input: updateEndpointSchema,
  role: 'admin',
  audit: { events: ['webhook.endpoint_updated'], target: 'webhook_endpoint' },
  revalidate: WEBHOOK_PAGES,
  write: ({ input, tx, context }) => updateEndpoint(tx, context.organization.id, input),
});

export const rotateWebhookSecretAction = defineAuditedAction({
  input: endpointTargetSchema,
  role: 'admin',
  audit: { events: ['webhook.secret_rotated'], target: 'webhook_endpoint' },
  revalidate: WEBHOOK_PAGES,
  write: ({ input, tx, context }) => rotateEndpointSecret(tx, context.organization.id, input.endpointId),
});

export const setWebhookEndpointEnabledAction = defineAuditedAction({
  input: setEnabledSchema,
  role: 'admin',
  audit: { events: ['webhook.endpoint_disabled', 'webhook.endpoint_enabled'], target: 'webhook_endpoint' },
  revalidate: WEBHOOK_PAGES,
  write: ({ input, tx, context }) => setEndpointEnabled(tx, context.organization.id, input),
});

export const deleteWebhookEndpointAction = defineAuditedAction({
  input: endpointTargetSchema,
  role: 'admin',
  audit: { events: ['webhook.endpoint_deleted'], target: 'webhook_endpoint' },
  revalidate: WEBHOOK_PAGES,
  write: ({ input, tx, context }) => deleteEndpoint(tx, context.organization.id, input.endpointId),
});

export const resendWebhookDeliveryAction = defineAuditedAction({
  input: deliveryTargetSchema,
  role: 'admin',
  audit: { events: ['webhook.delivery_resent'], target: 'webhook_delivery' },
  revalidate: WEBHOOK_PAGES,
  write: ({ input, tx, context }) => resendDelivery(tx, context.organization.id, input.deliveryId),
});
