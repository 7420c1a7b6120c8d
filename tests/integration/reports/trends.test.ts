import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratings, teamManagers } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { loadOrganizationTrends } from '@/lib/reports/trends';
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
 * Issue 18, organization trends: three cycles (Q1, Q2 closed; Q3 open) and a
 * scheduled one that must not appear. Targets: Technical 3, DevOps 2,
 * Decorators 4 (one role profile for everybody). Every expected figure below
 * is worked out by hand from the ratings in `beforeAll`.
 */
let database: TestDatabase;
let org: string;
let fw: BuiltFramework;
let admin: SessionContext;
let manager: SessionContext;
let platform: string;
let data: string;

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

const ALL = ['decorators', 'generators', 'pytest', 'mocking', 'aws', 'gcp', 'docker'];
const every = (level: number): Spec => Object.fromEntries(ALL.map((key) => [key, level]));

beforeAll(async () => {
  database = await createTestDatabase();
  org = await createOrganization(database.db, 'Trend Co');
  fw = await createFramework(database.db, org, SAMPLE_TREE);
  admin = await createMember(database.db, org, 'admin', 'Ada Admin');
  manager = await createMember(database.db, org, 'manager', 'Max Manager');
  const ann = await createMember(database.db, org, 'member', 'Ann');
  const bob = await createMember(database.db, org, 'member', 'Bob');
  const cid = await createMember(database.db, org, 'member', 'Cid');
  platform = await createTeam(database.db, org, 'Platform', [ann.membership.id, bob.membership.id]);
  data = await createTeam(database.db, org, 'Data', [cid.membership.id]);
  await database.db
    .insert(teamManagers)
    .values({ organizationId: org, teamId: platform, membershipId: manager.membership.id });
  const profile = await createRoleProfile(database.db, org, 'Engineer', {
    [fw.nodes.tech!]: 3,
    [fw.nodes.devops!]: 2,
    [fw.nodes.decorators!]: 4,
  });
  for (const who of [ann, bob, cid]) await assignRoleProfile(database.db, org, who.membership.id, profile);

  const cycle = (name: string, opensOn: string, status: 'open' | 'closed') =>
    createCycle(database.db, org, fw.frameworkId, { name, status, opensOn, closesOn: `${opensOn.slice(0, 4)}-12-31` });
  const q1 = await cycle('2026 Q1', '2026-01-01', 'closed');
  const q2 = await cycle('2026 Q2', '2026-04-01', 'closed');
  const q3 = await cycle('2026 Q3', '2026-07-01', 'open');
  const later = await cycle('2099 Q1', '2099-01-01', 'open'); // scheduled: no trend column
  await rateIn(later, ann.membership.id, every(4));

  await rateIn(q1, ann.membership.id, {
    decorators: 1,
    generators: 2,
    pytest: 3,
    mocking: 3,
    aws: 1,
    gcp: 2,
    docker: 2,
  });
  await rateIn(q1, bob.membership.id, every(2));
  await rateIn(q1, cid.membership.id, every(4));

  await rateIn(q2, ann.membership.id, {
    decorators: 3,
    generators: 2,
    pytest: 3,
    mocking: 3,
    aws: 2,
    gcp: 2,
    docker: 2,
  });
  await rateIn(q2, bob.membership.id, {
    // Carried over, never confirmed: not Bob's word for Q2, so it counts nowhere.
    decorators: { level: 2, carried: 'unconfirmed' },
    generators: 3,
    pytest: { level: 2, carried: 'confirmed' },
  });
  await rateIn(q2, cid.membership.id, every(4));

  await rateIn(q3, ann.membership.id, { decorators: 4, generators: 3 });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe('organization trends', () => {
  it('gives the admin the average per area and section per cycle, oldest first, done levels only', async () => {
    const trends = await loadOrganizationTrends(database.db, admin);
    expect(trends.cycles.map((c) => [c.name, c.status, c.raters])).toEqual([
      ['2026 Q1', 'closed', 3],
      ['2026 Q2', 'closed', 3],
      ['2026 Q3', 'open', 1],
    ]);
    expect(trends.areas.map((a) => [a.name, a.values])).toEqual([
      // Q1 33/12; Q2 (11 + 5 + 16)/10 — Bob's unconfirmed carried-over 2 left out (with it: 34/11 = 3.09); Q3 7/2.
      ['Technical', [2.75, 3.2, 3.5]],
      // Q1 23/9; Q2 18/6; nothing in Q3.
      ['DevOps', [2.56, 3, null]],
    ]);
    expect(trends.sections.map((s) => [s.name, s.areaName, s.values])).toEqual([
      // Q2 Python: Ann 3 + 2, Bob 3 (his decorators left out), Cid 4 + 4 = 16/5.
      ['Python', 'Technical', [2.5, 3.2, 3.5]],
      ['Testing', 'Technical', [3, 3.2, null]],
      ['Cloud', 'DevOps', [2.5, 3, null]],
      ['Containers', 'DevOps', [2.67, 3, null]],
    ]);
  });

  it('counts the gaps of each cycle closed or narrowed in the next', async () => {
    const trends = await loadOrganizationTrends(database.db, admin);
    expect(trends.gapsClosed).toEqual([
      // Q1 gaps: Ann decorators, generators, aws; Bob decorators, generators, pytest, mocking.
      // Closed in Q2: Ann aws (1 → 2), Bob generators (2 → 3); narrowed: Ann decorators (1 → 3 of 4).
      expect.objectContaining({ label: '2026 Q1 → 2026 Q2', gaps: 7, closed: 2, narrowed: 1 }),
      // Q2 gaps: Ann decorators (3 of 4), generators; Bob pytest (confirmed 2). Ann closes both in Q3.
      expect.objectContaining({ label: '2026 Q2 → 2026 Q3', gaps: 3, closed: 2, narrowed: 0 }),
    ]);
    expect(trends.gapsClosedByArea.map((row) => [row.label, row.areaName, row.gaps, row.closed, row.narrowed])).toEqual(
      [
        ['2026 Q1 → 2026 Q2', 'Technical', 6, 1, 1],
        ['2026 Q1 → 2026 Q2', 'DevOps', 1, 1, 0],
        ['2026 Q2 → 2026 Q3', 'Technical', 3, 2, 0],
      ],
    );
  });

  it('limits a manager to the teams they manage, whatever team the link names', async () => {
    const trends = await loadOrganizationTrends(database.db, manager, { team: data });
    expect(trends.teams.map((t) => t.name)).toEqual(['Platform']);
    expect(trends.teamId).toBeNull();
    expect(trends.cycles.map((c) => c.raters)).toEqual([2, 2, 1]);
    // Ann and Bob only: Q1 17/8 and 11/6; Q2 16/6 and 6/3.
    expect(trends.areas.map((a) => a.values)).toEqual([
      [2.13, 2.67, 3.5],
      [1.83, 2, null],
    ]);
    expect(trends.gapsClosed.map((pair) => [pair.gaps, pair.closed, pair.narrowed])).toEqual([
      [7, 2, 1],
      [3, 2, 0],
    ]);
  });

  it('narrows an admin to one team on request', async () => {
    const trends = await loadOrganizationTrends(database.db, admin, { team: data });
    expect(trends.teamId).toBe(data);
    expect(trends.areas.map((a) => a.values)).toEqual([
      [4, 4, null],
      [4, 4, null],
    ]);
    expect(trends.gapsClosed.map((pair) => pair.gaps)).toEqual([0, 0]);
  });

  it('has nothing to compare for a manager without teams', async () => {
    const other = await createMember(database.db, org, 'manager', 'Nia New');
    const trends = await loadOrganizationTrends(database.db, other);
    expect(trends.teams).toEqual([]);
    // Organization-wide cycles still exist for them, but no member's ratings count.
    expect(trends.areas).toEqual([]);
  });
});
