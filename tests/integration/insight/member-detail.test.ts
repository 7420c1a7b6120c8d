/**
 * The member × section detail behind a heatmap cell: both ratings, the
 * resolved target, evidence and history per skill, in framework order; and
 * only for a member of the team.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratingHistory, ratings, teamTargets } from '@/db/schema';
import { encodeEvidenceLink } from '@/lib/assessments/evidence';
import {
  findTeamMember,
  listDetailSections,
  loadMemberSectionDetail,
  type DetailScope,
} from '@/lib/insight/member-detail';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let scope: DetailScope;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  scope = {
    actor: world.managerA1,
    teamId: world.teamA1,
    cycleId: world.cycleA,
    frameworkId: world.framework.frameworkId,
  };
  const max = world.memberA1.membership.id;
  const mona = world.managerA1.membership.id;
  const base = { organizationId: world.orgA, cycleId: world.cycleA, membershipId: max };
  const typing = world.framework.id('tech/python/basics/typing');
  const syntax = world.framework.id('tech/python/basics/syntax');
  await database.db.insert(ratings).values([
    {
      ...base,
      skillId: typing,
      source: 'self',
      level: 2,
      interest: true,
      note: 'Mostly mypy',
      evidenceLinks: [encodeEvidenceLink({ url: 'https://github.com/acme/x/pull/1', label: 'Typed the API' })],
      ratedByMembershipId: max,
    },
    { ...base, skillId: typing, source: 'manager', level: 3, note: 'Better than he thinks', ratedByMembershipId: mona },
    { ...base, skillId: syntax, source: 'self', level: null, notApplicable: true, ratedByMembershipId: max },
  ]);
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
  await database.db.insert(ratingHistory).values([
    {
      ...base,
      skillId: typing,
      source: 'self',
      level: 1,
      notApplicable: false,
      interest: false,
      ratedByMembershipId: max,
      changedAt: at(0),
    },
    {
      ...base,
      skillId: typing,
      source: 'self',
      level: 2,
      notApplicable: false,
      interest: true,
      ratedByMembershipId: max,
      changedAt: at(5),
    },
    {
      ...base,
      skillId: typing,
      source: 'manager',
      level: 3,
      notApplicable: false,
      interest: false,
      ratedByMembershipId: mona,
      changedAt: at(9),
    },
  ]);
  await database.db.insert(teamTargets).values({
    organizationId: world.orgA,
    teamId: world.teamA1,
    nodeId: world.framework.id('tech/python'),
    level: 3,
  });
});
afterAll(async () => {
  await database?.close();
});

describe('member × section detail', () => {
  it('lists the section’s skills in order with both ratings, target, evidence and newest-first history', async () => {
    const detail = await loadMemberSectionDetail(
      database.db,
      scope,
      world.memberA1.membership.id,
      world.framework.id('tech/python'),
    );
    expect(detail.map((skill) => [skill.skillName, skill.groupName])).toEqual([
      ['Syntax', 'Basics'],
      ['Typing', 'Basics'],
      ['asyncio', 'Async'],
    ]);
    const [syntax, typing, asyncio] = detail;
    expect(syntax).toMatchObject({ self: { level: null, notApplicable: true }, manager: null, target: 3 });
    expect(typing).toMatchObject({
      self: { level: 2, interest: true, note: 'Mostly mypy', carriedOver: false },
      manager: { level: 3, note: 'Better than he thinks', ratedBy: 'Mona Manager' },
      target: 3,
      targetSource: 'team',
      evidence: [{ url: 'https://github.com/acme/x/pull/1', label: 'Typed the API' }],
    });
    expect(typing!.history.map((entry) => [entry.source, entry.level, entry.ratedBy])).toEqual([
      ['manager', 3, 'Mona Manager'],
      ['self', 2, 'Max Member'],
      ['self', 1, 'Max Member'],
    ]);
    expect(asyncio).toMatchObject({ self: null, manager: null, history: [] });
  });

  it('finds only active members of the team; sections come in framework order', async () => {
    expect(await findTeamMember(database.db, scope, world.memberA1.membership.id)).toEqual({
      membershipId: world.memberA1.membership.id,
      name: 'Max Member',
    });
    // Olga is in team A2, Bert in another organization.
    expect(await findTeamMember(database.db, scope, world.managerA2.membership.id)).toBeNull();
    expect(await findTeamMember(database.db, scope, world.adminB.membership.id)).toBeNull();
    expect((await listDetailSections(database.db, scope)).map((section) => section.name)).toEqual([
      'Python',
      'Testing',
      'People',
    ]);
  });
});
