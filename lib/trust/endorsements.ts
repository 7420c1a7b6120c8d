/**
 * Reading endorsements: a member's, with who gave them, in which cycle, for
 * which level, and whether the rating has changed since (compared with the
 * member's self rating in the cycle the reader is looking at).
 *
 * The caller has decided that the reader may see them: the member themselves,
 * whoever may see the member's ratings, or a teammate (who sees endorsements,
 * never levels — the page leaves the levels out for them).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { endorsableMemberIds, visibleMembersFilter, type Actor } from '@/lib/auth/authorize';

export interface EndorsementView {
  id: string;
  skillId: string;
  skillName: string;
  endorserMembershipId: string;
  endorserName: string;
  cycleId: string;
  cycleName: string;
  levelEndorsed: number;
  /** The member's self level in the compared cycle; null when not rated (or n/a) there. */
  currentLevel: number | null;
  /** The rating is no longer the level that was endorsed. */
  ratingChanged: boolean;
  comment: string | null;
  createdAt: Date;
}

const row = z.object({
  id: column.text,
  skill_id: column.text,
  skill_name: column.text,
  endorser_membership_id: column.text,
  endorser_name: column.text,
  cycle_id: column.text,
  cycle_name: column.text,
  level_endorsed: column.number,
  current_level: column.nullableNumber,
  comment: column.nullableText,
  created_at: column.date,
});

export interface EndorsementScope {
  organizationId: string;
  membershipId: string;
  /** The cycle whose self rating the endorsed level is compared with. */
  compareCycleId: string | null;
  /** Only these skills (a section of the heatmap detail); every skill when left out. */
  skillIds?: readonly string[];
}

/** The member's endorsements, newest first per skill. */
export async function listEndorsements(db: Db, scope: EndorsementScope): Promise<EndorsementView[]> {
  const org = scope.organizationId;
  if (scope.skillIds && scope.skillIds.length === 0) return [];
  const skillFilter = scope.skillIds
    ? sql`and e.skill_id in (${sql.join(
        scope.skillIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const result = await db.execute(sql`
    select e.id, e.skill_id, s.name as skill_name, e.endorser_membership_id, u.name as endorser_name,
           e.cycle_id, c.name as cycle_name, e.level_endorsed, r.level as current_level, e.comment, e.created_at
    from endorsements e
    join skill_nodes s on s.organization_id = e.organization_id and s.id = e.skill_id
    join assessment_cycles c on c.organization_id = e.organization_id and c.id = e.cycle_id
    join memberships em on em.organization_id = e.organization_id and em.id = e.endorser_membership_id
    join users u on u.id = em.user_id
    left join ratings r on r.organization_id = e.organization_id and r.cycle_id = ${scope.compareCycleId}::uuid
     and r.membership_id = e.membership_id and r.skill_id = e.skill_id and r.source = 'self'
    where e.organization_id = ${org} and e.membership_id = ${scope.membershipId} ${skillFilter}
    order by lower(s.name), e.skill_id, e.created_at desc, e.id`);
  return parseRows(result, row).map((r) => {
    const currentLevel = r.current_level === null ? null : Number(r.current_level);
    const levelEndorsed = Number(r.level_endorsed);
    return {
      id: r.id,
      skillId: r.skill_id,
      skillName: r.skill_name,
      endorserMembershipId: r.endorser_membership_id,
      endorserName: r.endorser_name,
      cycleId: r.cycle_id,
      cycleName: r.cycle_name,
      levelEndorsed,
      currentLevel,
      ratingChanged: currentLevel !== levelEndorsed,
      comment: r.comment,
      createdAt: r.created_at,
    };
  });
}

/** Endorsements grouped by skill id. */
export function bySkill(list: readonly EndorsementView[]): Map<string, EndorsementView[]> {
  const map = new Map<string, EndorsementView[]>();
  for (const entry of list) {
    const group = map.get(entry.skillId) ?? [];
    group.push(entry);
    map.set(entry.skillId, group);
  }
  return map;
}

export interface Teammate {
  membershipId: string;
  name: string;
}

/** The active people the actor may endorse (lib/auth/authorize.ts `endorsableMemberIds`), by name. */
export async function listEndorsableTeammates(db: Db, actor: Actor): Promise<Teammate[]> {
  const org = actor.membership.organizationId;
  const result = await db.execute(sql`
    select m.id as membership_id, u.name
    from memberships m
    join users u on u.id = m.user_id
    where m.organization_id = ${org} and m.status = 'active' and m.id in (${endorsableMemberIds(actor)})
    order by lower(u.name), m.id`);
  return parseRows(result, z.object({ membership_id: column.text, name: column.text })).map((r) => ({
    membershipId: r.membership_id,
    name: r.name,
  }));
}

export interface RatedSkill {
  skillId: string;
  skillName: string;
  /** The path above the skill, e.g. "Technical › Python". */
  path: string;
  /** Left out (null) for readers who may not see the member's levels. */
  level: number | null;
}

/**
 * The skills a member rated with a level in a cycle: what can be endorsed. Levels
 * only when `withLevels` (the member's managers and admins); a teammate sees names.
 */
export async function listRatedSkills(
  db: Db,
  organizationId: string,
  membershipId: string,
  cycleId: string,
  withLevels: boolean,
): Promise<RatedSkill[]> {
  const result = await db.execute(sql`
    select r.skill_id, s.name as skill_name,
           coalesce((select string_agg(a.name, ' › ' order by p.ord)
                     from unnest(s.ancestor_ids) with ordinality as p(node_id, ord)
                     join skill_nodes a on a.organization_id = s.organization_id and a.id = p.node_id
                     where a.id <> s.id and a.kind in ('area', 'category')), '') as path,
           case when ${withLevels}::boolean then r.level end as level
    from ratings r
    join skill_nodes s on s.organization_id = r.organization_id and s.id = r.skill_id
    where r.organization_id = ${organizationId} and r.cycle_id = ${cycleId} and r.membership_id = ${membershipId}
      and r.source = 'self' and r.level is not null
    order by path, lower(s.name), r.skill_id`);
  return parseRows(
    result,
    z.object({ skill_id: column.text, skill_name: column.text, path: column.text, level: column.nullableNumber }),
  ).map((r) => ({
    skillId: r.skill_id,
    skillName: r.skill_name,
    path: r.path,
    level: r.level === null ? null : Number(r.level),
  }));
}

export interface RecentEndorsement {
  id: string;
  membershipId: string;
  memberName: string;
  endorserName: string;
  skillName: string;
  createdAt: Date;
}

/** The latest endorsements of the people the actor may see one by one (lib/auth/authorize.ts), newest first. */
export async function listRecentEndorsements(db: Db, actor: Actor, limit = 10): Promise<RecentEndorsement[]> {
  const org = actor.membership.organizationId;
  const result = await db.execute(sql`
    select e.id, e.membership_id, mu.name as member_name, eu.name as endorser_name, s.name as skill_name, e.created_at
    from endorsements e
    join memberships m on m.organization_id = e.organization_id and m.id = e.membership_id
    join users mu on mu.id = m.user_id
    join memberships em on em.organization_id = e.organization_id and em.id = e.endorser_membership_id
    join users eu on eu.id = em.user_id
    join skill_nodes s on s.organization_id = e.organization_id and s.id = e.skill_id
    where e.organization_id = ${org} and m.status = 'active' and ${visibleMembersFilter(actor, sql`e.membership_id`)}
    order by e.created_at desc, e.id
    limit ${limit}`);
  return parseRows(
    result,
    z.object({
      id: column.text,
      membership_id: column.text,
      member_name: column.text,
      endorser_name: column.text,
      skill_name: column.text,
      created_at: column.date,
    }),
  ).map((r) => ({
    id: r.id,
    membershipId: r.membership_id,
    memberName: r.member_name,
    endorserName: r.endorser_name,
    skillName: r.skill_name,
    createdAt: r.created_at,
  }));
}
