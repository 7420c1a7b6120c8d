import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratings, teamManagers } from '@/db/schema';
import { loadTeamCompletion, summarizeCompletion } from '@/lib/insight/completion';
import { loadVisibleTeams } from '@/lib/insight/visible-teams';
import type { SessionContext } from '@/lib/auth/session';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';
import { SAMPLE_TREE, createCycle, createFramework, createTeam, rateAll } from '../../fixtures/profile-fixture';
import { statementLog } from '../../fixtures/statement-log';

/**
 * Issue 18: the /teams list counts completion as the team's completion page does
 * (lib/assessments/completion.ts): only the skills of the team's own cycle, a
 * carried-over rating done once confirmed, people finished and ratings apart.
 * It used to count every self rating of the cycle, skills of another framework
 * included, so a member with only carried-over, unconfirmed ratings read as done.
 */
const log = statementLog();
let database: TestDatabase;
let org: string;
let admin: SessionContext;
let manager: SessionContext;
let platform: string;
let data: string;
let orgCycle: string;
let frameworkId: string;
let skills: string[];
let otherSkills: string[];

beforeAll(async () => {
  database = await createTestDatabase({ logger: log.logger });
  const { db } = database;
  org = await createOrganization(db, 'List Co');
  const framework = await createFramework(db, org, SAMPLE_TREE, 'main');
  // A second framework with more skills than the first: ratings on it are outside the cycle.
  const other = await createFramework(db, org, [...SAMPLE_TREE, ...SAMPLE_TREE.map(renamed)], 'other');
  frameworkId = framework.frameworkId;
  skills = skillIdsOf(framework.nodes, SAMPLE_TREE);
  otherSkills = skillIdsOf(other.nodes, [...SAMPLE_TREE, ...SAMPLE_TREE.map(renamed)]);
  expect(otherSkills.length).toBeGreaterThan(skills.length);

  admin = await createMember(db, org, 'admin', 'Ada Admin');
  manager = await createMember(db, org, 'manager', 'Max Manager');
  const mia = await createMember(db, org, 'member', 'Mia Member');
  const ben = await createMember(db, org, 'member', 'Ben Builder');
  const dora = await createMember(db, org, 'member', 'Dora Data');
  platform = await createTeam(db, org, 'Platform', [mia.membership.id, ben.membership.id]);
  data = await createTeam(db, org, 'Data', [dora.membership.id]);
  await db.insert(teamManagers).values({ organizationId: org, teamId: platform, membershipId: manager.membership.id });

  orgCycle = await createCycle(db, org, frameworkId, {
    name: '2026 Q2',
    opensOn: '2026-04-01',
    closesOn: '2026-12-31',
  });
  // Data rates in a team cycle of its own, on the other framework.
  const dataCycle = await createCycle(db, org, other.frameworkId, {
    name: 'Data 2026',
    opensOn: '2026-04-02',
    closesOn: '2026-12-31',
    teamId: data,
  });

  // Mia: every skill of the cycle carried over and never confirmed, and new ratings on the other framework.
  await db.insert(ratings).values(
    skills.map((skillId) => ({
      organizationId: org,
      cycleId: orgCycle,
      membershipId: mia.membership.id,
      skillId,
      source: 'self' as const,
      level: 3,
      carriedOver: true,
      ratedByMembershipId: mia.membership.id,
    })),
  );
  await rateAll(db, org, orgCycle, mia.membership.id, otherSkills, 4);
  // Ben rated every skill of the cycle himself; Dora every skill of her team's cycle.
  await rateAll(db, org, orgCycle, ben.membership.id, skills, 2);
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

describe('/teams list completion', () => {
  it('does not show a team as done on carried-over, unconfirmed ratings and ratings outside its cycle', async () => {
    const teams = await loadVisibleTeams(database.db, manager, 3);
    const total = skills.length;
    expect(teams).toEqual([
      expect.objectContaining({
        id: platform,
        cycleName: '2026 Q2',
        raters: 2,
        completion: {
          members: 2,
          membersDone: 1,
          ratings: { total: 2 * total, rated: total, confirmed: 0, toConfirm: total, done: total },
          ratingsPercent: 50,
        },
      }),
    ]);
    // The same figures as the team's completion page.
    const page = await loadTeamCompletion(database.db, {
      actor: manager,
      teamId: platform,
      frameworkId,
      cycleId: orgCycle,
    });
    expect(teams[0]?.completion).toEqual(summarizeCompletion(page));
    // The team mean averages the cycle's skills only (Mia 3, Ben 2), not her level 4 elsewhere.
    expect(teams[0]?.teamMean).toBeCloseTo(2.5);
  });

  it('counts each team on its own cycle, all teams in one statement', async () => {
    let teams: Awaited<ReturnType<typeof loadVisibleTeams>> = [];
    const statements = await log.record(async () => {
      teams = await loadVisibleTeams(database.db, admin, 3);
    });
    expect(statements).toHaveLength(1);
    expect(
      teams.map((team) => [team.name, team.cycleName, team.completion?.membersDone, team.completion?.ratingsPercent]),
    ).toEqual([
      ['Data', 'Data 2026', 1, 100],
      ['Platform', '2026 Q2', 1, 50],
    ]);
    expect(teams[0]?.completion?.ratings).toEqual({
      total: otherSkills.length,
      rated: otherSkills.length,
      confirmed: 0,
      toConfirm: 0,
      done: otherSkills.length,
    });
  });
});
