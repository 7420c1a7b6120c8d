import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, isNull, max, min, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  assessmentCycles,
  frameworks,
  memberships,
  organizations,
  ratingHistory,
  ratings,
  roleProfileTargets,
  roleProfiles,
  skillNodes,
  teamManagers,
  teamMembers,
  teamTargets,
  teams,
  users,
} from '@/db/schema';
import { verifyPassword } from '@/lib/auth/password';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_MANAGER_EMAIL,
  DEMO_MEMBER_EMAIL,
  DEMO_ORGANIZATION_SLUG,
  DEMO_PASSWORD,
  seedDemoOrganization,
  type DemoSummary,
} from '@/lib/demo/seed-demo';
import { loadOrganizationTrends } from '@/lib/reports/trends';
import { resolvedTargetsForMembers } from '@/lib/roles/resolve-targets';
import { createTestDatabase, type TestDatabase } from '../fixtures/db';

let database: TestDatabase;
let first: DemoSummary;
let organizationId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  first = await seedDemoOrganization(database.db);
  const [org] = await database.db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, DEMO_ORGANIZATION_SLUG));
  organizationId = org?.id ?? '';
}, 120_000);

afterAll(async () => {
  await database?.close();
});

async function countOf(table: PgTable, where?: SQL): Promise<number> {
  const [row] = await database.db.select({ value: count() }).from(table).where(where);
  return row?.value ?? 0;
}

/** Every table the seed writes to, so that "nothing changed" means nothing at all. */
async function snapshot(): Promise<Record<string, number>> {
  const tables = {
    organizations,
    users,
    memberships,
    teams,
    teamMembers,
    teamManagers,
    teamTargets,
    frameworks,
    skillNodes,
    roleProfiles,
    roleProfileTargets,
    assessmentCycles,
    ratings,
    ratingHistory,
  } satisfies Record<string, PgTable>;
  const entries = await Promise.all(
    Object.entries(tables).map(async ([name, table]) => [name, await countOf(table)] as const),
  );
  return Object.fromEntries(entries);
}

describe('seedDemoOrganization', () => {
  it('creates the organization, its people and teams', async () => {
    expect(organizationId).not.toBe('');
    expect(first).toMatchObject({ organizationSlug: 'demo', teams: 3 });
    expect(await countOf(teams, eq(teams.organizationId, organizationId))).toBe(3);

    const active = await countOf(
      memberships,
      and(eq(memberships.organizationId, organizationId), eq(memberships.status, 'active')),
    );
    expect(active).toBeGreaterThanOrEqual(28);
    expect(active).toBeLessThanOrEqual(40);
    expect(first.users).toBe(active);
    expect(
      await countOf(memberships, and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'admin'))),
    ).toBe(1);
    expect(
      await countOf(memberships, and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'manager'))),
    ).toBe(3);
    expect(await countOf(teamManagers, eq(teamManagers.organizationId, organizationId))).toBe(3);
    // Managers are members of their own team too, so they rate themselves.
    expect(await countOf(teamMembers, eq(teamMembers.organizationId, organizationId))).toBe(active - 1);
    expect(await countOf(teamTargets, eq(teamTargets.organizationId, organizationId))).toBeGreaterThan(0);
    expect(await countOf(roleProfileTargets, eq(roleProfileTargets.organizationId, organizationId))).toBeGreaterThan(0);
    const withoutProfile = await countOf(
      memberships,
      and(eq(memberships.organizationId, organizationId), isNull(memberships.roleProfileId)),
    );
    expect(withoutProfile).toBe(1); // the admin, who rates nothing
  });

  it('gives the documented accounts the demo password', async () => {
    expect(first.signIn.map((s) => s.email)).toEqual(
      expect.arrayContaining([DEMO_ADMIN_EMAIL, DEMO_MANAGER_EMAIL, DEMO_MEMBER_EMAIL]),
    );
    const [member] = await database.db.select().from(users).where(eq(users.email, DEMO_MEMBER_EMAIL));
    expect(member?.passwordHash).toBeTruthy();
    expect(await verifyPassword(member?.passwordHash ?? '', DEMO_PASSWORD)).toBe(true);
  });

  it('imports the seed framework with 320 skills', async () => {
    const skills = await countOf(
      skillNodes,
      and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.kind, 'skill'), isNull(skillNodes.archivedAt)),
    );
    expect(skills).toBe(320);
    expect(
      await countOf(skillNodes, and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.kind, 'area'))),
    ).toBe(3);
  });

  it('creates a closed and an open cycle, both with ratings', async () => {
    const cycles = await database.db
      .select({ id: assessmentCycles.id, name: assessmentCycles.name, status: assessmentCycles.status })
      .from(assessmentCycles)
      .where(eq(assessmentCycles.organizationId, organizationId));
    expect(cycles).toHaveLength(2);
    expect(cycles.filter((c) => c.status === 'open').map((c) => c.name)).toEqual(['2026 Q4']);
    expect(cycles.filter((c) => c.status === 'closed').map((c) => c.name)).toEqual(['2026 Q2']);
    for (const cycle of cycles) {
      expect(await countOf(ratings, eq(ratings.cycleId, cycle.id))).toBeGreaterThan(1_000);
    }
    const managerRatings = await countOf(
      ratings,
      and(eq(ratings.organizationId, organizationId), eq(ratings.source, 'manager')),
    );
    expect(managerRatings).toBeGreaterThan(0);
  });

  it('keeps levels on the scale and a history row for every rating', async () => {
    const [range] = await database.db
      .select({ low: min(ratings.level), high: max(ratings.level) })
      .from(ratings)
      .where(eq(ratings.organizationId, organizationId));
    expect(range?.low).toBeGreaterThanOrEqual(0);
    expect(range?.high).toBeLessThanOrEqual(4);
    // Plausible data uses the whole scale, not one level everywhere.
    expect(range?.low).toBe(0);
    expect(range?.high).toBe(4);

    const ratingCount = await countOf(ratings, eq(ratings.organizationId, organizationId));
    expect(first.ratings).toBe(ratingCount);
    expect(await countOf(ratingHistory, eq(ratingHistory.organizationId, organizationId))).toBeGreaterThanOrEqual(
      ratingCount,
    );
    expect(
      await countOf(ratings, and(eq(ratings.organizationId, organizationId), eq(ratings.notApplicable, true))),
    ).toBeGreaterThan(0);
    expect(
      await countOf(ratings, and(eq(ratings.organizationId, organizationId), eq(ratings.interest, true))),
    ).toBeGreaterThan(0);
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot();
    const second = await seedDemoOrganization(database.db);
    expect(second).toEqual(first);
    expect(await snapshot()).toEqual(before);
  });
});

describe('organization trends on the demo (issue 18)', () => {
  it('match the seeded ratings, counted independently: means per area and gaps closed from Q2 to Q4', async () => {
    const [admin] = await database.db
      .select({ userId: users.id, membershipId: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, organizationId), eq(users.email, DEMO_ADMIN_EMAIL)));
    const actor = {
      user: { id: admin!.userId },
      membership: { id: admin!.membershipId, role: 'admin' as const, organizationId },
    };
    const trends = await loadOrganizationTrends(database.db, actor);
    expect(trends.cycles.map((cycle) => cycle.name)).toEqual(['2026 Q2', '2026 Q4']);

    // Independently: every self rating with a level, done in its cycle (rated, or carried over and confirmed).
    const rows = await database.db
      .select({
        cycleId: ratings.cycleId,
        membershipId: ratings.membershipId,
        skillId: ratings.skillId,
        level: ratings.level,
        carriedOver: ratings.carriedOver,
        confirmedAt: ratings.confirmedAt,
      })
      .from(ratings)
      .where(and(eq(ratings.organizationId, organizationId), eq(ratings.source, 'self')));
    const done = rows.filter((r) => r.level !== null && (!r.carriedOver || r.confirmedAt !== null));
    const nodes = await database.db
      .select({ id: skillNodes.id, name: skillNodes.name, ancestorIds: skillNodes.ancestorIds })
      .from(skillNodes)
      .where(eq(skillNodes.organizationId, organizationId));
    const nameOf = new Map(nodes.map((node) => [node.id, node.name]));
    const areaOf = new Map(nodes.map((node) => [node.id, nameOf.get(node.ancestorIds[0] ?? '') ?? '']));
    const mean = (values: number[]) =>
      values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null;
    for (const area of trends.areas) {
      const expected = trends.cycles.map((cycle) =>
        mean(done.filter((r) => r.cycleId === cycle.id && areaOf.get(r.skillId) === area.name).map((r) => r.level!)),
      );
      expect(area.values, area.name).toEqual(expected);
    }

    const [q2, q4] = trends.cycles.map((cycle) => cycle.id);
    const targets = new Map(
      (
        await resolvedTargetsForMembers(database.db, {
          organizationId,
          frameworkId: trends.frameworkId!,
          memberships: sql`select id from memberships where organization_id = ${organizationId}`,
        })
      ).map((t) => [`${t.membershipId}/${t.skillId}`, t.target]),
    );
    const later = new Map(
      done.filter((r) => r.cycleId === q4).map((r) => [`${r.membershipId}/${r.skillId}`, r.level!]),
    );
    let gaps = 0;
    let closed = 0;
    let narrowed = 0;
    for (const r of done.filter((row) => row.cycleId === q2)) {
      const key = `${r.membershipId}/${r.skillId}`;
      const target = targets.get(key);
      if (target === null || target === undefined || target <= r.level!) continue;
      gaps += 1;
      const next = later.get(key);
      if (next !== undefined && next >= target) closed += 1;
      else if (next !== undefined && next > r.level!) narrowed += 1;
    }
    expect(gaps).toBeGreaterThan(0);
    expect(trends.gapsClosed).toEqual([expect.objectContaining({ gaps, closed, narrowed })]);
  });
});
