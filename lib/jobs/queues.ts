/**
 * Every queue of the product and its retry policy, as plain data. Kept apart
 * from the handlers (lib/jobs/registry.ts) because the migration step
 * (db/index.ts → lib/jobs/install.ts) creates these queues in every database,
 * tests' included, and must not import the whole application to do so: an
 * action can then enqueue into any migrated database without a worker having
 * started first.
 *
 * Adding a job: add its queue here, then its definition (`defineJob`) and a
 * line in lib/jobs/registry.ts.
 */
import type { Queue } from 'pg-boss';

/** pg-boss's queue options, minus the name (the key) and what we never use. */
export type QueueSpec = Omit<Queue, 'name' | 'partition' | 'deadLetter'>;

/**
 * Retries back off exponentially (pg-boss: retryDelay · 2^n with jitter,
 * capped at retryDelayMax), so an SMTP server that is down for an hour is
 * retried a handful of times, not thousands.
 */
const MAIL_RETRIES = {
  retryLimit: 8,
  retryDelay: 30,
  retryBackoff: true,
  retryDelayMax: 60 * 60,
  // A send is one SMTP conversation: five minutes without an answer is a dead worker.
  expireInSeconds: 5 * 60,
  // Failed jobs stay two weeks for the admin view (lib/jobs/failed.ts) and its retry button.
  deleteAfterSeconds: 14 * 24 * 60 * 60,
} satisfies QueueSpec;

export const JOB_QUEUES = {
  /** One message to one person (lib/notifications/send-job.ts); `short`: one queued job per singleton key. */
  'notify.send': { policy: 'short', ...MAIL_RETRIES },
  /**
   * One team's weekly digest to its Slack/Teams channel (lib/notifications/chat-job.ts); `short`: one queued
   * job per team and week. The mail's backoff: a channel that is down is retried a handful of times.
   */
  'notify.chat': { policy: 'short', ...MAIL_RETRIES },
  /**
   * The welcome mail of a member added through the API or SCIM (lib/members/welcome-mail-job.ts), enqueued
   * with the membership; `memberships.welcome_mailed_at` makes it once.
   */
  'member.welcome': { policy: 'standard', ...MAIL_RETRIES },
  /** One invitation's mail (lib/invitations/mail-job.ts), enqueued with the invitation; `invitations.mailed_at` makes it once. */
  'invitation.send': { policy: 'standard', ...MAIL_RETRIES },
  /** The periodic scan that finds who is due a message (lib/notifications/scan-job.ts); one at a time. */
  'notify.scan': {
    policy: 'exclusive',
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 10 * 60,
    deleteAfterSeconds: 2 * 24 * 60 * 60,
  },
  /**
   * One attempt at one webhook delivery (lib/webhooks/delivery-job.ts). The delivery's own
   * back-off (lib/webhooks/deliver.ts) schedules the next attempt as a new job, so the log
   * shows when it comes; the queue's retries only cover a worker's own failure (database down).
   */
  'webhook.deliver': {
    policy: 'short',
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 30 * 60,
    // One attempt is a 10 s request and two statements: two minutes without an end is a dead worker.
    expireInSeconds: 2 * 60,
    deleteAfterSeconds: 7 * 24 * 60 * 60,
  },
  /** Every few minutes: re-queues deliveries that lost their job, prunes the log (lib/webhooks/delivery-job.ts). */
  'webhook.sweep': {
    policy: 'exclusive',
    retryLimit: 2,
    retryDelay: 30,
    expireInSeconds: 5 * 60,
    deleteAfterSeconds: 2 * 24 * 60 * 60,
  },
  /**
   * One organization-wide gap report snapshot (lib/reports/gap-snapshot.ts), keyed by organization, cycle and
   * filters. `stately`: one waiting and one running per key, so refresh requests while one runs coalesce
   * into a single next run. A run reads every member × skill pair: minutes at 10,000 members.
   */
  'reports.gap-snapshot': {
    policy: 'stately',
    retryLimit: 2,
    retryDelay: 60,
    expireInSeconds: 30 * 60,
    deleteAfterSeconds: 2 * 24 * 60 * 60,
  },
  /**
   * The admin's /teams figures of one large organization (lib/insight/team-completion-snapshot.ts). `stately`:
   * one waiting and one running per organization, so page views while one runs coalesce into one next run.
   * A run reads every member's self ratings of their team's cycle: ~10 s at 10,000 members.
   */
  'teams.completion-snapshot': {
    policy: 'stately',
    retryLimit: 2,
    retryDelay: 60,
    expireInSeconds: 15 * 60,
    deleteAfterSeconds: 2 * 24 * 60 * 60,
  },
  /**
   * Precomputed trend figures of one organization (lib/reports/trend-aggregates.ts): enqueued when a cycle
   * closes and when the trends page reads an outdated snapshot. `short`: one waiting per organization
   * besides the one running, so a close during a refresh is not lost. A 10,000-member closed cycle takes one to three minutes.
   */
  'trends.aggregate': {
    policy: 'short',
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 30 * 60,
    deleteAfterSeconds: 2 * 24 * 60 * 60,
  },
} as const satisfies Record<string, QueueSpec>;

export type QueueName = keyof typeof JOB_QUEUES;
