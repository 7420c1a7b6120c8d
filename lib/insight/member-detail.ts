/**
 * What sits behind one heatmap cell: one member's ratings in one section of
 * the team's cycle, skill by skill — self rating (with interest, note and
 * evidence), manager rating (with comment), resolved target, and the rating
 * history across cycles.
 *
 * The page checks that the viewer may see this team's individuals
 * (`requireTeamPage(teamId, 'individuals')`); the queries check it again
 * through the authorization module's filters (lib/insight/team-members.ts):
 * `findTeamMember` keeps the member to that team as the viewer sees it, and
 * the detail reads nothing of a member the viewer may not see.
 */
import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { decodeEvidenceLinks, type EvidenceLink } from '@/lib/assessments/evidence';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { memberVisibleSql, organizationOf, teamMembersSql, type TeamCycleScope } from '@/lib/insight/team-members';
import { skillSectionsSubquery } from '@/lib/profile/skill-sections';
import { resolvedTargetsSubquery, TARGET_SOURCES, type TargetSource } from '@/lib/roles/resolve-targets';
import { lastAffirmedSql, staleSql } from '@/lib/trust/stale';

/** History entries shown per skill: the latest changes, enough to see a trend. */
export const HISTORY_PER_SKILL = 8;

export type DetailScope = TeamCycleScope;

export interface TeamMember {
  membershipId: string;
  name: string;
}

/** The member, when they are an active member of the team; null otherwise (another team, organization, leaver). */
export async function findTeamMember(db: Db, scope: DetailScope, membershipId: string): Promise<TeamMember | null> {
  const result = await db.execute(sql`
    select tm.mid as membership_id, tm.name
    from (${teamMembersSql(scope.actor, scope.teamId)}) tm
    where tm.mid = ${membershipId}
    limit 1`);
  const row = parseRows(result, z.object({ membership_id: column.text, name: column.text }))[0];
  return row ? { membershipId: row.membership_id, name: row.name } : null;
}

export interface DetailSection {
  id: string;
  name: string;
  areaName: string;
}

/** The cycle's sections in framework order, for moving between them. */
export async function listDetailSections(db: Db, scope: DetailScope): Promise<DetailSection[]> {
  const result = await db.execute(sql`
    select sk.section_id as id, min(sk.section_name) as name, min(sk.area_name) as area_name
    from ${skillSectionsSubquery(organizationOf(scope), scope.frameworkId, scope.cycleId)} sk
    group by sk.section_id
    order by min(sk.area_position), min(sk.section_position), sk.section_id`);
  return parseRows(result, z.object({ id: column.text, name: column.text, area_name: column.text })).map((row) => ({
    id: row.id,
    name: row.name,
    areaName: row.area_name,
  }));
}

export interface RatingSide {
  level: number | null;
  notApplicable: boolean;
}

export interface HistoryEntry {
  source: 'self' | 'manager';
  level: number | null;
  notApplicable: boolean;
  changedAt: Date;
  cycleName: string;
  ratedBy: string | null;
}

export interface SkillDetail {
  skillId: string;
  skillName: string;
  /** The group the skill sits in, when it has one. */
  groupName: string | null;
  self:
    | (RatingSide & {
        interest: boolean;
        note: string | null;
        carriedOver: boolean;
        confirmed: boolean;
        /** Not changed or confirmed for longer than the organization's stale period (lib/trust/stale.ts). */
        stale: boolean;
        lastAffirmedAt: Date;
      })
    | null;
  manager: (RatingSide & { note: string | null; ratedBy: string | null }) | null;
  target: number | null;
  targetSource: TargetSource | null;
  evidence: EvidenceLink[];
  history: HistoryEntry[];
}

const skillRow = z.object({
  skill_id: column.text,
  skill_name: column.text,
  group_name: column.nullableText,
  self_present: column.boolean,
  self_level: column.nullableNumber,
  self_na: column.nullableBoolean,
  interest: column.nullableBoolean,
  self_note: column.nullableText,
  carried_over: column.nullableBoolean,
  confirmed: column.nullableBoolean,
  self_stale: column.nullableBoolean,
  self_affirmed_at: column.nullableDate,
  evidence_links: z.array(z.string()).nullable(),
  manager_present: column.boolean,
  manager_level: column.nullableNumber,
  manager_na: column.nullableBoolean,
  manager_note: column.nullableText,
  manager_name: column.nullableText,
  target_level: column.nullableNumber,
  target_source: z.enum(TARGET_SOURCES).nullable(),
});

const historyRow = z.object({
  skill_id: column.text,
  source: z.enum(['self', 'manager']),
  level: column.nullableNumber,
  not_applicable: column.boolean,
  changed_at: column.date,
  cycle_name: column.text,
  rated_by: column.nullableText,
});

const num = (value: number | string | null) => (value === null ? null : Number(value));

/** The section's skills in reading order with both ratings, target and evidence; then their history. */
export async function loadMemberSectionDetail(
  db: Db,
  scope: DetailScope,
  membershipId: string,
  sectionId: string,
): Promise<SkillDetail[]> {
  const org = organizationOf(scope);
  const nodes = cycleNodes({ organizationId: org, cycleId: scope.cycleId });
  const targets = resolvedTargetsSubquery({
    organizationId: org,
    frameworkId: scope.frameworkId,
    memberships: [membershipId],
    cycle: { cycleId: scope.cycleId },
  });
  const skillRows = parseRows(
    await db.execute(sql`
      select sk.skill_id, sk.skill_name, g.name as group_name,
             s.id is not null as self_present, s.level as self_level, s.not_applicable as self_na,
             s.interest, s.note as self_note, s.carried_over, s.confirmed_at is not null as confirmed, s.evidence_links,
             ${staleSql(sql`s`, org)} as self_stale, ${lastAffirmedSql(sql`s`)} as self_affirmed_at,
             mr.id is not null as manager_present, mr.level as manager_level, mr.not_applicable as manager_na,
             mr.note as manager_note, mu.name as manager_name,
             t.target_level, t.target_source
      from ${skillSectionsSubquery(org, scope.frameworkId, scope.cycleId)} sk
      join ${nodes} n on n.organization_id = ${org} and n.id = sk.skill_id
      -- A group, when there is one, is the parent of the skill below a category.
      left join ${nodes} g on g.organization_id = ${org} and g.id = n.parent_id and g.kind = 'group'
      cross join lateral (
        select array_agg(a.position order by p.ord) || n.position as skill_order
        from unnest(n.ancestor_ids) with ordinality as p(node_id, ord)
        join ${nodes} a on a.organization_id = ${org} and a.id = p.node_id
      ) o
      left join ratings s
        on s.organization_id = ${org} and s.cycle_id = ${scope.cycleId} and s.membership_id = ${membershipId}
       and s.skill_id = sk.skill_id and s.source = 'self'
      left join ratings mr
        on mr.organization_id = ${org} and mr.cycle_id = ${scope.cycleId} and mr.membership_id = ${membershipId}
       and mr.skill_id = sk.skill_id and mr.source = 'manager'
      left join memberships mm on mm.organization_id = ${org} and mm.id = mr.rated_by_membership_id
      left join users mu on mu.id = mm.user_id
      left join ${targets} t on t.membership_id = ${membershipId} and t.skill_id = sk.skill_id
      where sk.section_id = ${sectionId} and ${memberVisibleSql(scope.actor, membershipId)}
      order by o.skill_order, sk.skill_id`),
    skillRow,
  );
  if (skillRows.length === 0) return [];
  const skillIds = skillRows.map((row) => row.skill_id);
  const historyRows = parseRows(
    await db.execute(sql`
      select skill_id, source, level, not_applicable, changed_at, cycle_name, rated_by from (
        select h.skill_id, h.source, h.level, h.not_applicable, h.changed_at, c.name as cycle_name, u.name as rated_by,
               row_number() over (partition by h.skill_id order by h.changed_at desc, h.id desc) as n
        from rating_history h
        join assessment_cycles c on c.organization_id = h.organization_id and c.id = h.cycle_id
        left join memberships m on m.organization_id = h.organization_id and m.id = h.rated_by_membership_id
        left join users u on u.id = m.user_id
        where h.organization_id = ${org} and h.membership_id = ${membershipId}
          and h.skill_id in (${sql.join(
            skillIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
      ) latest
      where n <= ${HISTORY_PER_SKILL}
      order by skill_id, changed_at desc`),
    historyRow,
  );
  const history = new Map<string, HistoryEntry[]>();
  for (const row of historyRows) {
    const list = history.get(row.skill_id) ?? [];
    list.push({
      source: row.source,
      level: num(row.level),
      notApplicable: row.not_applicable,
      changedAt: new Date(row.changed_at),
      cycleName: row.cycle_name,
      ratedBy: row.rated_by,
    });
    history.set(row.skill_id, list);
  }
  return skillRows.map((row) => ({
    skillId: row.skill_id,
    skillName: row.skill_name,
    groupName: row.group_name,
    self: row.self_present
      ? {
          level: num(row.self_level),
          notApplicable: Boolean(row.self_na),
          interest: Boolean(row.interest),
          note: row.self_note,
          carriedOver: Boolean(row.carried_over),
          confirmed: Boolean(row.carried_over) && Boolean(row.confirmed),
          stale: Boolean(row.self_stale),
          lastAffirmedAt: row.self_affirmed_at ?? new Date(0),
        }
      : null,
    manager: row.manager_present
      ? {
          level: num(row.manager_level),
          notApplicable: Boolean(row.manager_na),
          note: row.manager_note,
          ratedBy: row.manager_name,
        }
      : null,
    target: num(row.target_level),
    targetSource: row.target_source,
    evidence: decodeEvidenceLinks(row.evidence_links),
    history: history.get(row.skill_id) ?? [],
  }));
}
