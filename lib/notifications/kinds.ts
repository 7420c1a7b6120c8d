/**
 * The messages the product sends on its own, each one a person can turn off
 * (/me/notifications, or the one-click unsubscribe in every such mail).
 * Invitations, address confirmations and password resets are answers to
 * something someone did: they are always sent. Not `server-only`: the
 * preferences page lists these.
 */
export const NOTIFICATION_KINDS = [
  'cycle-opened',
  'reminder',
  'overdue',
  'review-waiting',
  'team-digest',
  'certification-expiring',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_LABELS: Record<NotificationKind, { label: string; description: string; managers?: true }> = {
  'cycle-opened': {
    label: 'A cycle opens',
    description: 'When an assessment cycle you are part of opens.',
  },
  reminder: {
    label: 'Reminders before the due date',
    description: 'When a cycle’s due date is near and your assessment is not done yet.',
  },
  overdue: {
    label: 'Overdue notice',
    description: 'Once, when a cycle’s due date has passed and your assessment is not done.',
  },
  'review-waiting': {
    label: 'Ratings to review',
    description: 'For managers: at most weekly, when self ratings of your team wait for your review.',
    managers: true,
  },
  'team-digest': {
    label: 'Weekly team digest',
    description: 'For managers: each week, how your team stands — only when there is something to say.',
    managers: true,
  },
  'certification-expiring': {
    label: 'Certifications about to expire',
    description:
      'When a certification of yours — or, if you manage a team, of someone in it — expires: 30 and 7 days before.',
  },
};

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
