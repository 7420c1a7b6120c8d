/**
 * Which framework an organization (its default) and a team (an optional
 * override) assess against. Opening a cycle without naming a framework uses
 * `assignedFramework`: the team's override for a team cycle, else the
 * organization's default, else the organization's only live framework.
 *
 * Both are stored so that they can only name the organization's own
 * frameworks: `frameworks.is_default` (at most one per organization) and
 * `teams.framework_id` with a composite (organization_id, framework_id) key.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, teams } from '@/db/schema';
import type { WriteOutcome } from '@/lib/actions/define-action';

export interface FrameworkAssignmentInput {
  /** Null: the organization's default. */
  teamId: string | null;
  /** Null: clear (the team follows the default again; the organization has no default). */
  frameworkId: string | null;
}

/**
 * Sets the organization's default framework (no team) or a team's override,
 * inside the caller's transaction; the audited action records what it returns.
 */
export async function setFrameworkAssignment(
  tx: Db,
  organizationId: string,
  input: FrameworkAssignmentInput,
): Promise<WriteOutcome<{ teamId: string | null; frameworkId: string | null }>> {
  let framework: { id: string; name: string } | undefined;
  if (input.frameworkId) {
    [framework] = await tx
      .select({ id: frameworks.id, name: frameworks.name })
      .from(frameworks)
      .where(
        and(
          eq(frameworks.organizationId, organizationId),
          eq(frameworks.id, input.frameworkId),
          isNull(frameworks.archivedAt),
        ),
      )
      .limit(1);
    // Another organization's framework is as unknown as a made-up id.
    if (!framework)
      return { ok: false, error: 'Framework was not found.', fieldErrors: { frameworkId: ['Choose a framework.'] } };
  }

  let target: string;
  if (input.teamId) {
    const [team] = await tx
      .select({ id: teams.id, name: teams.name, frameworkId: teams.frameworkId })
      .from(teams)
      .where(and(eq(teams.organizationId, organizationId), eq(teams.id, input.teamId)))
      .for('update')
      .limit(1);
    if (!team) return { ok: false, error: 'Team was not found.', fieldErrors: { teamId: ['Choose a team.'] } };
    if (team.frameworkId === (framework?.id ?? null))
      return { ok: true, data: { ...input }, message: 'Nothing changed.', audit: null };
    await tx
      .update(teams)
      .set({ frameworkId: framework?.id ?? null })
      .where(and(eq(teams.organizationId, organizationId), eq(teams.id, team.id)));
    target = framework
      ? `${team.name} assesses against “${framework.name}”.`
      : `${team.name} follows the organization's default framework.`;
  } else {
    const [current] = await tx
      .select({ id: frameworks.id })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.isDefault, true)))
      .for('update');
    if ((current?.id ?? null) === (framework?.id ?? null))
      return { ok: true, data: { ...input }, message: 'Nothing changed.', audit: null };
    // Cleared first: the partial unique index allows one default per organization at any moment.
    await tx
      .update(frameworks)
      .set({ isDefault: false })
      .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.isDefault, true)));
    if (framework) {
      await tx
        .update(frameworks)
        .set({ isDefault: true })
        .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, framework.id)));
    }
    target = framework
      ? `The organization assesses against “${framework.name}” by default.`
      : 'The organization has no default framework.';
  }

  return {
    ok: true,
    data: { teamId: input.teamId, frameworkId: framework?.id ?? null },
    message: target,
    audit: {
      targetType: input.teamId ? 'team' : 'organization',
      targetId: input.teamId ?? organizationId,
      details: { frameworkId: framework?.id ?? null },
    },
  };
}

/**
 * The framework a cycle for `teamId` (null: organization-wide) is opened
 * against when none is chosen: the team's override, else the default, else
 * the only live framework. Null when that leaves a choice to make.
 */
export async function assignedFramework(db: Db, organizationId: string, teamId: string | null): Promise<string | null> {
  const rank = sql<number>`case
        when ${teamId}::uuid is not null and ${frameworks.id} = (
          select t.framework_id from teams t where t.organization_id = ${organizationId} and t.id = ${teamId}::uuid) then 0
        when ${frameworks.isDefault} then 1
        else 2 end`;
  const rows = await db
    .select({ id: frameworks.id, rank: rank.mapWith(Number) })
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), isNull(frameworks.archivedAt)))
    .orderBy(rank, asc(frameworks.name))
    .limit(2);
  const [first, second] = rows;
  if (!first) return null;
  if (first.rank < 2 || !second) return first.id;
  return null;
}

export interface FrameworkAssignments {
  defaultFrameworkId: string | null;
  teams: { id: string; name: string; frameworkId: string | null }[];
}

/** What the assignment form shows: the default and every team's override (teams are few per organization). */
export async function loadFrameworkAssignments(db: Db, organizationId: string): Promise<FrameworkAssignments> {
  const [[current], teamRows] = await Promise.all([
    db
      .select({ id: frameworks.id })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.isDefault, true))),
    db
      .select({ id: teams.id, name: teams.name, frameworkId: teams.frameworkId })
      .from(teams)
      .where(eq(teams.organizationId, organizationId))
      .orderBy(asc(teams.name)),
  ]);
  return { defaultFrameworkId: current?.id ?? null, teams: teamRows };
}
