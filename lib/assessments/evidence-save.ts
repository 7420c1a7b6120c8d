import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { ratings, skillNodes } from '@/db/schema';
import type { ActionResult } from '@/lib/actions/result';
import { findApplicableCycle } from '@/lib/cycles/current';
import { encodeEvidenceLink, type EvidenceLink } from './evidence';
import type { RatingOwner } from './save-ratings';
import { isCycleSkill } from '@/lib/frameworks/cycle-skills';

/**
 * Replaces the evidence links of the member's own self rating of one skill.
 *
 * Evidence may come before the level: without a self rating yet, a row with
 * level null is created (the same shape as a note- or interest-only rating,
 * which every query already treats as "not rated"). Such a row gets the
 * epoch as `changed_at`, so any real rating change from the autosave queue,
 * whenever it arrives, still wins ("newest change wins" compares it). Links
 * are not a rating change: an existing row keeps its `changed_at` and the
 * rating history does not move.
 */
export async function saveOwnEvidence(
  db: Db,
  owner: RatingOwner,
  input: { cycleId: string; skillId: string; links: readonly EvidenceLink[] },
): Promise<ActionResult<{ links: EvidenceLink[] }>> {
  const { organizationId, membershipId } = owner;
  return db.transaction(async (tx) => {
    const cycle = await findApplicableCycle(tx, organizationId, membershipId, input.cycleId);
    if (!cycle) return { ok: false, error: 'Assessment cycle was not found.' };
    if (cycle.status !== 'open')
      return { ok: false, error: `“${cycle.name}” is closed: its evidence can no longer change.` };

    const [skill] = await tx
      .select({ id: skillNodes.id, archivedAt: skillNodes.archivedAt })
      .from(skillNodes)
      .where(
        and(
          eq(skillNodes.organizationId, organizationId),
          eq(skillNodes.id, input.skillId),
          isCycleSkill(skillNodes.id, { organizationId, cycleId: cycle.id, forRating: true }),
        ),
      )
      .limit(1);
    if (!skill || skill.archivedAt) return { ok: false, error: 'That skill is not part of this assessment.' };

    // Duplicate URLs collapse to the first, so one link cannot fill all five places.
    const seen = new Set<string>();
    const links = input.links.filter((link) => !seen.has(link.url) && seen.add(link.url));
    const evidenceLinks = links.map(encodeEvidenceLink);
    await tx
      .insert(ratings)
      .values({
        organizationId,
        cycleId: cycle.id,
        membershipId,
        skillId: skill.id,
        source: 'self',
        level: null,
        evidenceLinks,
        ratedByMembershipId: membershipId,
        changedAt: new Date(0),
      })
      .onConflictDoUpdate({
        target: [ratings.organizationId, ratings.cycleId, ratings.membershipId, ratings.skillId, ratings.source],
        set: { evidenceLinks, updatedAt: sql`now()` },
      });
    return {
      ok: true,
      data: { links },
      message: links.length === 0 ? 'Evidence removed.' : `Evidence saved (${links.length}).`,
    };
  });
}
