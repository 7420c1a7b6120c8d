/**
 * Every job the worker runs. A job needs its queue in lib/jobs/queues.ts and
 * its definition (`defineJob`) here; nothing else registers handlers.
 */
import { deliverWebhookJob, sweepWebhooksJob } from '@/lib/webhooks/delivery-job';
import { scanNotificationsJob } from '@/lib/notifications/scan-job';
import { sendNotificationJob } from '@/lib/notifications/send-job';
import { chatPostJob } from '@/lib/notifications/chat-job';
import { welcomeMailJob } from '@/lib/members/welcome-mail-job';
import { invitationMailJob } from '@/lib/invitations/mail-job';
import { gapSnapshotJob } from '@/lib/reports/gap-snapshot';
import { teamCompletionSnapshotJob } from '@/lib/insight/team-completion-snapshot';
import { trendAggregatesJob } from '@/lib/reports/trend-aggregates';
import type { JobDefinition } from './define-job';

export const JOBS: readonly JobDefinition[] = [
  deliverWebhookJob,
  sweepWebhooksJob,
  sendNotificationJob,
  scanNotificationsJob,
  invitationMailJob,
  gapSnapshotJob,
  trendAggregatesJob,
  teamCompletionSnapshotJob,
  chatPostJob,
  welcomeMailJob,
];
