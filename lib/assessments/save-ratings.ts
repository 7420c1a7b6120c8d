import 'server-only';
import { and, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { proficiencyLevels, ratingHistory, ratings, skillNodes } from '@/db/schema';
import type { ActionResult } from '@/lib/actions/result';
import { findApplicableCycle } from '@/lib/cycles/applicable-cycle';
import type { RatingValue, SaveRatingsResult } from './rating-change';

export interface ParsedChange {
  skillId: string;
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  note: string | null;
  changedAt: string;
  clientChangeId: string;
}

export interface RatingOwner {
  organizationId: string;
  membershipId: string;
}

/** The framework's top level; the product default scale (0–4) when the framework defines none. */
export async function maxLevelOf(db: Db, organizationId: string, frameworkId: string): Promise<number> {
  const [row] = await db
    .select({ top: max(proficiencyLevels.level) })
    .from(proficiencyLevels)
    .where(and(eq(proficiencyLevels.organizationId, organizationId), eq(proficiencyLevels.frameworkId, frameworkId)));
  return row?.top ?? 4;
}

/**
 * Applies a member's own rating changes in one transaction, after checking
 * every one of them: a single bad change refuses the whole batch and nothing
 * is written. Per skill the newest change wins (by the browser's timestamp),
 * so two tabs never overwrite each other's later work; every applied change
 * is appended to the history.
 */
export async function saveOwnRatings(
  db: Db,
  owner: RatingOwner,
  cycleId: string,
  changes: readonly ParsedChange[],
): Promise<ActionResult<SaveRatingsResult>> {
  const { organizationId, membershipId } = owner;
  return db.transaction(async (tx) => {
    const cycle = await findApplicableCycle(tx, organizationId, membershipId, cycleId);
    if (!cycle) return { ok: false, error: 'Assessment cycle was not found.' };
    if (cycle.status !== 'open') return { ok: false, error: `“${cycle.name}” is closed: its ratings can no longer change.` };

    const topLevel = await maxLevelOf(tx, organizationId, cycle.frameworkId);
    const tooHigh = changes.find((change) => change.level !== null && change.level > topLevel);
    if (tooHigh) {
      return {
        ok: false,
        error: `Levels go from 0 to ${topLevel} in this framework.`,
        fieldErrors: { level: [`must be between 0 and ${topLevel}`] },
      };
    }

    const skillIds = [...new Set(changes.map((change) => change.skillId))];
    const known = await tx
      .select({ id: skillNodes.id })
      .from(skillNodes)
      .where(
        and(
          eq(skillNodes.organizationId, organizationId),
          eq(skillNodes.frameworkId, cycle.frameworkId),
          eq(skillNodes.kind, 'skill'),
          isNull(skillNodes.archivedAt),
          inArray(skillNodes.id, skillIds),
        ),
      );
    if (known.length !== skillIds.length) {
      return { ok: false, error: 'Some of these skills are not part of this assessment (or have been retired).' };
    }

    // A clock running ahead must not make a change unbeatable: nothing is newer than now.
    const now = Date.now();
    // Several changes of one skill in a batch: the newest wins (ties: the later one sent).
    const newest = new Map<string, ParsedChange & { at: Date }>();
    const superseded: string[] = [];
    for (const change of changes) {
      const at = new Date(Math.min(Date.parse(change.changedAt), now));
      const previous = newest.get(change.skillId);
      if (previous && previous.at.getTime() > at.getTime()) {
        superseded.push(change.clientChangeId);
        continue;
      }
      if (previous) superseded.push(previous.clientChangeId);
      newest.set(change.skillId, { ...change, at });
    }

    const rows = [...newest.values()];
    const applied = await tx
      .insert(ratings)
      .values(
        rows.map((change) => ({
          organizationId,
          cycleId: cycle.id,
          membershipId,
          skillId: change.skillId,
          source: 'self' as const,
          level: change.notApplicable ? null : change.level,
          notApplicable: change.notApplicable,
          interest: change.interest,
          note: change.note ? change.note : null,
          carriedOver: false,
          ratedByMembershipId: membershipId,
          changedAt: change.at,
        })),
      )
      .onConflictDoUpdate({
        target: [ratings.organizationId, ratings.cycleId, ratings.membershipId, ratings.skillId, ratings.source],
        set: {
          level: sql`excluded.level`,
          notApplicable: sql`excluded.not_applicable`,
          interest: sql`excluded.interest`,
          note: sql`excluded.note`,
          carriedOver: false,
          ratedByMembershipId: sql`excluded.rated_by_membership_id`,
          changedAt: sql`excluded.changed_at`,
          updatedAt: sql`now()`,
        },
        // "Newest change wins": an older change from another tab or a late queue leaves the row alone.
        setWhere: sql`${ratings.changedAt} <= excluded.changed_at`,
      })
      .returning({
        skillId: ratings.skillId,
        level: ratings.level,
        notApplicable: ratings.notApplicable,
        interest: ratings.interest,
        note: ratings.note,
        changedAt: ratings.changedAt,
      });

    if (applied.length > 0) {
      await tx.insert(ratingHistory).values(
        applied.map((row) => ({
          organizationId,
          cycleId: cycle.id,
          membershipId,
          skillId: row.skillId,
          source: 'self' as const,
          level: row.level,
          notApplicable: row.notApplicable,
          interest: row.interest,
          note: row.note,
          ratedByMembershipId: membershipId,
          changedAt: row.changedAt,
        })),
      );
    }

    const appliedSkills = new Set(applied.map((row) => row.skillId));
    const staleChanges = rows.filter((change) => !appliedSkills.has(change.skillId));
    const stale: SaveRatingsResult['stale'] = [];
    if (staleChanges.length > 0) {
      const current = await tx
        .select()
        .from(ratings)
        .where(
          and(
            eq(ratings.organizationId, organizationId),
            eq(ratings.cycleId, cycle.id),
            eq(ratings.membershipId, membershipId),
            eq(ratings.source, 'self'),
            inArray(
              ratings.skillId,
              staleChanges.map((change) => change.skillId),
            ),
          ),
        );
      const bySkill = new Map(current.map((row) => [row.skillId, row]));
      for (const change of staleChanges) {
        const row = bySkill.get(change.skillId);
        if (!row) continue;
        stale.push({ clientChangeId: change.clientChangeId, skillId: change.skillId, value: toRatingValue(row) });
      }
    }

    return {
      ok: true,
      data: {
        applied: rows.filter((change) => appliedSkills.has(change.skillId)).map((change) => change.clientChangeId).concat(superseded),
        stale,
      },
    };
  });
}

export function toRatingValue(row: {
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  note: string | null;
  carriedOver: boolean;
  changedAt: Date;
}): RatingValue {
  return {
    level: row.level,
    notApplicable: row.notApplicable,
    interest: row.interest,
    note: row.note,
    carriedOver: row.carriedOver,
    changedAt: row.changedAt.toISOString(),
  };
}
