/**
 * The events a webhook receiver can subscribe to, what each one's `data`
 * holds, and how an event is written on the wire (Standard Webhooks payload:
 * `{ type, timestamp, data }`). Not `server-only`: the admin form lists the
 * events with these descriptions.
 */
import { WEBHOOK_EVENT_TYPES, type MembershipRole, type WebhookEventType } from '@/db/schema';

export { WEBHOOK_EVENT_TYPES, type WebhookEventType };

interface MemberRef {
  membershipId: string;
  userId: string;
  email: string;
  name: string;
}

/** What `data` holds for each event type. Ids are Skillgrid's, the same the REST API (/api/v1) uses. */
export interface WebhookEventData {
  'member.created': MemberRef & { role: MembershipRole; source: 'invitation' | 'scim' | 'sso' | 'api' };
  'member.deactivated': MemberRef & { source: 'admin' | 'scim' | 'api' };
  'assessment.completed': { membershipId: string; userId: string; cycleId: string; cycleName: string; skills: number };
  'cycle.opened': {
    cycleId: string;
    name: string;
    teamId: string | null;
    frameworkId: string;
    opensOn: string;
    closesOn: string;
    /** True when a closed cycle was opened again. */
    reopened: boolean;
  };
  'cycle.closed': { cycleId: string; name: string; teamId: string | null };
  'rating.reviewed': {
    membershipId: string;
    cycleId: string;
    reviewerMembershipId: string;
    ratings: { skillId: string; level: number | null; notApplicable: boolean }[];
  };
}

/** For the admin form and the README: when each event is sent. */
export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'member.created': 'Someone joins the organization (an accepted invitation, single sign-on, or SCIM provisioning).',
  'member.deactivated': 'A member is deactivated by an admin or by SCIM (active: false).',
  'assessment.completed': 'A member has rated every skill of a cycle (once per member and cycle).',
  'cycle.opened': 'An admin opens an assessment cycle (or one scheduled for later, or reopens a closed one).',
  'cycle.closed': 'An assessment cycle is closed (by an admin, or by opening the next one).',
  'rating.reviewed': 'A manager reviews a member’s self ratings (a manager rating, or agreeing with a section).',
};

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The body every receiver gets: the bytes that are signed. */
export function webhookPayload<Type extends WebhookEventType>(
  type: Type,
  data: WebhookEventData[Type],
  occurredAt: Date,
): string {
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), data });
}
