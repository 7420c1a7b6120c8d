/**
 * DATABASE_READ_URL routing: heavy read-only pages (gap reports and their
 * CSV, team heatmaps, the people finder) read the replica; a user's own
 * assessment and profile, authorization and every write use the primary.
 *
 * The "replica" is a different database holding a copy of the primary taken
 * before the member's latest save — a replica that has not caught up yet —
 * so what a read shows says where it came from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { auditLog, teamTargets } from '@/db/schema';
import { GET as gapCsv } from '@/app/api/reports/gaps.csv/route';
import AssessPage from '@/app/(app)/assess/page';
import MePage from '@/app/(app)/me/page';
import OrganizationGapsPage from '@/app/(app)/reports/gaps/page';
import TeamGapsPage from '@/app/(app)/teams/[teamId]/gaps/page';
import TeamHeatmapPage from '@/app/(app)/teams/[teamId]/page';
import PeoplePage from '@/app/(app)/people/page';
import { saveRatingsAction } from '@/lib/assessments/actions';
import { createPrimaryAndCopy, untouchableDb, type PrimaryAndCopy } from '../../fixtures/replica-database';
import { actAs, useTestDatabase, useTestReadDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let databases: PrimaryAndCopy;
let world: World;
let csvBeforeSave: string;

const csvRequest = (params: Record<string, string>) =>
  new Request(`http://localhost:3000/api/reports/gaps.csv?${new URLSearchParams(params).toString()}`);

async function downloadTeamCsv(): Promise<string> {
  const response = await gapCsv(csvRequest({ team: world.teamA1, view: 'self', minGap: '1' }));
  expect(response.status).toBe(200);
  return response.text();
}

async function exportAudits(db: Db): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(
    await db.execute(sql`select count(*) as n from ${auditLog} where ${auditLog.action} = 'report.exported'`),
  );
  return Number(row?.n ?? 0);
}

const noSearch = { searchParams: Promise.resolve({}) };

beforeAll(async () => {
  databases = await createPrimaryAndCopy(async (db) => {
    world = await buildWorld(db);
    // A team target on pytest: every member of A1 has a gap row for it until they rate it.
    await db.insert(teamTargets).values({
      organizationId: world.orgA,
      teamId: world.teamA1,
      nodeId: world.framework.id('tech/testing/pytest'),
      level: 3,
    });
  });
  useTestDatabase(databases.primary.db);
  useTestReadDatabase(null);
  actAs(world.managerA1);
  csvBeforeSave = await downloadTeamCsv();

  // The member's save reaches the primary only: the copy is now a replica lagging behind it.
  actAs(world.memberA1);
  const saved = await saveRatingsAction({
    cycleId: world.cycleA,
    changes: [
      {
        skillId: world.framework.id('tech/testing/pytest'),
        level: 4,
        notApplicable: false,
        interest: false,
        note: null,
        changedAt: new Date().toISOString(),
        clientChangeId: 'replica-test-1',
      },
    ],
  });
  expect(saved.ok).toBe(true);
}, 180_000);

afterAll(async () => {
  useTestReadDatabase(null);
  await databases?.primary.close();
  await databases?.copy.close();
});

describe('with DATABASE_READ_URL pointing at another database', () => {
  it('without a read database the CSV shows the save at once (everything on the primary)', async () => {
    useTestReadDatabase(null);
    actAs(world.managerA1);
    expect(await downloadTeamCsv()).not.toBe(csvBeforeSave);
  });

  it('the gap CSV rows come from the read database, its audit entry goes to the primary', async () => {
    useTestReadDatabase(databases.copy.db);
    actAs(world.managerA1);
    const primaryAudits = await exportAudits(databases.primary.db);
    const copyAudits = await exportAudits(databases.copy.db);
    // The lagging copy does not have the member's save yet: the export is the one from before it.
    expect(await downloadTeamCsv()).toBe(csvBeforeSave);
    // The audit row is written when the stream ends; give it a moment.
    await expect.poll(() => exportAudits(databases.primary.db)).toBe(primaryAudits + 1);
    expect(await exportAudits(databases.copy.db)).toBe(copyAudits);
  });

  it.each([
    ['organization gap report', () => OrganizationGapsPage(noSearch), 'adminA'],
    [
      'team gap report',
      () => TeamGapsPage({ params: Promise.resolve({ teamId: world.teamA1 }), ...noSearch }),
      'managerA1',
    ],
    [
      'team heatmap',
      () => TeamHeatmapPage({ params: Promise.resolve({ teamId: world.teamA1 }), ...noSearch }),
      'managerA1',
    ],
    [
      'people finder',
      () =>
        PeoplePage({ searchParams: Promise.resolve({ skill: world.framework.id('tech/testing/pytest'), min: '0' }) }),
      'managerA1',
    ],
  ] as const)('the %s reads the read database', async (_name, render, who) => {
    actAs(world[who]);
    useTestReadDatabase(untouchableDb('the read database'));
    await expect(render()).rejects.toThrow(/the read database was used/);
    // And renders from the (lagging) copy.
    useTestReadDatabase(databases.copy.db);
    await expect(render()).resolves.toBeTruthy();
  });

  it('/assess and /me never touch the read database (read-your-writes)', async () => {
    useTestReadDatabase(untouchableDb('the read database'));
    actAs(world.memberA1);
    await expect(AssessPage(noSearch)).resolves.toBeTruthy();
    await expect(MePage(noSearch)).resolves.toBeTruthy();
    // Saving right after also only needs the primary.
    const saved = await saveRatingsAction({
      cycleId: world.cycleA,
      changes: [
        {
          skillId: world.framework.id('tech/testing/pytest'),
          level: 3,
          notApplicable: false,
          interest: true,
          note: null,
          changedAt: new Date().toISOString(),
          clientChangeId: 'replica-test-2',
        },
      ],
    });
    expect(saved.ok).toBe(true);
  });

  it('the primary holds the member’s latest rating and the lagging copy does not', async () => {
    const latest = sql`select level from ratings where organization_id = ${world.orgA} and membership_id = ${world.memberA1.membership.id} and source = 'self'`;
    expect(rowsOf<{ level: number }>(await databases.primary.db.execute(latest)).map((row) => row.level)).toEqual([3]);
    expect(rowsOf<{ level: number }>(await databases.copy.db.execute(latest))).toEqual([]);
  });
});
