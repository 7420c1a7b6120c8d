import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { visibleTeamsFilter, type Actor } from '@/lib/auth/authorize';
import { completionCtes, completionSummary, type TeamCompletionSummary } from '@/lib/assessments/completion';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { PAGE_SIZE, type GapPageParams, type SortKey } from './filters';
import { gapCtes, scopedMemberIds, type ReportScope } from './gap-sql';

/** Members at or above this level "hold" a skill; fewer than two holders is a key-person risk. */
export const HOLDER_LEVEL = 3;
export const KEY_PERSON_MIN_HOLDERS = 2;

export interface GapSummary {
  membersInScope: number;
  /**
   * Self-assessment of the report's cycle by the members in scope, by the one completion rule
   * (lib/assessments/completion.ts): people done, and ratings rated, confirmed and to confirm apart.
   * A carried-over rating nobody confirmed is not done, and a member with only those is not assessed.
   */
  completion: TeamCompletionSummary;
  targetedPairs: number;
  metPairs: number;
  /** Share of (member, skill) pairs with a target that are at or above it; null without any target. */
  metShare: number | null;
  /** How many member × skill rows the filters select: the CSV's row count. */
  gapRows: number;
  /**
   * The people with the largest gaps, each once: their largest gap (first in framework order on a tie)
   * and how many more gaps they have — not one person listed five times.
   */
  largest: {
    membershipId: string;
    memberName: string;
    skillName: string;
    level: number | null;
    target: number;
    gap: number;
    otherGaps: number;
  }[];
  /** With one holder, `holder` names them. */
  keyPersonRisks: {
    skillId: string;
    skillName: string;
    areaName: string;
    holders: number;
    holder: { membershipId: string; name: string } | null;
  }[];
  keyPersonRiskCount: number;
}

// The rows of this module's statements, parsed where they arrive (db/rows.ts).
const summaryCountsRow = z.object({
  members_in_scope: column.number,
  members_done: column.number,
  skills: column.number,
  rated: column.number,
  confirmed: column.number,
  to_confirm: column.number,
  targeted_pairs: column.number,
  met_pairs: column.number,
  gap_rows: column.number,
});
const largestGapRow = z.object({
  membership_id: column.text,
  member_name: column.text,
  skill_name: column.text,
  level: column.nullableNumber,
  target_level: column.number,
  gap: column.number,
  gap_count: column.number,
});
const keyPersonRiskRow = z.object({
  skill_id: column.text,
  skill_name: column.text,
  area_name: column.text,
  holders: column.number,
  total: column.number,
  holder_id: column.nullableText,
  holder_name: column.nullableText,
});
const skillGapRow_ = z.object({
  skill_id: column.text,
  skill_name: column.text,
  skill_key: column.text,
  area_name: column.text,
  section_name: column.text,
  members_below: column.number,
  total_gap: column.number,
  mean_gap: column.number,
  interested: column.number,
  holders: column.number,
  members: column.number,
  total_count: column.number,
});
const personGapRow_ = z.object({
  membership_id: column.text,
  member_name: column.text,
  email: column.text,
  role_profile_name: column.nullableText,
  team_names: column.nullableText,
  gap_count: column.number,
  total_gap: column.number,
  max_gap: column.number,
  top_names: z.array(z.string()).nullable(),
  top_gaps: z.array(column.number).nullable(),
  total_count: column.number,
});

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * One of the report's queries over `gapCtes` (lib/reports/gap-sql.ts): its own CTEs (or none) and its select.
 * Run alone as `with gapCtes, ctes select`, or several together in one statement over one evaluation of
 * `gapCtes` (`loadGapReportTogether`): the member × skill pairs are the expensive part, computed once there.
 */
interface GapPart {
  ctes: SQL | null;
  select: SQL;
}

function gapPartSql(scope: ReportScope, part: GapPart): SQL {
  return sql`with ${gapCtes(scope, scopedMemberIds(scope))}${part.ctes ? sql`, ${part.ctes}` : sql``} ${part.select}`;
}

/** The summary's counts need the completion CTEs (`cmp_*`) beside `gapCtes`. */
export function summaryCompletionCtes(scope: ReportScope): SQL {
  return completionCtes(scope, sql`select membership_id as mid from rt_members`);
}

const summaryCountsPart = (scope: ReportScope): GapPart => ({
  ctes: summaryCompletionCtes(scope),
  select: sql`
      select
        (select count(*) from rt_members)::int as members_in_scope,
        (select count(*) from cmp_live)::int as skills,
        (select count(*) from cmp_per_member pm
          where pm.rated + pm.confirmed >= (select count(*) from cmp_live))::int as members_done,
        (select coalesce(sum(pm.rated), 0) from cmp_per_member pm)::int as rated,
        (select coalesce(sum(pm.confirmed), 0) from cmp_per_member pm)::int as confirmed,
        (select coalesce(sum(pm.to_confirm), 0) from cmp_per_member pm)::int as to_confirm,
        (select count(*) from rep_pairs where gap is not null)::int as targeted_pairs,
        (select count(*) from rep_pairs where gap is not null and gap <= 0)::int as met_pairs,
        (select count(*) from rep_gaps)::int as gap_rows`,
});

// Each person once, by their largest gap (first in framework order on a tie) and how many gaps they have.
// Ranked per member first (a grouping of the gaps, then five people), and only those five look up which skill
// holds their largest gap: a window over every gap sorted by member, gap and path cost more than the rest of
// the summary (the team gaps page, issue 23). Held equal to the window form in
// tests/integration/reports/team-gap-skills.test.ts.
const largestPart: GapPart = {
  ctes: sql`
      per_member as (
        select g.membership_id, max(g.gap) as gap, count(*) as gap_count
        from rep_gaps g
        group by g.membership_id
      ),
      top_members as (
        select pm.membership_id, mem.member_name, pm.gap, pm.gap_count
        from per_member pm
        join rep_members mem on mem.membership_id = pm.membership_id
        order by pm.gap desc, pm.gap_count desc, mem.member_name, pm.membership_id
        limit 5
      )`,
  // One pass over the gaps for the five people's largest ones, each person's first in framework order kept.
  select: sql`
      select * from (
        select distinct on (t.membership_id)
               t.membership_id, t.member_name, sk.skill_name, g.level, g.target_level, t.gap, t.gap_count
        from top_members t
        join rep_gaps g on g.membership_id = t.membership_id and g.gap = t.gap
        join rep_skills sk on sk.skill_id = g.skill_id
        order by t.membership_id, sk.skill_order, g.skill_id
      ) top_gap
      order by gap desc, gap_count desc, member_name, membership_id`,
};

// Holders per skill from one grouping of the pairs, then joined to the skills (a skill without pairs has
// none): joining every pair to its skill first sorted all of them (16,000 for a 50-member team).
const risksPart: GapPart = {
  ctes: sql`
      holders as (
        select sk.skill_id, sk.skill_name, sk.area_name, sk.skill_order,
               coalesce(p.holders, 0) as holders, p.holder_id
        from rep_skills sk
        left join (
          select skill_id,
                 count(*) filter (where level >= ${HOLDER_LEVEL} and not not_applicable)::int as holders,
                 -- With exactly one holder, min() is that holder.
                 min(membership_id::text) filter (where level >= ${HOLDER_LEVEL} and not not_applicable) as holder_id
          from rep_pairs
          group by skill_id
        ) p on p.skill_id = sk.skill_id
      )`,
  select: sql`
      select h.skill_id, h.skill_name, h.area_name, h.holders, count(*) over ()::int as total,
             case when h.holders = 1 then h.holder_id end as holder_id,
             case when h.holders = 1 then mem.member_name end as holder_name
      from holders h
      left join rep_members mem on h.holders = 1 and mem.membership_id::text = h.holder_id
      where h.holders < ${KEY_PERSON_MIN_HOLDERS}
      order by h.holders, h.skill_order, h.skill_id
      limit 8`,
};

export async function loadGapSummary(db: Db, scope: ReportScope): Promise<GapSummary> {
  return parseGapSummary(
    await db.execute(gapPartSql(scope, summaryCountsPart(scope))),
    await db.execute(gapPartSql(scope, largestPart)),
    await db.execute(gapPartSql(scope, risksPart)),
  );
}

export function parseGapSummary(countsResult: unknown, largestResult: unknown, risksResult: unknown): GapSummary {
  const [counts] = parseRows(countsResult, summaryCountsRow);
  const largest = parseRows(largestResult, largestGapRow);
  const risks = parseRows(risksResult, keyPersonRiskRow);
  const targetedPairs = num(counts?.targeted_pairs);
  const metPairs = num(counts?.met_pairs);
  return {
    membersInScope: num(counts?.members_in_scope),
    completion: completionSummary({
      members: num(counts?.members_in_scope),
      membersDone: num(counts?.skills) > 0 ? num(counts?.members_done) : 0,
      ratings: {
        total: num(counts?.members_in_scope) * num(counts?.skills),
        rated: num(counts?.rated),
        confirmed: num(counts?.confirmed),
        toConfirm: num(counts?.to_confirm),
        done: num(counts?.rated) + num(counts?.confirmed),
      },
    }),
    targetedPairs,
    metPairs,
    metShare: targetedPairs === 0 ? null : metPairs / targetedPairs,
    gapRows: num(counts?.gap_rows),
    largest: largest.map((row) => ({
      membershipId: String(row.membership_id),
      memberName: String(row.member_name),
      skillName: String(row.skill_name),
      level: numOrNull(row.level),
      target: num(row.target_level),
      gap: num(row.gap),
      otherGaps: num(row.gap_count) - 1,
    })),
    keyPersonRisks: risks.map((row) => ({
      skillId: String(row.skill_id),
      skillName: String(row.skill_name),
      areaName: String(row.area_name),
      holders: num(row.holders),
      holder:
        row.holder_id && row.holder_name
          ? { membershipId: String(row.holder_id), name: String(row.holder_name) }
          : null,
    })),
    keyPersonRiskCount: num(risks[0]?.total),
  };
}

export interface SkillGapRow {
  skillId: string;
  skillName: string;
  skillKey: string;
  areaName: string;
  sectionName: string;
  membersBelow: number;
  totalGap: number;
  meanGap: number;
  interested: number;
  holders: number;
  members: number;
}

export interface PersonGapRow {
  membershipId: string;
  name: string;
  email: string;
  roleProfile: string | null;
  teams: string;
  gapCount: number;
  totalGap: number;
  maxGap: number;
  topGaps: { skillName: string; gap: number }[];
}

export interface GapPage<Row> {
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
}

const SKILL_ORDER: Partial<Record<SortKey, SQL>> = {
  total: sql.raw('agg.total_gap'),
  members: sql.raw('agg.members_below'),
  mean: sql.raw('agg.mean_gap'),
  skill: sql.raw('lower(sk.skill_name)'),
  coverage: sql.raw('cov.holders'),
};
const PERSON_ORDER: Partial<Record<SortKey, SQL>> = {
  total: sql.raw('agg.total_gap'),
  gaps: sql.raw('agg.gap_count'),
  max: sql.raw('agg.max_gap'),
  name: sql.raw('lower(mem.member_name)'),
};

function direction(params: Pick<GapPageParams, 'dir'>): SQL {
  return params.dir === 'asc' ? sql.raw('asc') : sql.raw('desc');
}

export async function loadGapsBySkill(
  db: Db,
  scope: ReportScope,
  params: GapPageParams,
): Promise<GapPage<SkillGapRow>> {
  const { rows, totalCount } = parseGapsBySkill(await db.execute(gapsBySkillSql(scope, params)));
  return {
    rows,
    total: rows.length > 0 ? totalCount : await countGroups(db, scope, 'skill_id'),
    page: params.page,
    pageSize: PAGE_SIZE,
  };
}

/**
 * The by-skill rows before their order and page: `agg` (the selected gaps per skill) and `cov` (holders and
 * members per skill). The live page and the snapshot (lib/reports/gap-snapshot.ts) share them.
 */
export const SKILL_AGG_CTES = sql`
      cov as (
        select skill_id,
               count(*) filter (where level >= ${HOLDER_LEVEL} and not not_applicable)::int as holders,
               count(*)::int as members
        from rep_pairs group by skill_id
      ),
      agg as (
        select skill_id, count(*)::int as members_below, sum(gap)::int as total_gap,
               avg(gap)::float8 as mean_gap, count(*) filter (where interest)::int as interested
        from rep_gaps group by skill_id
      )`;

/** The by-person rows before their order and page (`agg`: each member's selected gaps); shared like SKILL_AGG_CTES. */
export const PERSON_AGG_CTES = sql`
      agg as (
        select g.membership_id, count(*)::int as gap_count, sum(g.gap)::int as total_gap, max(g.gap)::int as max_gap,
               (array_agg(sk.skill_name order by g.gap desc, sk.skill_order))[1:5] as top_names,
               (array_agg(g.gap order by g.gap desc, sk.skill_order))[1:5] as top_gaps
        from rep_gaps g join rep_skills sk on sk.skill_id = g.skill_id
        group by g.membership_id
      )`;

const bySkillPart = (params: GapPageParams): GapPart => {
  const order = SKILL_ORDER[params.sort] ?? SKILL_ORDER.total!;
  const offset = (params.page - 1) * PAGE_SIZE;
  return {
    ctes: SKILL_AGG_CTES,
    select: sql`
      select agg.*, sk.skill_name, sk.skill_key, sk.area_name, sk.section_name, cov.holders, cov.members,
             count(*) over ()::int as total_count
      from agg
      join rep_skills sk on sk.skill_id = agg.skill_id
      join cov on cov.skill_id = agg.skill_id
      order by ${order} ${direction(params)}, sk.skill_order, sk.skill_id
      limit ${PAGE_SIZE} offset ${offset}`,
  };
};

/** One page of the report by skill, as a statement (run alone by `loadGapsBySkill`, or beside others: the manager's home). */
export function gapsBySkillSql(scope: ReportScope, params: GapPageParams): SQL {
  return gapPartSql(scope, bySkillPart(params));
}

/** The rows of `gapsBySkillSql`, and the number of skills on every page (0 without rows: count them apart). */
export function parseGapsBySkill(result: unknown): { rows: SkillGapRow[]; totalCount: number } {
  const rows = parseRows(result, skillGapRow_);
  return {
    rows: rows.map((row) => ({
      skillId: String(row.skill_id),
      skillName: String(row.skill_name),
      skillKey: String(row.skill_key),
      areaName: String(row.area_name),
      sectionName: String(row.section_name),
      membersBelow: num(row.members_below),
      totalGap: num(row.total_gap),
      meanGap: num(row.mean_gap),
      interested: num(row.interested),
      holders: num(row.holders),
      members: num(row.members),
    })),
    totalCount: rows.length > 0 ? num(rows[0]?.total_count) : 0,
  };
}

const byPersonPart = (params: GapPageParams): GapPart => {
  const order = PERSON_ORDER[params.sort] ?? PERSON_ORDER.total!;
  const offset = (params.page - 1) * PAGE_SIZE;
  return {
    ctes: PERSON_AGG_CTES,
    select: sql`
      select agg.*, mem.member_name, mem.email, mem.role_profile_name, mem.team_names,
             count(*) over ()::int as total_count
      from agg join rep_members mem on mem.membership_id = agg.membership_id
      order by ${order} ${direction(params)}, lower(mem.member_name), mem.membership_id
      limit ${PAGE_SIZE} offset ${offset}`,
  };
};

export async function loadGapsByPerson(
  db: Db,
  scope: ReportScope,
  params: GapPageParams,
): Promise<GapPage<PersonGapRow>> {
  const { rows, totalCount } = parseGapsByPerson(await db.execute(gapPartSql(scope, byPersonPart(params))));
  return {
    rows,
    total: rows.length > 0 ? totalCount : await countGroups(db, scope, 'membership_id'),
    page: params.page,
    pageSize: PAGE_SIZE,
  };
}

export function parseGapsByPerson(result: unknown): { rows: PersonGapRow[]; totalCount: number } {
  const rows = parseRows(result, personGapRow_);
  return {
    rows: rows.map((row) => {
      const names = row.top_names ?? [];
      const gaps = row.top_gaps ?? [];
      return {
        membershipId: String(row.membership_id),
        name: String(row.member_name),
        email: String(row.email),
        roleProfile: row.role_profile_name === null ? null : String(row.role_profile_name),
        teams: String(row.team_names ?? ''),
        gapCount: num(row.gap_count),
        totalGap: num(row.total_gap),
        maxGap: num(row.max_gap),
        topGaps: names.map((skillName, index) => ({ skillName, gap: Number(gaps[index] ?? 0) })),
      };
    }),
    totalCount: rows.length > 0 ? num(rows[0]?.total_count) : 0,
  };
}

/** A part's rows as one JSON array (a scalar subquery), its own CTEs inside where the outer `gapCtes` are in scope. */
function partJson(part: GapPart): SQL {
  return sql`(select coalesce(json_agg(part_rows), '[]'::json) from (${part.ctes ? sql`with ${part.ctes} ` : sql``}${part.select}) as part_rows)`;
}

/**
 * The summary's three parts (counts, largest gaps, key-person risks) as JSON arrays, for a statement that
 * already has `gapCtes` and `summaryCompletionSql` in its `with`: what the snapshot stores (gap-snapshot.ts),
 * parsed by `parseGapSummary` like the live statement's.
 */
export function summaryJsonSql(scope: ReportScope): { counts: SQL; largest: SQL; risks: SQL } {
  return {
    counts: partJson({ ctes: null, select: summaryCountsPart(scope).select }),
    largest: partJson(largestPart),
    risks: partJson(risksPart),
  };
}

/**
 * The whole report page — summary (counts, largest gaps, key-person risks) and one page by skill or by
 * person — in one statement over one evaluation of `gapCtes` (issue 23: four statements each computed every
 * member × skill pair again; at 1,000 members each took seconds). Each part keeps its own CTEs inside its
 * subquery, where the outer `gapCtes` are in scope. The figures are the separate loaders' (tested).
 */
export async function loadGapReportTogether(
  db: Db,
  scope: ReportScope,
  params: GapPageParams,
): Promise<{ summary: GapSummary; bySkill: GapPage<SkillGapRow> | null; byPerson: GapPage<PersonGapRow> | null }> {
  const parts: Record<string, GapPart> = {
    counts: summaryCountsPart(scope),
    largest: largestPart,
    risks: risksPart,
    page: params.by === 'person' ? byPersonPart(params) : bySkillPart(params),
  };
  const { counts, ...inner } = parts;
  const json = (name: string, part: GapPart) => sql`${partJson(part)} as ${sql.identifier(name)}`;
  // One team's report builds its pairs per member (gap-sql.ts GapCtesOptions): the team gaps page, issue 23.
  const pairsPerMember = pairsPerMemberFor(scope);
  const result = await db.execute(sql`
    with ${gapCtes(scope, scopedMemberIds(scope), { pairsPerMember })}, ${summaryCompletionCtes(scope)}
    select ${sql.join(
      [
        json('counts', { ctes: null, select: counts!.select }),
        ...Object.entries(inner).map(([name, part]) => json(name, part)),
      ],
      sql`, `,
    )}`);
  const [row] = parseRows(
    result,
    z.object({
      counts: z.array(z.unknown()),
      largest: z.array(z.unknown()),
      risks: z.array(z.unknown()),
      page: z.array(z.unknown()),
    }),
  );
  if (!row) throw new Error('loadGapReportTogether: the statement returned no row');
  const summary = parseGapSummary(row.counts, row.largest, row.risks);
  if (params.by === 'person') {
    const { rows, totalCount } = parseGapsByPerson(row.page);
    const total = rows.length > 0 ? totalCount : await countGroups(db, scope, 'membership_id');
    return { summary, bySkill: null, byPerson: { rows, total, page: params.page, pageSize: PAGE_SIZE } };
  }
  const { rows, totalCount } = parseGapsBySkill(row.page);
  const total = rows.length > 0 ? totalCount : await countGroups(db, scope, 'skill_id');
  return { summary, bySkill: { rows, total, page: params.page, pageSize: PAGE_SIZE }, byPerson: null };
}

/** A report of one team's members (the team filter) builds its pairs per member; a wider scope does not. */
export function pairsPerMemberFor(scope: ReportScope): boolean {
  return scope.filters.team !== undefined;
}

/** For a page past the end: how many groups there are, so pagination can link back. */
async function countGroups(db: Db, scope: ReportScope, grouping: 'skill_id' | 'membership_id'): Promise<number> {
  const [row] = parseRows(
    await db.execute(
      sql`with ${gapCtes(scope, scopedMemberIds(scope))} select count(distinct ${sql.raw(grouping)})::int as n from rep_gaps`,
    ),
    z.object({ n: column.number }),
  );
  return num(row?.n);
}

export interface FilterOptions {
  teams: { id: string; name: string }[];
  areas: { id: string; name: string }[];
  sections: { id: string; name: string; areaId: string }[];
  roleProfiles: { id: string; name: string }[];
}

export async function loadFilterOptions(
  db: Db,
  actor: Actor,
  frameworkId: string | null,
  /** The report's cycle: its framework version's areas and sections (lib/frameworks/cycle-skills.ts). */
  cycleId?: string,
  /** `teams: false`: no team list (empty), for a page whose path fixes the team. */
  { teams: listTeams = true }: { teams?: boolean } = {},
): Promise<FilterOptions> {
  const organizationId = actor.membership.organizationId;
  const option = z.object({ id: z.string(), name: z.string() });
  // One statement for the three lists (teams, role profiles, the framework's areas and sections): each was its
  // own round trip on every gap report page (issue 23). Only teams the actor may report on: naming another
  // would select no one anyway.
  const nodeSource = cycleId ? cycleNodes({ organizationId, cycleId }) : sql`skill_nodes`;
  const [lists] = parseRows(
    await db.execute(sql`
      select
        coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by lower(t.name), t.id)
                  from teams t
                  where ${listTeams ? sql`t.organization_id = ${organizationId}` : sql`false`}
                    and ${visibleTeamsFilter(actor, 'individuals', sql`t.id`)}), '[]'::json) as teams,
        coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name) order by lower(p.name), p.id)
                  from role_profiles p where p.organization_id = ${organizationId}), '[]'::json) as role_profiles,
        coalesce((select json_agg(json_build_object('id', n.id, 'name', n.name, 'kind', n.kind,
                                                    'area_id', n.ancestor_ids[1]) order by n.depth, n.position, n.id)
                  from ${nodeSource} n
                  where ${frameworkId === null ? sql`false` : sql`n.organization_id = ${organizationId} and n.framework_id = ${frameworkId}`}
                    and n.kind in ('area', 'category') and n.archived_at is null), '[]'::json) as nodes`),
    z.object({ teams: column.json, role_profiles: column.json, nodes: column.json }),
  );
  const teams = z.array(option).parse(lists?.teams ?? []);
  const roleProfiles = z.array(option).parse(lists?.role_profiles ?? []);
  if (!frameworkId) return { teams, areas: [], sections: [], roleProfiles };
  const nodes = z
    .array(z.object({ id: z.string(), name: z.string(), kind: z.string(), area_id: z.string() }))
    .parse(lists?.nodes ?? []);
  return {
    teams,
    areas: nodes.filter((node) => node.kind === 'area').map(({ id, name }) => ({ id, name })),
    sections: nodes
      .filter((node) => node.kind === 'category')
      .map(({ id, name, area_id }) => ({ id, name, areaId: area_id })),
    roleProfiles,
  };
}
