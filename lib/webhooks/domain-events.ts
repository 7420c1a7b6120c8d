/**
 * The events whose `data` needs a look-up before it can be emitted (who the
 * member is), for the places that make those changes. (assessment.completed
 * is written by the save statement itself: lib/assessments/save-ratings.ts.) Each takes the change's transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { memberships, users } from '@/db/schema';
import { emitWebhookEvent } from './emit';
import type { WebhookEventData, WebhookEventType } from './events';

/** Whether any enabled endpoint of the organization wants `type`: lets a hot path skip the work of an event nobody hears. */
export async function hasSubscribers(tx: Db, organizationId: string, type: WebhookEventType): Promise<boolean> {
  const [row] = parseRows(
    await tx.execute(sql`
      select exists (
        select 1 from webhook_endpoints
        where organization_id = ${organizationId} and enabled and ${type} = any(events)
      ) as subscribed`),
    z.object({ subscribed: column.boolean }),
  );
  return row?.subscribed ?? false;
}

async function memberOf(tx: Db, organizationId: string, membershipId: string) {
  const [member] = await tx
    .select({
      membershipId: memberships.id,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .limit(1);
  if (!member) throw new Error(`Membership ${membershipId} not found for a webhook event`);
  return member;
}

export async function emitMemberCreated(
  tx: Db,
  organizationId: string,
  membershipId: string,
  source: WebhookEventData['member.created']['source'],
): Promise<void> {
  if (!(await hasSubscribers(tx, organizationId, 'member.created'))) return;
  const member = await memberOf(tx, organizationId, membershipId);
  await emitWebhookEvent(tx, organizationId, 'member.created', { ...member, source });
}

export async function emitMemberDeactivated(
  tx: Db,
  organizationId: string,
  membershipId: string,
  source: WebhookEventData['member.deactivated']['source'],
): Promise<void> {
  if (!(await hasSubscribers(tx, organizationId, 'member.deactivated'))) return;
  const { role: _role, ...member } = await memberOf(tx, organizationId, membershipId);
  await emitWebhookEvent(tx, organizationId, 'member.deactivated', { ...member, source });
}
