/**
 * Where the CSV export's rows come from: keyset pagination over the scoped
 * members (ordered by name, id), each batch of members resolved in one SQL
 * statement. Only one batch is in memory at a time, on PGlite and postgres.js
 * alike (PGlite has no server-side cursor), and a batch boundary never splits
 * a member, so the wide format is one row per member for free.
 *
 * Each batch is its own statement: rows are consistent per member, not across
 * the whole export. Holding one transaction open for the whole download would
 * block every other query on PGlite's single connection while a slow client reads.
 */
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { cycleSkillIds } from '@/lib/frameworks/cycle-skills';
import {
  batchRunner,
  gapCtes,
  type GapCtesOptions,
  lastRatedText,
  plannerHasStatistics,
  scopedMemberIds,
  withReportPlanner,
  type ReportScope,
} from './gap-sql';
import { CRLF, csvPlainField, csvRecord, csvTextField } from './csv';
import type { CsvFormat } from './filters';

/** 25 members × 320 skills = at most 8,000 pairs per statement: small enough for flat memory, large enough that per-statement overhead stays small. */
export const DEFAULT_MEMBERS_PER_BATCH = 25;

/**
 * Members per COPY statement (copy-stream.ts): memory no longer depends on it (the bytes stream), so it is
 * set by the time to the first byte — one statement sorts only its own members' rows before sending
 * (~160,000 rows here, seconds; the whole 10,000-member organization in one statement sent nothing for
 * minutes, long enough for a proxy's idle timeout) — against per-statement overhead (20 statements at 10,000).
 */
export const MEMBERS_PER_COPY = 500;

export interface MemberKey {
  id: string;
  name: string;
}

/** Up to `size` member keys of the scope after `after`, in (name, id) order: one keyset page. */
export async function memberPageAfter(
  db: Db,
  scope: ReportScope,
  after: MemberKey | null,
  size: number,
): Promise<MemberKey[]> {
  const keyset = after ? sql`and (u.name, m.id) > (${after.name}, ${after.id}::uuid)` : sql``;
  return parseRows(
    await db.execute(sql`
      select m.id, u.name
      from memberships m join users u on u.id = m.user_id
      where m.organization_id = ${scope.organizationId}
        and m.id in (${scopedMemberIds(scope)})
        ${keyset}
      order by u.name, m.id
      limit ${size}`),
    z.object({ id: column.text, name: column.text }),
  );
}

/** Member ids of the scope in (name, id) order, `size` at a time. */
export async function* memberBatches(db: Db, scope: ReportScope, size: number): AsyncGenerator<MemberKey[]> {
  let after: MemberKey | null = null;
  for (;;) {
    const batch = await memberPageAfter(db, scope, after, size);
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < size) return;
    after = batch[batch.length - 1] ?? null;
  }
}

/** Checked on a batch's first row only (see wideRowBatches), so no transforms: the values as the drivers send them. */
const wideCellRow = z.object({
  membership_id: z.string(),
  team_names: z.string().nullable(),
  member_name: z.string(),
  email: z.string(),
  role_profile_name: z.string().nullable(),
  skill_id: z.string(),
  level: z.union([z.number(), z.string()]).nullable(),
  not_applicable: z.boolean(),
  selected_gap: z.union([z.number(), z.string()]).nullable(),
});

const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** The long format's columns: each header beside the SQL that renders its cell (lib/reports/csv.ts). */
const LONG_COLUMNS: readonly { header: string; cell: (scope: ReportScope) => SQL }[] = [
  { header: 'organization', cell: (scope) => csvTextField(sql`${scope.organizationName}`) },
  { header: 'team', cell: () => csvTextField(sql`mem.team_names`) },
  { header: 'member name', cell: () => csvTextField(sql`mem.member_name`) },
  { header: 'email', cell: () => csvTextField(sql`mem.email`) },
  { header: 'role profile', cell: () => csvTextField(sql`mem.role_profile_name`) },
  { header: 'area', cell: () => csvTextField(sql`sk.area_name`) },
  { header: 'section', cell: () => csvTextField(sql`sk.section_name`) },
  { header: 'group', cell: () => csvTextField(sql`sk.group_name`) },
  { header: 'skill key', cell: () => csvTextField(sql`sk.skill_key`) },
  { header: 'skill', cell: () => csvTextField(sql`sk.skill_name`) },
  { header: 'self level', cell: () => csvPlainField(sql`g.self_level`) },
  { header: 'manager level', cell: () => csvPlainField(sql`g.manager_level`) },
  { header: 'level used', cell: () => csvPlainField(sql`g.level`) },
  { header: 'target', cell: () => csvPlainField(sql`g.target_level`) },
  { header: 'gap', cell: () => csvPlainField(sql`g.gap`) },
  { header: 'interest', cell: () => sql`case when g.interest then 'yes' else 'no' end` },
  { header: 'last rated at', cell: () => csvPlainField(lastRatedText(sql`g.last_rated_at`)) },
  { header: 'cycle', cell: (scope) => csvTextField(sql`${scope.cycleName}`) },
];

export const LONG_HEADER: readonly string[] = LONG_COLUMNS.map((longColumn) => longColumn.header);

/**
 * A COPY batch (an id list of at most MEMBERS_PER_COPY members) builds its pairs per member
 * (GapCtesOptions.pairsPerMember): the default body sorts every pair and rating of the batch for its merge
 * joins. Same bytes (tests/integration/reports/gap-csv.test.ts compares them with the batch path); at 10,000
 * members a batch of 500 took 4.0-4.2 s this way in psql against 1.2-1.4 s per member (stop 31). The whole
 * scope in one statement (the bench's psql baseline) keeps the default: its groups are not bounded.
 */
function copyBatchOptions(memberships: readonly string[] | SQL): GapCtesOptions {
  return { pairsPerMember: Array.isArray(memberships) && memberships.length <= MEMBERS_PER_COPY };
}

/**
 * The long format of these members (default: the whole scope) in one SELECT of one text column, each
 * row one CSV record without its line end: what gapCsvStream runs as COPY on a PostgreSQL server.
 * Same records and order as `longCsvBatches`.
 */
export function longCsvSelect(scope: ReportScope, memberships: readonly string[] | SQL = scopedMemberIds(scope)): SQL {
  const record = csvRecord(LONG_COLUMNS.map((longColumn) => longColumn.cell(scope)));
  return sql`
    with ${gapCtes(scope, memberships, copyBatchOptions(memberships))}
    select ${record}
    from rep_gaps g
    join rep_members mem on mem.membership_id = g.membership_id
    join rep_skills sk on sk.skill_id = g.skill_id
    order by mem.member_name, mem.membership_id, sk.skill_order, sk.skill_id`;
}

/**
 * The long format as CSV text the database rendered: one statement per batch
 * of members, yielded one member at a time — each member's records (one per
 * member × skill the filters select, each ending in CRLF, with the columns of
 * LONG_COLUMNS) as one string.
 */
export async function* longCsvBatches(
  db: Db,
  scope: ReportScope,
  membersPerBatch = DEFAULT_MEMBERS_PER_BATCH,
): AsyncGenerator<{ rows: number; text: string }> {
  const run = batchRunner(await plannerHasStatistics(db));
  const record = csvRecord(LONG_COLUMNS.map((longColumn) => longColumn.cell(scope)));
  for await (const members of memberBatches(db, scope, membersPerBatch)) {
    const ids = members.map((member) => member.id);
    // One string per member, joined by the database: not a row object per line for the server to build and
    // collect. And handed on per member (~80 KB for 320 skills), not joined into one string per batch: a
    // batch-sized string (~2 MB) is flattened by the encoder into another copy, lands in V8's large-object space
    // and, encoded, in an equally large buffer outside the heap; each stays until a full collection, and the
    // response path held several at once (docs/benchmarks.md, "Export memory").
    const memberLines = parseRows(
      await run(db, (tx) =>
        tx.execute(sql`
        with ${gapCtes(scope, ids)}
        select count(*) as rows,
               string_agg(${record}, ${CRLF}::text order by sk.skill_order, sk.skill_id) || ${CRLF}::text as text
        from rep_gaps g
        join rep_members mem on mem.membership_id = g.membership_id
        join rep_skills sk on sk.skill_id = g.skill_id
        group by mem.member_name, mem.membership_id
        order by mem.member_name, mem.membership_id`),
      ),
      z.object({ rows: column.number, text: column.text }),
    );
    for (let index = 0; index < memberLines.length; index += 1) {
      const member = memberLines[index] as { rows: number; text: string };
      // Let the batch's strings go as they are sent, not when the whole batch is.
      memberLines[index] = { rows: 0, text: '' };
      yield { rows: Number(member.rows), text: member.text };
    }
  }
}

/** One row of the long format as values (the REST API's gaps, lib/api/v1/gaps.ts): the CSV's columns, with ids. */
export interface GapRow {
  memberId: string;
  memberName: string;
  email: string;
  team: string;
  roleProfile: string | null;
  areaId: string;
  area: string;
  sectionId: string;
  section: string;
  group: string | null;
  skillId: string;
  skillKey: string;
  skill: string;
  selfLevel: number | null;
  managerLevel: number | null;
  level: number | null;
  target: number;
  gap: number;
  interest: boolean;
  lastRatedAt: string | null;
}

const gapRowSchema = z.object({
  membership_id: column.text,
  member_name: column.text,
  email: column.text,
  team_names: column.text,
  role_profile_name: column.text.nullable(),
  area_id: column.text,
  area_name: column.text,
  section_id: column.text,
  section_name: column.text,
  group_name: column.text.nullable(),
  skill_id: column.text,
  skill_key: column.text,
  skill_name: column.text,
  self_level: column.number.nullable(),
  manager_level: column.number.nullable(),
  level: column.number.nullable(),
  target_level: column.number,
  gap: column.number,
  interest: z.boolean(),
  last_rated_at: column.text.nullable(),
});

/**
 * The long format's rows of these members (one keyset page of `memberPageAfter`), from the same
 * CTEs and in the same order as `longCsvBatches`: the API answers exactly the CSV's rows.
 */
export async function gapRowsOfMembers(db: Db, scope: ReportScope, memberIds: readonly string[]): Promise<GapRow[]> {
  if (memberIds.length === 0) return [];
  const run = batchRunner(await plannerHasStatistics(db));
  const rows = parseRows(
    await run(db, (tx) =>
      tx.execute(sql`
      with ${gapCtes(scope, memberIds)}
      select mem.membership_id, mem.member_name, mem.email, mem.team_names, mem.role_profile_name,
             sk.area_id, sk.area_name, sk.section_id, sk.section_name, sk.group_name,
             sk.skill_id, sk.skill_key, sk.skill_name,
             g.self_level, g.manager_level, g.level, g.target_level, g.gap, g.interest,
             ${lastRatedText(sql`g.last_rated_at`)} as last_rated_at
      from rep_gaps g
      join rep_members mem on mem.membership_id = g.membership_id
      join rep_skills sk on sk.skill_id = g.skill_id
      order by mem.member_name, mem.membership_id, sk.skill_order, sk.skill_id`),
    ),
    gapRowSchema,
  );
  return rows.map((row) => ({
    memberId: row.membership_id,
    memberName: row.member_name,
    email: row.email,
    team: row.team_names,
    roleProfile: row.role_profile_name,
    areaId: row.area_id,
    area: row.area_name,
    sectionId: row.section_id,
    section: row.section_name,
    group: row.group_name,
    skillId: row.skill_id,
    skillKey: row.skill_key,
    skill: row.skill_name,
    selfLevel: row.self_level,
    managerLevel: row.manager_level,
    level: row.level,
    target: row.target_level,
    gap: row.gap,
    interest: row.interest,
    lastRatedAt: row.last_rated_at,
  }));
}

export interface WideSkill {
  skillId: string;
  skillKey: string;
  skillName: string;
  areaName: string;
  sectionName: string;
  groupName: string | null;
}

/** The wide format's skill columns: the live skills the area/section filters keep, in framework order. */
export async function wideSkills(db: Db, scope: ReportScope): Promise<WideSkill[]> {
  const rows = parseRows(
    await db.execute(sql`
      with ${gapCtes(scope, [])}
      select skill_id, skill_key, skill_name, area_name, section_name, group_name
      from rep_skills order by skill_order, skill_id`),
    z.object({
      skill_id: column.text,
      skill_key: column.text,
      skill_name: column.text,
      area_name: column.text,
      section_name: column.text,
      group_name: column.nullableText,
    }),
  );
  return rows.map((row) => ({
    skillId: row.skill_id,
    skillKey: row.skill_key,
    skillName: row.skill_name,
    areaName: row.area_name,
    sectionName: row.section_name,
    groupName: row.group_name,
  }));
}

export interface WideMemberRow {
  team: string;
  memberName: string;
  email: string;
  roleProfile: string | null;
  /** Per skill id: the level used ('n/a' when not applicable, null when unrated) and the gap when the filters select the pair. */
  cells: Map<string, { level: number | 'n/a' | null; gap: number | null }>;
}

/**
 * The wide format of these members (default: the whole scope) in one SELECT of one text column: each member's CSV record
 * (the fixed columns, then level and selected gap per skill in framework order) without its line
 * end, rendered by PostgreSQL for `COPY` as `longCsvSelect` is. Same records and order as the rows
 * `wideRowBatches` gives gapCsvStream to render (the cells: 'n/a' when not applicable, empty when
 * unrated or not selected).
 */
export function wideCsvSelect(scope: ReportScope, memberships: readonly string[] | SQL = scopedMemberIds(scope)): SQL {
  const interest = scope.filters.interestOnly ? sql`and p.interest` : sql``;
  const fixed = csvRecord([
    csvTextField(sql`${scope.organizationName}`),
    csvTextField(sql`mem.team_names`),
    csvTextField(sql`mem.member_name`),
    csvTextField(sql`mem.email`),
    csvTextField(sql`mem.role_profile_name`),
    csvTextField(sql`${scope.cycleName}`),
  ]);
  return sql`
    with ${gapCtes(scope, memberships, copyBatchOptions(memberships))},
    selected as (select distinct membership_id from rep_gaps)
    select ${fixed} || coalesce(string_agg(
             ',' || case when p.not_applicable then 'n/a' else coalesce(p.level::text, '') end
             || ',' || coalesce((case when p.gap >= ${scope.filters.minGap} ${interest} then p.gap end)::text, ''),
             '' order by sk.skill_order, sk.skill_id), '')
    from selected s
    join rep_members mem on mem.membership_id = s.membership_id
    cross join rep_skills sk
    left join rep_pairs p on p.membership_id = s.membership_id and p.skill_id = sk.skill_id
    group by mem.member_name, mem.membership_id, mem.team_names, mem.email, mem.role_profile_name
    order by mem.member_name, mem.membership_id`;
}

/**
 * The wide format's rows: one per member with at least one selected gap
 * (the same members as the long format), a batch of members at a time.
 */
export async function* wideRowBatches(
  db: Db,
  scope: ReportScope,
  membersPerBatch = DEFAULT_MEMBERS_PER_BATCH,
): AsyncGenerator<WideMemberRow[]> {
  const interest = scope.filters.interestOnly ? sql`and p.interest` : sql``;
  const run = batchRunner(await plannerHasStatistics(db));
  for await (const members of memberBatches(db, scope, membersPerBatch)) {
    const ids = members.map((member) => member.id);
    const rows = parseRows(
      await run(db, (tx) =>
        tx.execute(sql`
        with ${gapCtes(scope, ids)},
        selected as (select distinct membership_id from rep_gaps)
        select p.membership_id, mem.team_names, mem.member_name, mem.email, mem.role_profile_name,
               p.skill_id, p.level, p.not_applicable,
               case when p.gap >= ${scope.filters.minGap} ${interest} then p.gap end as selected_gap
        from rep_pairs p
        join selected s on s.membership_id = p.membership_id
        join rep_members mem on mem.membership_id = p.membership_id
        order by mem.member_name, mem.membership_id`),
      ),
      wideCellRow,
      // 25 members × 320 skills = 8,000 rows a batch, ~1.9 M in a large export: parsing each would cost more
      // than the statement, and every row of one statement has the same columns, so the first proves the shape.
      { check: 'first' },
    );
    const byMember = new Map<string, WideMemberRow>();
    for (const row of rows) {
      const id = String(row.membership_id);
      let member = byMember.get(id);
      if (!member) {
        member = {
          team: String(row.team_names ?? ''),
          memberName: String(row.member_name),
          email: String(row.email),
          roleProfile: row.role_profile_name === null ? null : String(row.role_profile_name),
          cells: new Map(),
        };
        byMember.set(id, member);
      }
      member.cells.set(String(row.skill_id), {
        level: row.not_applicable === true ? 'n/a' : numOrNull(row.level),
        gap: numOrNull(row.selected_gap),
      });
    }
    if (byMember.size > 0) yield [...byMember.values()];
  }
}

/**
 * The export's row count for the X-Row-Count-Estimate header, or null when
 * counting would cost about as much as the export itself (more than
 * `maxPairs` member × skill pairs to resolve): then the header is left out.
 */
export async function estimateRowCount(
  db: Db,
  scope: ReportScope,
  format: CsvFormat,
  maxPairs = 250_000,
): Promise<number | null> {
  const [size] = parseRows(
    await db.execute(sql`
      select (select count(*) from (${scopedMemberIds(scope)}) s)::int as members,
             (select count(*) from (${cycleSkillIds({ organizationId: scope.organizationId, cycleId: scope.cycleId })}) k)::int as skills`),
    z.object({ members: column.number, skills: column.number }),
  );
  if (format === 'legend') return size ? Number(size.skills) : null;
  if (!size || Number(size.members) * Number(size.skills) > maxPairs) return null;
  const counted = format === 'long' ? sql`count(*)` : sql`count(distinct membership_id)`;
  const [row] = parseRows(
    await withReportPlanner(db, (tx) =>
      tx.execute(sql`with ${gapCtes(scope, scopedMemberIds(scope))} select ${counted}::int as n from rep_gaps`),
    ),
    z.object({ n: column.number }),
  );
  return row ? Number(row.n) : 0;
}
