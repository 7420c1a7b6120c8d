import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import { assessmentCycles } from '@/db/schema';
import { visibleMemberIds, visibleTeamIds } from '@/lib/auth/authorize';
import {
  currentCycleIdSql,
  findCurrentCycle,
  findOpenCycle,
  findSubjectCycle,
  listSubjectCycles,
} from '@/lib/cycles/current';
import { loadVisibleTeams } from '@/lib/insight/visible-teams';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember } from '../../fixtures/actors';
import { buildWorld, type World } from '../../fixtures/world';

/**
 * The one rule of "which cycle" (lib/cycles/current.ts) and the visibility
 * filters (lib/auth/authorize.ts), on a world where an organization-wide
 * cycle and a team cycle are open at once.
 */
let database: TestDatabase;
let w: World;
let teamCycle: string;
let oldClosed: string;
let newClosed: string;

async function insertCycle(values: {
  name: string;
  status?: 'open' | 'closed';
  opensOn: string;
  teamId?: string | null;
}): Promise<string> {
  const [row] = await database.db
    .insert(assessmentCycles)
    .values({
      organizationId: w.orgA,
      frameworkId: w.framework.frameworkId,
      name: values.name,
      status: values.status ?? 'open',
      opensOn: values.opensOn,
      closesOn: '2027-06-30',
      teamId: values.teamId ?? null,
    })
    .returning({ id: assessmentCycles.id });
  if (!row) throw new Error('insert failed');
  return row.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database.db);
  // The world's organization-wide "2026 Q4" (opens 2026-10-01) is open; team A1 opens its own, older one.
  teamCycle = await insertCycle({ name: 'Platform deep dive', opensOn: '2026-09-01', teamId: w.teamA1 });
  oldClosed = await insertCycle({ name: '2025', status: 'closed', opensOn: '2025-01-01' });
  newClosed = await insertCycle({ name: '2026 Q2 Data', status: 'closed', opensOn: '2026-04-01', teamId: w.teamA2 });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('the current cycle', () => {
  it("is a team's own open cycle before the organization's, for the team and for its members", async () => {
    expect((await findCurrentCycle(database.db, { organizationId: w.orgA, teamId: w.teamA1 }))?.id).toBe(teamCycle);
    const member = { organizationId: w.orgA, membershipId: w.memberA1.membership.id };
    expect((await findCurrentCycle(database.db, member))?.id).toBe(teamCycle);
    expect((await findOpenCycle(database.db, member))?.id).toBe(teamCycle);
  });

  it('is the organization-wide open cycle for the organization as a whole and for other teams', async () => {
    expect((await findCurrentCycle(database.db, { organizationId: w.orgA }))?.id).toBe(w.cycleA);
    expect((await findCurrentCycle(database.db, { organizationId: w.orgA, teamId: w.teamA2 }))?.id).toBe(w.cycleA);
    // The admin belongs to no team: only organization-wide cycles apply.
    const admin = { organizationId: w.orgA, membershipId: w.adminA.membership.id };
    expect((await findCurrentCycle(database.db, admin))?.id).toBe(w.cycleA);
    expect(await findSubjectCycle(database.db, admin, teamCycle)).toBeNull();
  });

  it('lists open cycles first, then closed ones newest first, only those that apply', async () => {
    const team2 = await listSubjectCycles(database.db, { organizationId: w.orgA, teamId: w.teamA2 });
    expect(team2.map((cycle) => cycle.id)).toEqual([w.cycleA, newClosed, oldClosed]);
    const org = await listSubjectCycles(database.db, { organizationId: w.orgA });
    expect(org.map((cycle) => cycle.id)).toEqual([w.cycleA, teamCycle, newClosed, oldClosed]);
  });

  it('answers the same in raw SQL (one row per team) as in the query builder', async () => {
    const result = await database.db.execute(sql`
      select t.id as team_id, (${currentCycleIdSql({ organizationId: w.orgA, teamId: sql`t.id` })}) as cycle_id
      from teams t where t.organization_id = ${w.orgA} order by t.id`);
    for (const row of rowsOf<{ team_id: string; cycle_id: string }>(result)) {
      const expected = await findCurrentCycle(database.db, { organizationId: w.orgA, teamId: row.team_id });
      expect(row.cycle_id).toBe(expected?.id);
    }
    const teams = await loadVisibleTeams(database.db, w.adminA, 3);
    expect(teams.find((team) => team.id === w.teamA1)?.cycleName).toBe('Platform deep dive');
    expect(teams.find((team) => team.id === w.teamA2)?.cycleName).toBe('2026 Q4');
  });

  it('never answers with another organization’s cycle', async () => {
    expect(await findCurrentCycle(database.db, { organizationId: w.orgB })).toBeNull();
    expect(await findCurrentCycle(database.db, { organizationId: w.orgB, teamId: w.teamA1 })).toBeNull();
    expect(await findSubjectCycle(database.db, { organizationId: w.orgB }, w.cycleA)).toBeNull();
  });

  it('falls back to the latest closed cycle when none is open', async () => {
    await database.db.execute(
      sql`update assessment_cycles set status = 'closed' where organization_id = ${w.orgA} and status = 'open'`,
    );
    try {
      expect((await findCurrentCycle(database.db, { organizationId: w.orgA }))?.id).toBe(w.cycleA);
      const member = { organizationId: w.orgA, membershipId: w.managerA2.membership.id };
      expect(await findOpenCycle(database.db, member)).toBeNull();
      expect((await findCurrentCycle(database.db, member))?.id).toBe(w.cycleA);
    } finally {
      await database.db.execute(
        sql`update assessment_cycles set status = 'open' where id in (${w.cycleA}, ${teamCycle})`,
      );
    }
  });
});

describe('visibility filters', () => {
  const ids = async (query: ReturnType<typeof visibleTeamIds>) =>
    rowsOf<{ id: string }>(await database.db.execute(sql`select x.id from (${query}) as x(id)`))
      .map((row) => row.id)
      .sort();

  it('teams: admins all, managers the teams they manage, members only aggregates of their own', async () => {
    expect(await ids(visibleTeamIds(w.adminA, 'individuals'))).toEqual([w.teamA1, w.teamA2].sort());
    expect(await ids(visibleTeamIds(w.managerA1, 'individuals'))).toEqual([w.teamA1]);
    expect(await ids(visibleTeamIds(w.memberA1, 'individuals'))).toEqual([]);
    expect(await ids(visibleTeamIds(w.memberA1, 'aggregate'))).toEqual([w.teamA1]);
    expect(await ids(visibleTeamIds(w.adminB, 'aggregate'))).toEqual([]);
  });

  it('members: themselves, the members of the teams a manager manages, everyone for an admin', async () => {
    const loner = await createMember(database.db, w.orgA, 'member', 'Lou Loner');
    expect(await ids(visibleMemberIds(w.memberA1))).toEqual([w.memberA1.membership.id]);
    expect(await ids(visibleMemberIds(w.managerA1))).toEqual(
      [w.managerA1.membership.id, w.memberA1.membership.id, w.subjectA1.membership.id].sort(),
    );
    expect(await ids(visibleMemberIds(w.adminA))).toContain(loner.membership.id);
    expect(await ids(visibleMemberIds(w.adminB))).toEqual([w.adminB.membership.id]);
  });
});
