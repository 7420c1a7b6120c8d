import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, parseRows } from '@/db/rows';
import { ratings, teamManagers } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { closeCycle, reopenCycle } from '@/lib/cycles/manage-cycles';
import { eraseMember } from '@/lib/portability/erase-member';
import { refreshTrendAggregates } from '@/lib/reports/trend-aggregates';
import { loadOrganizationTrends, type OrganizationTrends, type TrendsQuery } from '@/lib/reports/trends';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';
import {
  SAMPLE_TREE,
  assignRoleProfile,
  createCycle,
  createFramework,
  createRoleProfile,
  createTeam,
  type BuiltFramework,
} from '../../fixtures/profile-fixture';

/**
 * Issue 18, precomputed trend figures (lib/reports/trend-aggregates.ts, decision 0014): what the page
 * reads from the aggregates equals what it computes live from the ratings — for the organization (Bob,
 * in two teams, counted once), for each team, for a manager whose teams do not share anyone (team rows
 * summed) and for one whose teams share Bob (read live: team rows cannot be summed) — and a reopen
 * outdates a cycle's figures.
 */
let database: TestDatabase;
let org: string;
let fw: BuiltFramework;
let admin: SessionContext;
let overlapManager: SessionContext;
let splitManager: SessionContext;
let teamIds: string[];
let q2: string;
let q3: string;
let cidId: string;
let deeId: string;

type Spec = Record<string, number | { level: number; carried: 'unconfirmed' | 'confirmed' }>;

async function rateIn(cycleId: string, membershipId: string, spec: Spec) {
  await database.db.insert(ratings).values(
    Object.entries(spec).map(([key, value]) => {
      const carried = typeof value === 'object' ? value.carried : null;
      return {
        organizationId: org,
        cycleId,
        membershipId,
        skillId: fw.nodes[key]!,
        source: 'self' as const,
        level: typeof value === 'object' ? value.level : value,
        carriedOver: carried !== null,
        confirmedAt: carried === 'confirmed' ? new Date('2026-05-01T00:00:00Z') : null,
        ratedByMembershipId: membershipId,
      };
    }),
  );
}

/** The figures only: how they were obtained (as of, pending, refresh) is what differs on purpose. */
function figures(trends: OrganizationTrends) {
  return {
    cycles: trends.cycles.map(({ id, name, status, raters }) => ({ id, name, status, raters })),
    areas: trends.areas,
    sections: trends.sections,
    gapsClosed: trends.gapsClosed.map(({ pending: _pending, ...rest }) => rest),
    gapsClosedByArea: trends.gapsClosedByArea,
  };
}

/** Every view the test compares: the admin's organization and each team, and the two managers. */
function views(): [string, SessionContext, TrendsQuery][] {
  return [
    ['admin, organization', admin, {}],
    ...teamIds.map((team, index): [string, SessionContext, TrendsQuery] => [`admin, team ${index}`, admin, { team }]),
    ['manager of Platform and Data (Bob in both)', overlapManager, {}],
    ['manager of Platform and Ops', splitManager, {}],
  ];
}

async function liveFigures() {
  const out: Record<string, ReturnType<typeof figures>> = {};
  for (const [name, actor, query] of views())
    out[name] = figures(await loadOrganizationTrends(database.db, actor, query));
  return out;
}

async function headerCount(cycleId: string): Promise<number> {
  const [row] = parseRows(
    await database.db.execute(
      sql`select count(*)::int as n from trend_cycle_figures where organization_id = ${org} and cycle_id = ${cycleId}`,
    ),
    z.object({ n: column.number }),
  );
  return Number(row?.n ?? 0);
}

beforeAll(async () => {
  database = await createTestDatabase();
  org = await createOrganization(database.db, 'Aggregate Co');
  fw = await createFramework(database.db, org, SAMPLE_TREE);
  admin = await createMember(database.db, org, 'admin', 'Ada Admin');
  overlapManager = await createMember(database.db, org, 'manager', 'Olga Overlap');
  splitManager = await createMember(database.db, org, 'manager', 'Sam Split');
  const [ann, bob, cid, dee] = await Promise.all(
    ['Ann', 'Bob', 'Cid', 'Dee'].map((name) => createMember(database.db, org, 'member', name)),
  );
  cidId = cid!.membership.id;
  deeId = dee!.membership.id;
  const platform = await createTeam(database.db, org, 'Platform', [ann!.membership.id, bob!.membership.id]);
  const data = await createTeam(database.db, org, 'Data', [bob!.membership.id, cid!.membership.id]);
  const ops = await createTeam(database.db, org, 'Ops', [dee!.membership.id]);
  teamIds = [platform, data, ops];
  await database.db.insert(teamManagers).values([
    { organizationId: org, teamId: platform, membershipId: overlapManager.membership.id },
    { organizationId: org, teamId: data, membershipId: overlapManager.membership.id },
    { organizationId: org, teamId: platform, membershipId: splitManager.membership.id },
    { organizationId: org, teamId: ops, membershipId: splitManager.membership.id },
  ]);
  const profile = await createRoleProfile(database.db, org, 'Engineer', {
    [fw.nodes.tech!]: 3,
    [fw.nodes.devops!]: 2,
    [fw.nodes.decorators!]: 4,
  });
  for (const who of [ann, bob, cid, dee]) await assignRoleProfile(database.db, org, who!.membership.id, profile);

  const cycle = (name: string, opensOn: string, status: 'open' | 'closed') =>
    createCycle(database.db, org, fw.frameworkId, { name, status, opensOn, closesOn: `${opensOn.slice(0, 4)}-12-31` });
  const q1 = await cycle('2026 Q1', '2026-01-01', 'closed');
  q2 = await cycle('2026 Q2', '2026-04-01', 'closed');
  q3 = await cycle('2026 Q3', '2026-07-01', 'open');

  await rateIn(q1, ann!.membership.id, { decorators: 1, generators: 2, pytest: 3, aws: 1, docker: 2 });
  await rateIn(q1, bob!.membership.id, { decorators: 2, generators: 2, pytest: 2, mocking: 2, gcp: 1 });
  await rateIn(q1, cid!.membership.id, { decorators: 4, aws: 3, gcp: 3 });
  await rateIn(q1, dee!.membership.id, { pytest: 1, docker: 1 });
  await rateIn(q2, ann!.membership.id, { decorators: 3, generators: 3, pytest: 3, aws: 2, docker: 2 });
  await rateIn(q2, bob!.membership.id, {
    decorators: { level: 2, carried: 'unconfirmed' },
    generators: 3,
    pytest: { level: 2, carried: 'confirmed' },
    gcp: 2,
  });
  await rateIn(q2, cid!.membership.id, { decorators: 4, aws: 1 });
  await rateIn(q2, dee!.membership.id, { pytest: 3, docker: 2, mocking: 2 });
  await rateIn(q3, bob!.membership.id, { decorators: 4, pytest: 3 });
  await rateIn(q3, dee!.membership.id, { docker: 3 });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe('precomputed trend figures', () => {
  it('equal the live computation for the organization, each team and both managers', async () => {
    const live = await liveFigures();
    // The scenario is not empty: the comparison below compares figures, not two empty lists.
    expect(live['admin, organization']!.cycles.map((c) => c.raters)).toEqual([4, 4, 2]);
    expect(live['admin, organization']!.gapsClosed.map((p) => p.gaps)).toEqual([10, 4]);

    const { computed } = await refreshTrendAggregates(database.db, org);
    // The two closed cycles; the open one of a small organization stays live.
    expect(computed.map((c) => c.status)).toEqual(['closed', 'closed']);
    // The organization and each of the three teams.
    expect(await headerCount(q2)).toBe(4);
    expect(await headerCount(q3)).toBe(0);

    for (const [name, actor, query] of views()) {
      const read = await loadOrganizationTrends(database.db, actor, query);
      expect(figures(read), name).toEqual(live[name]);
    }
    const again = await refreshTrendAggregates(database.db, org);
    expect(again.computed).toEqual([]);
  });

  it('reads the closed cycles from the aggregates: a changed aggregate shows, the live ratings do not', async () => {
    // Proof that the page reads the stored rows (not the ratings) for closed cycles.
    const stored = await loadOrganizationTrends(database.db, admin);
    await database.db.execute(
      sql`update trend_skill_figures set level_sum = level_sum + level_count
          where organization_id = ${org} and cycle_id = ${q2} and team_id is null`,
    );
    try {
      const trends = await loadOrganizationTrends(database.db, admin);
      expect(trends.areas.map((a) => a.values[1])).toEqual(
        stored.areas.map((a) => expect.closeTo(a.values[1]! + 1, 5)),
      );
      // The open cycle is still live.
      expect(trends.areas.map((a) => a.values[2])).toEqual(stored.areas.map((a) => a.values[2]));
    } finally {
      await database.db.execute(
        sql`update trend_skill_figures set level_sum = level_sum - level_count
            where organization_id = ${org} and cycle_id = ${q2} and team_id is null`,
      );
    }
  });

  it('snapshots the open cycle above the live limit, and shows it as being prepared until then', async () => {
    const live = figures(await loadOrganizationTrends(database.db, admin));
    const before = await loadOrganizationTrends(database.db, admin, {}, { liveMemberLimit: 0 });
    expect(before.cycles.map((c) => c.pending)).toEqual([false, false, true]);
    expect(before.gapsClosed.map((p) => p.pending)).toEqual([false, true]);
    expect(before.refresh).toBe(true);

    const { computed } = await refreshTrendAggregates(database.db, org, { liveMemberLimit: 0 });
    expect(computed.map((c) => c.cycleId)).toEqual([q3]);
    const after = await loadOrganizationTrends(database.db, admin, {}, { liveMemberLimit: 0 });
    expect(after.cycles.map((c) => [c.pending, c.asOf !== null])).toEqual([
      [false, false],
      [false, false],
      [false, true],
    ]);
    expect(after.refresh).toBe(false);
    expect(figures(after)).toEqual(live);
    // Back to a small organization: the snapshot is dropped, the open cycle is read live again.
    await refreshTrendAggregates(database.db, org);
    expect(await headerCount(q3)).toBe(0);
  });

  it('computes a cycle when it closes and drops its figures when it is reopened', async () => {
    await database.db.transaction(async (tx) => {
      expect((await closeCycle(tx as unknown as typeof database.db, org, q3)).ok).toBe(true);
    });
    await refreshTrendAggregates(database.db, org);
    expect(await headerCount(q3)).toBe(4);
    const closed = await liveFigures();
    for (const [name, actor, query] of views()) {
      expect(figures(await loadOrganizationTrends(database.db, actor, query)), name).toEqual(closed[name]);
    }

    await database.db.transaction(async (tx) => {
      expect((await reopenCycle(tx as unknown as typeof database.db, org, q3)).ok).toBe(true);
    });
    expect(await headerCount(q3)).toBe(0);
    // Reopened, its ratings change again, and the page follows them.
    await rateIn(q3, deeId, { pytest: 4 });
    const reopened = await loadOrganizationTrends(database.db, admin);
    expect(reopened.cycles[2]!.raters).toBe(2);
    expect(reopened.sections.find((s) => s.name === 'Testing')!.values[2]).toBe(3.5);
  });

  it('drops the figures of the cycles an erased member rated in, and recomputes them without them', async () => {
    await refreshTrendAggregates(database.db, org);
    expect(await headerCount(q2)).toBe(4);
    await database.db.transaction(async (tx) => {
      const erased = await eraseMember(tx as unknown as typeof database.db, org, cidId, {
        keepAggregates: false,
        actorMembershipId: admin.membership.id,
      });
      expect(erased.ok).toBe(true);
    });
    expect(await headerCount(q2)).toBe(0);
    const live = await liveFigures();
    expect(live['admin, organization']!.cycles.map((c) => c.raters)).toEqual([3, 3, 2]);
    await refreshTrendAggregates(database.db, org);
    expect(await headerCount(q2)).toBe(4);
    for (const [name, actor, query] of views()) {
      expect(figures(await loadOrganizationTrends(database.db, actor, query)), name).toEqual(live[name]);
    }
  });
});
