import { z } from 'zod';
import { defineJob } from '@/lib/jobs/define-job';
import { enqueue } from '@/lib/jobs/enqueue';
import type { Db } from '@/db';
import { scanNotifications } from './scan';
import { sendNotificationJob } from './send-job';

/** `notify.scan`: every five minutes (and right after a cycle opens), enqueue the messages that are due. */
export const scanNotificationsJob = defineJob({
  name: 'notify.scan',
  payload: z.object({ organizationId: z.uuid().optional() }),
  schedule: { cron: '*/5 * * * *', payload: {} },
  handler: async (payload, context) => {
    await scanNotifications(context.db, sendNotificationJob, {
      ...(payload.organizationId ? { organizationId: payload.organizationId } : {}),
    });
  },
});

/** Called from the action that opened a cycle, in its transaction: the members hear of it within moments. */
export function scanSoon(tx: Db, organizationId: string): Promise<string | null> {
  return enqueue(tx, scanNotificationsJob, { organizationId }, { singletonKey: `scan:${organizationId}` });
}
