import { z } from 'zod';
import { NOTIFICATION_KINDS } from './kinds';

/** One message to one person: the key of its `notification_sends` row plus what the message is about. */
export const sendPayload = z.object({
  organizationId: z.uuid(),
  userId: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  periodKey: z.string().min(1).max(200),
  cycleId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  /** For a certification reminder: the certification. */
  certificationId: z.uuid().optional(),
  /** For a reminder: the offset it is named after (7, 1…). */
  offsetDays: z.number().int().min(0).max(365).optional(),
});
export type SendPayload = z.infer<typeof sendPayload>;

/** The queue's singleton key: one waiting job per message (the row is what makes the send itself once). */
export function sendKey(payload: Pick<SendPayload, 'organizationId' | 'userId' | 'kind' | 'periodKey'>): string {
  return `${payload.organizationId}/${payload.userId}/${payload.kind}/${payload.periodKey}`;
}
