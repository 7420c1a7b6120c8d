/**
 * Stale ratings (issue 22, lib/trust/stale.ts): a self rating not changed or
 * confirmed for longer than the organization's setting (default 12 months) is
 * stale — counted apart in completion (member and team), shown per member in the
 * heatmap and per skill in the cell detail; the setting moves the line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratings } from '@/db/schema';
import { loadCompletionWithStale as loadCompletion } from '@/lib/assessments/completion';
import { loadTeamCompletion } from '@/lib/insight/completion';
import { loadMemberSectionDetail } from '@/lib/insight/member-detail';
import { saveTrustSettings, TRUST_DEFAULTS } from '@/lib/trust/settings';
import { loadTeamStaleCounts } from '@/lib/trust/team-stale';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

const monthsAgo = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - months);
  return date;
};

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  const subject = world.subjectA1.membership.id;
  const rate = (key: string, changedAt: Date, level: number | null = 2) => ({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId: subject,
    skillId: world.framework.id(key),
    level,
    notApplicable: level === null,
    changedAt,
    ratedByMembershipId: subject,
  });
  await database.db.insert(ratings).values([
    rate('tech/python/basics/syntax', monthsAgo(13)),
    rate('tech/python/basics/typing', monthsAgo(8)),
    rate('tech/python/async/asyncio', monthsAgo(1)),
    // n/a counts as rated, so it can go stale too.
    rate('tech/testing/pytest', monthsAgo(20), null),
  ]);
});
afterAll(async () => {
  await database?.close();
});

const profileScope = () => ({
  organizationId: world.orgA,
  membershipId: world.subjectA1.membership.id,
  frameworkId: world.framework.frameworkId,
  cycleId: world.cycleA,
});
const teamScope = () => ({
  actor: world.managerA1,
  teamId: world.teamA1,
  cycleId: world.cycleA,
  frameworkId: world.framework.frameworkId,
});

describe('stale ratings', () => {
  it('with the default 12 months: the 13- and 20-month-old ratings, counted apart from done', async () => {
    const completion = await loadCompletion(database.db, profileScope());
    expect(completion).toMatchObject({ rated: 4, done: 4, stale: 2 });
    const team = await loadTeamCompletion(database.db, teamScope());
    expect(team.find((row) => row.membershipId === world.subjectA1.membership.id)?.stale).toBe(2);
    expect(team.find((row) => row.membershipId === world.memberA1.membership.id)?.stale).toBe(0);
    expect(await loadTeamStaleCounts(database.db, teamScope())).toEqual({ [world.subjectA1.membership.id]: 2 });
    // Another team's manager sees nobody's.
    expect(await loadTeamStaleCounts(database.db, { ...teamScope(), actor: world.managerA2 })).toEqual({});
  });

  it('marks the stale skill in the cell detail', async () => {
    const detail = await loadMemberSectionDetail(
      database.db,
      teamScope(),
      world.subjectA1.membership.id,
      world.framework.id('tech/python'),
    );
    const stale = Object.fromEntries(detail.map((skill) => [skill.skillName, skill.self?.stale ?? null]));
    expect(stale).toEqual({ Syntax: true, Typing: false, asyncio: false });
  });

  it('follows the organization setting', async () => {
    await saveTrustSettings(database.db, world.orgA, { ...TRUST_DEFAULTS, staleAfterMonths: 6 });
    expect((await loadCompletion(database.db, profileScope())).stale).toBe(3);
    await saveTrustSettings(database.db, world.orgA, { ...TRUST_DEFAULTS, staleAfterMonths: 24 });
    expect((await loadCompletion(database.db, profileScope())).stale).toBe(0);
    await saveTrustSettings(database.db, world.orgA, TRUST_DEFAULTS);
  });
});
