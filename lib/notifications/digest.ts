/**
 * A team's weekly digest — completion, ratings to review, and the largest
 * NEW gaps — as one value that the managers' mail (lib/mail/templates.ts) and
 * the team's chat post (lib/notifications/chat-payloads.ts) both render, so
 * every channel says the same.
 *
 * A gap is the gap report's (lib/reports/gap-sql.ts `rep_gaps`, self view, as
 * the manager's home shows it): a member × skill of the team's current cycle
 * whose resolved target is above the member's level, by ≥ 1.
 *
 * "New since the last digest", precisely: the week's digest records the
 * team's gaps once, when it is first built (`team_digests`: member × skill →
 * levels below target). A gap is new when it is larger now than in the
 * team's previous digest that went out — of the same cycle, whose mail was
 * sent to at least one manager or whose chat post was accepted — counting a
 * gap absent then as 0. So a member who lowers a rating, a target that rises,
 * a member who joins the team, a skill added to the cycle: new. A gap that
 * stayed the same or shrank: not new. A digest that was not sent (nothing to
 * say, turned off, failing) is no baseline: its changes wait for the next one.
 *
 * The first digest of a cycle (no earlier digest of it went out) has nothing
 * to compare with: it lists the largest current gaps and says so; every
 * later one lists only new gaps, or says there are none.
 *
 * Every manager's mail and the chat post of one week read the same recorded
 * gaps (the row is written once per team and week, `on conflict do nothing`),
 * so they agree with each other and a retried send says what the first try said.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import type { Actor } from '@/lib/auth/authorize';
import { loadManagedTeams } from '@/lib/dashboard/managed-teams';
import { filtersOf, parseGapPageParams } from '@/lib/reports/filters';
import { gapCtes, scopedMemberIds, type ReportScope } from '@/lib/reports/gap-sql';

/** Skills listed under "largest new gaps", and members named per skill. */
export const DIGEST_GAP_SKILLS = 5;
export const DIGEST_GAP_MEMBERS = 5;

export interface DigestGapSkill {
  skillName: string;
  /** The members with a new gap in this skill, largest gap first (at most DIGEST_GAP_MEMBERS). */
  members: { name: string; gap: number }[];
  /** How many members have a new gap in this skill (may exceed `members.length`). */
  membersBelow: number;
  /** The sum of their gaps: the order of the list. */
  totalGap: number;
}

export interface TeamDigest {
  teamId: string;
  teamName: string;
  cycleName: string;
  members: number;
  membersDone: number;
  ratedPercent: number;
  notDone: number;
  toReview: number;
  gaps: {
    /** No earlier digest of this cycle went out: `skills` are the current gaps, not new ones. */
    first: boolean;
    /** When the previous digest's gaps were recorded (null for the first). */
    since: Date | null;
    skills: DigestGapSkill[];
  };
}

export type DigestResult = { digest: TeamDigest } | { skip: string };

type GapMap = Record<string, number>;

const gapsJson = z.preprocess(
  (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  z.record(z.string(), z.number()),
);

const digestRow = z.object({ period_key: column.text, cycle_id: column.text, taken_at: column.date, gaps: gapsJson });

/** The team's gaps now: `<membership>:<skill>` → levels below target, by the gap report's rule. */
async function currentGaps(db: Db, scope: ReportScope): Promise<GapMap> {
  const rows = parseRows(
    await db.execute(sql`
      with ${gapCtes(scope, scopedMemberIds(scope))}
      select membership_id, skill_id, gap from rep_gaps`),
    z.object({ membership_id: column.text, skill_id: column.text, gap: column.number }),
  );
  return Object.fromEntries(rows.map((row) => [`${row.membership_id}:${row.skill_id}`, Number(row.gap)]));
}

/**
 * The week's recorded gaps, recorded now if this is the week's first build (or the cycle changed since).
 * Concurrent builds (two managers' mails at once) both offer a row; the first one stays.
 */
async function weekSnapshot(
  db: Db,
  scope: ReportScope,
  teamId: string,
  periodKey: string,
): Promise<z.infer<typeof digestRow>> {
  const read = async () =>
    parseRows(
      await db.execute(sql`
        select period_key, cycle_id, taken_at, gaps from team_digests
        where organization_id = ${scope.organizationId} and team_id = ${teamId} and period_key = ${periodKey}`),
      digestRow,
    )[0];
  const existing = await read();
  if (existing && existing.cycle_id === scope.cycleId) return existing;
  const gaps = JSON.stringify(await currentGaps(db, scope));
  await db.execute(sql`
    insert into team_digests (organization_id, team_id, period_key, cycle_id, gaps)
    values (${scope.organizationId}, ${teamId}, ${periodKey}, ${scope.cycleId}, ${gaps}::jsonb)
    on conflict (organization_id, team_id, period_key) do update
      set cycle_id = excluded.cycle_id, gaps = excluded.gaps, taken_at = now(), posted_at = null, post_state = null,
        post_detail = null
      where team_digests.cycle_id <> excluded.cycle_id`);
  const written = await read();
  if (!written) throw new Error('The digest snapshot was not written.');
  return written;
}

/**
 * The team's latest earlier digest of the same cycle that went out (mail sent or chat post accepted).
 * Times are compared in SQL (microseconds), never through a JavaScript Date (milliseconds).
 */
async function previousDigest(
  db: Db,
  organizationId: string,
  teamId: string,
  current: { period_key: string; cycle_id: string },
): Promise<z.infer<typeof digestRow> | undefined> {
  const team = sql`organization_id = ${organizationId} and team_id = ${teamId}`;
  const takenAt = (periodKey: string) =>
    sql`(select taken_at from team_digests where ${team} and period_key = ${periodKey})`;
  const [row] = parseRows(
    await db.execute(sql`
      select d.period_key, d.cycle_id, d.taken_at, d.gaps from team_digests d
      where d.organization_id = ${organizationId} and d.team_id = ${teamId}
        and d.cycle_id = ${current.cycle_id} and d.taken_at < ${takenAt(current.period_key)}
        and (d.posted_at is not null or exists (
          select 1 from notification_sends ns
          where ns.organization_id = d.organization_id and ns.kind = 'team-digest'
            and ns.period_key = d.period_key and ns.state = 'sent'))
      order by d.taken_at desc
      limit 1`),
    digestRow,
  );
  if (row) {
    // Older digests can never be a baseline again (a later one went out): the table keeps a few rows a team.
    await db.execute(sql`delete from team_digests where ${team} and taken_at < ${takenAt(row.period_key)}`);
  }
  return row;
}

/** The gaps of `now` that are larger than in `before` (absent: 0); all of `now` without a `before`. */
export function newGaps(now: GapMap, before: GapMap | null): GapMap {
  if (!before) return now;
  return Object.fromEntries(Object.entries(now).filter(([key, gap]) => gap > (before[key] ?? 0)));
}

/** Per skill, largest total first; names of skills and members read in one statement. */
async function gapSkills(db: Db, organizationId: string, gaps: GapMap): Promise<DigestGapSkill[]> {
  const pairs = Object.entries(gaps).map(([key, gap]) => {
    const [membershipId = '', skillId = ''] = key.split(':');
    return { membershipId, skillId, gap };
  });
  if (pairs.length === 0) return [];
  const ids = (values: string[]) =>
    sql.join(
      [...new Set(values)].map((id) => sql`${id}::uuid`),
      sql`, `,
    );
  const names = parseRows(
    await db.execute(sql`
      select 'skill' as kind, s.id::text as id, s.name from skill_nodes s
      where s.organization_id = ${organizationId} and s.id in (${ids(pairs.map((pair) => pair.skillId))})
      union all
      select 'member', m.id::text, u.name from memberships m join users u on u.id = m.user_id
      where m.organization_id = ${organizationId} and m.id in (${ids(pairs.map((pair) => pair.membershipId))})`),
    z.object({ kind: column.text, id: column.text, name: column.text }),
  );
  const skillName = new Map(names.filter((row) => row.kind === 'skill').map((row) => [row.id, row.name]));
  const memberName = new Map(names.filter((row) => row.kind === 'member').map((row) => [row.id, row.name]));
  const bySkill = new Map<string, { name: string; gap: number }[]>();
  for (const pair of pairs) {
    const list = bySkill.get(pair.skillId) ?? [];
    list.push({ name: memberName.get(pair.membershipId) ?? 'A former member', gap: pair.gap });
    bySkill.set(pair.skillId, list);
  }
  return [...bySkill.entries()]
    .map(([skillId, members]) => {
      members.sort((a, b) => b.gap - a.gap || a.name.localeCompare(b.name));
      return {
        skillName: skillName.get(skillId) ?? 'A removed skill',
        members: members.slice(0, DIGEST_GAP_MEMBERS),
        membersBelow: members.length,
        totalGap: members.reduce((sum, member) => sum + member.gap, 0),
      };
    })
    .sort(
      (a, b) => b.totalGap - a.totalGap || b.membersBelow - a.membersBelow || a.skillName.localeCompare(b.skillName),
    )
    .slice(0, DIGEST_GAP_SKILLS);
}

/**
 * The digest of `teamId` for the week `periodKey` (`<team>:<ISO week>`), as the team's manager `actor`
 * sees the team (lib/dashboard/managed-teams.ts: completion, ratings to review). `{ skip }` when there is
 * nothing to say: everyone done, nothing to review, no new gaps (for a first digest: no gaps).
 */
export async function loadTeamDigest(db: Db, actor: Actor, teamId: string, periodKey: string): Promise<DigestResult> {
  const organizationId = actor.membership.organizationId;
  const team = (await loadManagedTeams(db, actor)).find((t) => t.id === teamId);
  if (!team) return { skip: 'No longer a manager of the team.' };
  if (!team.cycle || team.cycle.status !== 'open') return { skip: 'The team has no open cycle.' };
  const [cycle] = parseRows(
    await db.execute(sql`
      select c.framework_id, o.name as organization_name from assessment_cycles c
      join organizations o on o.id = c.organization_id
      where c.organization_id = ${organizationId} and c.id = ${team.cycle.id}`),
    z.object({ framework_id: column.text, organization_name: column.text }),
  );
  if (!cycle) return { skip: 'The team has no open cycle.' };
  // The manager's home's scope for the team (lib/dashboard/managed-teams.ts), so the digest's gaps are its gaps.
  const params = parseGapPageParams({ team: teamId, cycle: team.cycle.id });
  const scope: ReportScope = {
    actor,
    organizationId,
    organizationName: cycle.organization_name,
    frameworkId: cycle.framework_id,
    cycleId: team.cycle.id,
    cycleName: team.cycle.name,
    filters: { ...filtersOf(params), cycle: team.cycle.id },
  };
  const current = await weekSnapshot(db, scope, teamId, periodKey);
  const previous = await previousDigest(db, organizationId, teamId, current);
  const skills = await gapSkills(db, organizationId, newGaps(current.gaps, previous?.gaps ?? null));
  const notDone = team.members - team.membersDone;
  if (notDone === 0 && team.toReview === 0 && skills.length === 0) {
    return {
      skip: previous
        ? 'Nothing to say this week: everyone is done, nothing to review, no new gaps.'
        : 'Nothing to say this week: everyone is done, nothing to review, no gaps.',
    };
  }
  return {
    digest: {
      teamId,
      teamName: team.name,
      cycleName: team.cycle.name,
      members: team.members,
      membersDone: team.membersDone,
      ratedPercent: team.ratingsPercent,
      notDone,
      toReview: team.toReview,
      gaps: { first: !previous, since: previous?.taken_at ?? null, skills },
    },
  };
}
