import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, proficiencyLevels, ratings, type AssessmentCycle } from '@/db/schema';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { sectionsInProfile } from '@/lib/roles/sections-in-profile';
import { findCurrentCycle, findSubjectCycle, listSubjectCycles } from '@/lib/cycles/current';
import {
  buildAreas,
  frameworkShape,
  type AssessmentData,
  type FrameworkShape,
  type LevelInfo,
  type TreeNode,
} from './assessment-data';
import { decodeEvidenceLinks } from './evidence';
import type { RatingValue } from './rating-change';
import { toRatingValue } from './save-ratings';

/** The product's default scale, for a framework imported without descriptors. */
/** The cycle version's tree, as `buildAreas` takes it. */
const treeNodeRow = z.object({
  id: column.text,
  parentId: column.nullableText,
  key: column.text,
  kind: z.enum(['area', 'category', 'group', 'skill']),
  name: column.text,
  description: column.nullableText,
  position: column.number,
}) satisfies z.ZodType<TreeNode, unknown>;

export const DEFAULT_LEVELS: LevelInfo[] = [
  { level: 0, name: 'None', descriptor: 'No knowledge or experience yet.' },
  { level: 1, name: 'Beginner', descriptor: 'Basic understanding; needs guidance.' },
  { level: 2, name: 'Intermediate', descriptor: 'Works independently on common tasks.' },
  { level: 3, name: 'Advanced', descriptor: 'Handles complex cases; helps others.' },
  { level: 4, name: 'Expert', descriptor: 'Recognised authority; shapes how others work.' },
];

/**
 * Which cycle the member's /assess shows: the one asked for (if it applies to
 * them), else their current cycle (lib/cycles/current.ts: the open one, else
 * the latest closed one, read-only).
 */
export async function resolveAssessmentCycle(
  db: Db,
  organizationId: string,
  membershipId: string,
  requestedCycleId: string | null,
): Promise<AssessmentCycle | null> {
  const member = { organizationId, membershipId };
  return requestedCycleId ? findSubjectCycle(db, member, requestedCycleId) : findCurrentCycle(db, member);
}

/**
 * The tree a member rates: the version a cycle is bound to (an open cycle also
 * hides what was retired since), or a framework's live tree without a cycle.
 */
export async function loadTree(
  db: Db,
  organizationId: string,
  source: { cycleId: string } | { frameworkId: string },
): Promise<TreeNode[]> {
  const from =
    'cycleId' in source
      ? sql`${cycleNodes({ organizationId, cycleId: source.cycleId, forRating: true })} n`
      : sql`skill_nodes n`;
  const where =
    'cycleId' in source
      ? sql`n.archived_at is null`
      : sql`n.organization_id = ${organizationId} and n.framework_id = ${source.frameworkId} and n.archived_at is null`;
  const result = await db.execute(
    sql`select n.id, n.parent_id as "parentId", n.key, n.kind, n.name, n.description, n.position
        from ${from} where ${where} order by n.depth, n.position`,
  );
  return parseRows(result, treeNodeRow);
}

/** Areas, sections and skills as /assess shows them (home uses the same count). */
export async function loadFrameworkShape(
  db: Db,
  organizationId: string,
  source: { cycleId: string } | { frameworkId: string },
): Promise<FrameworkShape> {
  return frameworkShape(buildAreas(await loadTree(db, organizationId, source)));
}

/** Everything /assess shows, in four queries: framework, tree, levels, the member's self ratings. */
export async function loadAssessment(
  db: Db,
  organizationId: string,
  membershipId: string,
  cycle: AssessmentCycle,
): Promise<AssessmentData> {
  const [framework] = await db
    .select({ name: frameworks.name })
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, cycle.frameworkId)))
    .limit(1);

  const [nodes, levelRows, ratingRows] = await Promise.all([
    loadTree(db, organizationId, { cycleId: cycle.id }),
    db
      .select({
        level: proficiencyLevels.level,
        name: proficiencyLevels.name,
        descriptor: proficiencyLevels.descriptor,
      })
      .from(proficiencyLevels)
      .where(
        and(eq(proficiencyLevels.organizationId, organizationId), eq(proficiencyLevels.frameworkId, cycle.frameworkId)),
      )
      .orderBy(asc(proficiencyLevels.level)),
    db
      .select({
        skillId: ratings.skillId,
        level: ratings.level,
        notApplicable: ratings.notApplicable,
        interest: ratings.interest,
        note: ratings.note,
        carriedOver: ratings.carriedOver,
        confirmedAt: ratings.confirmedAt,
        changedAt: ratings.changedAt,
        evidenceLinks: ratings.evidenceLinks,
      })
      .from(ratings)
      .where(
        and(
          eq(ratings.organizationId, organizationId),
          eq(ratings.cycleId, cycle.id),
          eq(ratings.membershipId, membershipId),
          eq(ratings.source, 'self'),
        ),
      ),
  ]);

  const ratingMap: Record<string, RatingValue> = {};
  for (const row of ratingRows) ratingMap[row.skillId] = toRatingValue(row);
  const areas = buildAreas(nodes);
  const evidenceBySkill = new Map(ratingRows.map((row) => [row.skillId, decodeEvidenceLinks(row.evidenceLinks)]));
  for (const skill of areas.flatMap((area) =>
    area.sections.flatMap((section) => section.groups.flatMap((group) => group.skills)),
  )) {
    skill.evidence = { cycleId: cycle.id, links: evidenceBySkill.get(skill.id) ?? [] };
  }
  // A member without any target has no profile to scope by: every section stays required.
  const targeted = new Set(await sectionsInProfile(db, organizationId, membershipId, cycle.frameworkId, cycle.id));
  const optionalSectionIds =
    targeted.size === 0
      ? []
      : areas.flatMap((area) =>
          area.sections.filter((section) => !targeted.has(section.id)).map((section) => section.id),
        );

  return {
    organizationId,
    membershipId,
    cycle: { id: cycle.id, name: cycle.name, status: cycle.status, opensOn: cycle.opensOn, closesOn: cycle.closesOn },
    frameworkName: framework?.name ?? 'Framework',
    levels: levelRows.length > 0 ? levelRows : DEFAULT_LEVELS,
    areas,
    ratings: ratingMap,
    optionalSectionIds,
  };
}

/** The cycles a member can look at on /assess (organization-wide or their teams'), current first. */
export async function listMemberCycles(db: Db, organizationId: string, membershipId: string, limit = 12) {
  const cycles = await listSubjectCycles(db, { organizationId, membershipId }, limit);
  return cycles.map(({ id, name, status, opensOn, teamId }) => ({ id, name, status, opensOn, teamId }));
}
