import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { ratings } from '@/db/schema';
import {
  TEAMS_SNAPSHOT_STALE_AFTER_MS,
  computeTeamCompletionSnapshot,
  loadTeamsList,
} from '@/lib/insight/team-completion-snapshot';
import { loadVisibleTeams } from '@/lib/insight/visible-teams';
import type { SessionContext } from '@/lib/auth/session';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';
import { SAMPLE_TREE, createCycle, createFramework, createTeam, rateAll } from '../../fixtures/profile-fixture';
import { statementLog } from '../../fixtures/statement-log';

/**
 * Decision 0015: a large organization's admin reads the /teams figures from a snapshot written with the live
 * list's own statement. Whatever is stored must equal the live definition (lib/assessments/completion*.ts) at
 * the snapshot's time: this holds the two to the same answer on an organization that exercises the rule
 * (carried-over ratings unconfirmed and confirmed, ratings outside the cycle, a team on its own cycle and
 * framework, a team without members), and shows a snapshot never passes another cycle's figures off as current.
 * `minPairs: 1` makes this small organization "large".
 */
const log = statementLog();
let database: TestDatabase;
let org: string;
let admin: SessionContext;
let platform: string;
let data: string;
let empty: string;
let orgCycle: string;
let frameworkId: string;
let skills: string[];
let mia: SessionContext;

const large = { minPairs: 1 };

beforeAll(async () => {
  database = await createTestDatabase({ logger: log.logger });
  const { db } = database;
  org = await createOrganization(db, 'Snapshot Co');
  const framework = await createFramework(db, org, SAMPLE_TREE, 'main');
  const other = await createFramework(db, org, SAMPLE_TREE.map(renamed), 'other');
  frameworkId = framework.frameworkId;
  skills = skillIdsOf(framework.nodes, SAMPLE_TREE);
  const otherSkills = skillIdsOf(other.nodes, SAMPLE_TREE.map(renamed));

  admin = await createMember(db, org, 'admin', 'Ada Admin');
  mia = await createMember(db, org, 'member', 'Mia Member');
  const ben = await createMember(db, org, 'member', 'Ben Builder');
  const cleo = await createMember(db, org, 'member', 'Cleo Carry');
  const dora = await createMember(db, org, 'member', 'Dora Data');
  platform = await createTeam(db, org, 'Platform', [mia.membership.id, ben.membership.id, cleo.membership.id]);
  data = await createTeam(db, org, 'Data', [dora.membership.id]);
  empty = await createTeam(db, org, 'Empty', []);

  orgCycle = await createCycle(db, org, frameworkId, {
    name: '2026 Q2',
    opensOn: '2026-04-01',
    closesOn: '2026-12-31',
  });
  const dataCycle = await createCycle(db, org, other.frameworkId, {
    name: 'Data 2026',
    opensOn: '2026-04-02',
    closesOn: '2026-12-31',
    teamId: data,
  });
  // Mia: carried over, half confirmed; Ben: rated all himself; Cleo: some; ratings outside the cycle for Mia.
  await db.insert(ratings).values(
    skills.map((skillId, index) => ({
      organizationId: org,
      cycleId: orgCycle,
      membershipId: mia.membership.id,
      skillId,
      source: 'self' as const,
      level: 3,
      carriedOver: true,
      confirmedAt: index % 2 === 0 ? new Date() : null,
      ratedByMembershipId: mia.membership.id,
    })),
  );
  await rateAll(db, org, orgCycle, mia.membership.id, otherSkills, 4);
  await rateAll(db, org, orgCycle, ben.membership.id, skills, 2);
  await rateAll(db, org, orgCycle, cleo.membership.id, skills.slice(0, 2), 1);
  await rateAll(db, org, dataCycle, dora.membership.id, otherSkills, 1);
}, 60_000);

afterAll(async () => {
  await database?.close();
});

function renamed(area: (typeof SAMPLE_TREE)[number]): (typeof SAMPLE_TREE)[number] {
  const rename = (node: (typeof SAMPLE_TREE)[number]): (typeof SAMPLE_TREE)[number] => ({
    ...node,
    key: `${node.key}-2`,
    children: node.children?.map(rename),
  });
  return rename(area);
}

function skillIdsOf(nodes: Record<string, string>, tree: typeof SAMPLE_TREE): string[] {
  const keys: string[] = [];
  const walk = (node: (typeof SAMPLE_TREE)[number]) => {
    if (node.kind === 'skill') keys.push(node.key);
    node.children?.forEach(walk);
  };
  tree.forEach(walk);
  return keys.map((key) => nodes[key]!);
}

async function queuedSnapshotJobs(): Promise<number> {
  const result = await database.db.execute(
    sql`select count(*)::int as n from pgboss.job where name = 'teams.completion-snapshot' and state = 'created'`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

describe('/teams completion snapshot (decision 0015)', () => {
  it('a small organization stays live (the size check, then the live list), with no snapshot asked for', async () => {
    let list: Awaited<ReturnType<typeof loadTeamsList>> | undefined;
    const statements = await log.record(async () => {
      list = await loadTeamsList(database.db, admin, 3);
    });
    expect(list!.snapshot).toBeNull();
    expect(list!.teams).toEqual(await loadVisibleTeams(database.db, admin, 3));
    // The size check, then the live list.
    expect(statements).toHaveLength(2);
    expect(await queuedSnapshotJobs()).toBe(0);
  });

  it('without a snapshot, a large organization shows no figures and asks for one', async () => {
    const list = await loadTeamsList(database.db, admin, 3, large);
    expect(list.snapshot).toMatchObject({ computedAt: null, refreshing: true });
    expect([...list.snapshot!.pending].sort()).toEqual([data, empty, platform].sort());
    expect(list.teams.map((team) => [team.name, team.memberCount, team.completion, team.teamMean])).toEqual([
      ['Data', 1, null, null],
      ['Empty', 0, null, null],
      ['Platform', 3, null, null],
    ]);
    expect(await queuedSnapshotJobs()).toBe(1);
  });

  it('stores exactly the live figures, and reads them in one statement', async () => {
    const live = await loadVisibleTeams(database.db, admin, 3);
    const asOf = await computeTeamCompletionSnapshot(database.db, org);
    let list: Awaited<ReturnType<typeof loadTeamsList>> | undefined;
    const statements = await log.record(async () => {
      list = await loadTeamsList(database.db, admin, 3, { ...large, now: new Date(asOf.getTime() + 1000) });
    });
    expect(statements).toHaveLength(1);
    expect(list!.snapshot).toEqual({ computedAt: asOf, pending: new Set(), refreshing: false });
    expect(list!.teams).toEqual(live);
    // The fixture exercises the rule: the sums are not trivially equal.
    const platformRow = live.find((team) => team.id === platform)!;
    expect(platformRow.completion?.ratings).toMatchObject({ confirmed: 4, toConfirm: 3, rated: 9 });
  });

  it('shows a change only after the next computation, with its time, and then equals live again', async () => {
    const before = await computeTeamCompletionSnapshot(database.db, org);
    await database.db
      .update(ratings)
      .set({ confirmedAt: new Date() })
      .where(and(eq(ratings.membershipId, mia.membership.id), eq(ratings.cycleId, orgCycle)));
    const live = await loadVisibleTeams(database.db, admin, 3);
    const old = await loadTeamsList(database.db, admin, 3, { ...large, now: before });
    expect(old.teams).not.toEqual(live);
    expect(old.snapshot?.computedAt).toEqual(before);

    // Older than the stale bound: shown, and a new one is asked for.
    const later = await loadTeamsList(database.db, admin, 3, {
      ...large,
      now: new Date(before.getTime() + TEAMS_SNAPSHOT_STALE_AFTER_MS + 1),
    });
    expect(later.snapshot?.refreshing).toBe(true);
    expect(later.teams).toEqual(old.teams);

    const after = await computeTeamCompletionSnapshot(database.db, org);
    const fresh = await loadTeamsList(database.db, admin, 3, { ...large, now: after });
    expect(fresh.teams).toEqual(live);
  });

  it('never shows one cycle’s figures for another: a team with a newer cycle is pending', async () => {
    await computeTeamCompletionSnapshot(database.db, org);
    await createCycle(database.db, org, frameworkId, {
      name: 'Platform H2',
      opensOn: '2026-04-03',
      closesOn: '2026-12-31',
      teamId: platform,
    });
    const list = await loadTeamsList(database.db, admin, 3, large);
    expect([...list.snapshot!.pending]).toEqual([platform]);
    const row = list.teams.find((team) => team.id === platform)!;
    expect(row).toMatchObject({ cycleName: 'Platform H2', completion: null, memberCount: 3 });
    await computeTeamCompletionSnapshot(database.db, org);
    expect((await loadTeamsList(database.db, admin, 3, large)).teams).toEqual(
      await loadVisibleTeams(database.db, admin, 3),
    );
  });

  it('a manager is always live', async () => {
    const manager = await createMember(database.db, org, 'manager', 'Max Manager');
    const list = await loadTeamsList(database.db, manager, 3, large);
    expect(list.snapshot).toBeNull();
  });
});
