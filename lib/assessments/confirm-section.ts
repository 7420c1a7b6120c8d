import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { ratingHistory, ratings, skillNodes } from '@/db/schema';
import type { ActionResult } from '@/lib/actions/result';
import { findApplicableCycle } from '@/lib/cycles/current';
import type { RatingOwner } from './save-ratings';
import { cycleNodes, isCycleNode } from '@/lib/frameworks/cycle-skills';
import { emitIfAssessmentCompleted } from '@/lib/webhooks/domain-events';

/**
 * "Confirm section as unchanged": every carried-over self rating under one
 * section becomes the member's own, in one statement, with a history row each.
 *
 * changed_at is left as it was: confirming says "still true", it is not a newer
 * value, so a change made earlier in another tab (still queued) still wins.
 */
export async function confirmSection(
  db: Db,
  owner: RatingOwner,
  cycleId: string,
  sectionId: string,
): Promise<ActionResult<{ confirmed: number }>> {
  const { organizationId, membershipId } = owner;
  return db.transaction(async (tx) => {
    const cycle = await findApplicableCycle(tx, organizationId, membershipId, cycleId);
    if (!cycle) return { ok: false, error: 'Assessment cycle was not found.' };
    if (cycle.status !== 'open')
      return { ok: false, error: `“${cycle.name}” is closed: its ratings can no longer change.` };

    const [section] = await tx
      .select({ id: skillNodes.id, name: skillNodes.name })
      .from(skillNodes)
      .where(
        and(
          eq(skillNodes.organizationId, organizationId),
          eq(skillNodes.id, sectionId),
          inArray(skillNodes.kind, ['area', 'category', 'group']),
          isCycleNode(skillNodes.id, { organizationId, cycleId: cycle.id, forRating: true }),
        ),
      )
      .limit(1);
    if (!section) return { ok: false, error: 'Section was not found.' };

    const result = await tx.execute(sql`
      with confirmed as (
        update ${ratings} r
        set carried_over = false, updated_at = now()
        from ${cycleNodes({ organizationId, cycleId: cycle.id, forRating: true })} s
        where r.organization_id = ${organizationId}
          and r.cycle_id = ${cycle.id}
          and r.membership_id = ${membershipId}
          and r.source = 'self'
          and r.carried_over
          and s.organization_id = r.organization_id
          and s.id = r.skill_id
          and s.framework_id = ${cycle.frameworkId}
          and s.kind = 'skill'
          and s.archived_at is null
          and s.ancestor_ids @> array[${section.id}]::uuid[]
        returning r.organization_id, r.cycle_id, r.membership_id, r.skill_id, r.source, r.level,
          r.not_applicable, r.interest, r.note
      ),
      recorded as (
        insert into ${ratingHistory} (organization_id, cycle_id, membership_id, skill_id, source, level,
          not_applicable, interest, note, rated_by_membership_id, changed_at)
        select organization_id, cycle_id, membership_id, skill_id, source, level,
          not_applicable, interest, note, ${membershipId}, now()
        from confirmed
        returning 1
      )
      select count(*)::int as confirmed from recorded
    `);
    const confirmed = Number(parseRows(result, z.object({ confirmed: column.number }))[0]?.confirmed ?? 0);
    // Confirming the last carried-over section can complete the assessment.
    if (confirmed > 0) await emitIfAssessmentCompleted(tx, organizationId, membershipId, cycle.id);
    return {
      ok: true,
      data: { confirmed },
      message:
        confirmed === 1
          ? `Confirmed 1 rating in ${section.name}.`
          : `Confirmed ${confirmed} ratings in ${section.name}.`,
    };
  });
}
