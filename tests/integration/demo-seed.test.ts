import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, isNull, max, min, type SQL } from 'drizzle-orm';
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
