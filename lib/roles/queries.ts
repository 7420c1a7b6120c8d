import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, memberships, roleProfileTargets, roleProfiles, skillNodes, teamTargets, users } from '@/db/schema';
import type { TreeNode } from './effective-levels';

export interface RoleProfileRow {
  id: string;
  name: string;
  description: string | null;
  memberCount: number;
  targetCount: number;
}

/** Every profile of the organization with counts, computed in SQL. Organizations have a handful of profiles. */
export async function listRoleProfiles(db: Db, organizationId: string): Promise<RoleProfileRow[]> {
  const result = await db.execute(sql`
    select p.id, p.name, p.description,
      (select count(*)::int from memberships m
        where m.organization_id = p.organization_id and m.role_profile_id = p.id) as member_count,
      (select count(*)::int from role_profile_targets t
        where t.organization_id = p.organization_id and t.role_profile_id = p.id) as target_count
    from role_profiles p
    where p.organization_id = ${organizationId}
    order by lower(p.name), p.id`);
  return parseRows(
    result,
    z.object({
      id: column.text,
      name: column.text,
      description: column.nullableText,
      member_count: column.number,
      target_count: column.number,
    }),
  ).map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    memberCount: Number(row.member_count),
    targetCount: Number(row.target_count),
  }));
}

export async function findRoleProfile(db: Db, organizationId: string, profileId: string) {
  const [row] = await db
    .select()
    .from(roleProfiles)
    .where(and(eq(roleProfiles.organizationId, organizationId), eq(roleProfiles.id, profileId)))
    .limit(1);
  return row ?? null;
}

export interface FrameworkOption {
  id: string;
  name: string;
}

export async function listLiveFrameworks(db: Db, organizationId: string): Promise<FrameworkOption[]> {
  return db
    .select({ id: frameworks.id, name: frameworks.name })
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), isNull(frameworks.archivedAt)))
    .orderBy(asc(frameworks.name), asc(frameworks.id));
}

/** The live nodes of one framework of the organization: the tree the editor shows. */
export async function loadFrameworkTree(db: Db, organizationId: string, frameworkId: string): Promise<TreeNode[]> {
  return db
    .select({
      id: skillNodes.id,
      parentId: skillNodes.parentId,
      name: skillNodes.name,
      kind: skillNodes.kind,
      depth: skillNodes.depth,
      position: skillNodes.position,
    })
    .from(skillNodes)
    .where(
      and(
        eq(skillNodes.organizationId, organizationId),
        eq(skillNodes.frameworkId, frameworkId),
        isNull(skillNodes.archivedAt),
      ),
    );
}

/** A live node of one of the organization's (non-archived) frameworks, or null. */
export async function findLiveNode(db: Db, organizationId: string, nodeId: string) {
  const [row] = await db
    .select({ id: skillNodes.id, name: skillNodes.name, frameworkId: skillNodes.frameworkId })
    .from(skillNodes)
    .innerJoin(
      frameworks,
      and(eq(frameworks.organizationId, skillNodes.organizationId), eq(frameworks.id, skillNodes.frameworkId)),
    )
    .where(
      and(
        eq(skillNodes.organizationId, organizationId),
        eq(skillNodes.id, nodeId),
        isNull(skillNodes.archivedAt),
        isNull(frameworks.archivedAt),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function profileTargets(db: Db, organizationId: string, profileId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ nodeId: roleProfileTargets.nodeId, level: roleProfileTargets.level })
    .from(roleProfileTargets)
    .where(and(eq(roleProfileTargets.organizationId, organizationId), eq(roleProfileTargets.roleProfileId, profileId)));
  return new Map(rows.map((row) => [row.nodeId, row.level]));
}

export async function teamTargetLevels(db: Db, organizationId: string, teamId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ nodeId: teamTargets.nodeId, level: teamTargets.level })
    .from(teamTargets)
    .where(and(eq(teamTargets.organizationId, organizationId), eq(teamTargets.teamId, teamId)));
  return new Map(rows.map((row) => [row.nodeId, row.level]));
}

export interface ProfileMember {
  membershipId: string;
  name: string;
  email: string;
  role: string;
  status: string;
  profileName: string | null;
}

export const ASSIGNED_PAGE_SIZE = 50;
export const CANDIDATE_LIMIT = 100;

export async function listAssignedMembers(
  db: Db,
  organizationId: string,
  profileId: string,
  page: number,
): Promise<{ rows: ProfileMember[]; total: number }> {
  const where = and(eq(memberships.organizationId, organizationId), eq(memberships.roleProfileId, profileId));
  // The page and the total in one statement (the window counts before limit/offset); only a page past the end
  // (no row to carry the total) needs the count alone.
  const found = await db
    .select({
      membershipId: memberships.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      status: memberships.status,
      profileName: sql<string | null>`null`,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where)
    .orderBy(asc(users.name), asc(memberships.id))
    .limit(ASSIGNED_PAGE_SIZE)
    .offset((page - 1) * ASSIGNED_PAGE_SIZE);
  const rows = found.map(({ total: _total, ...row }) => row);
  if (found[0]) return { rows, total: Number(found[0].total) };
  if (page === 1) return { rows, total: 0 };
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(memberships)
    .where(where);
  return { rows, total: Number(count?.total ?? 0) };
}

/** Active members not on this profile, matching an optional name/email search; shows their current profile. */
export async function findProfileCandidates(
  db: Db,
  organizationId: string,
  profileId: string,
  search: string,
): Promise<ProfileMember[]> {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({
      membershipId: memberships.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      status: memberships.status,
      profileName: roleProfiles.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      roleProfiles,
      and(eq(roleProfiles.organizationId, memberships.organizationId), eq(roleProfiles.id, memberships.roleProfileId)),
    )
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.status, 'active'),
        sql`${memberships.roleProfileId} is distinct from ${profileId}`,
        search ? sql`(${users.name} ilike ${pattern} or ${users.email} ilike ${pattern})` : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(memberships.id))
    .limit(CANDIDATE_LIMIT);
}
