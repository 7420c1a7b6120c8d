/**
 * How many statements a page's data costs, and that the count does not grow
 * with the length of its lists (no statement per row, "N+1"). Each page's
 * loaders run as the page calls them, against a team of 3 and then the same
 * team grown to 11 members with ratings: the count must stay the same and
 * under the page's budget. `npm run bench` counts the same thing for every
 * page on the wire (scripts/bench/pages.ts); this is the fast guard of the
 * pages issue 23 fixed.
 */
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { ratings, teamManagers, teamMembers, teams } from '@/db/schema';
import { loadManagedTeams } from '@/lib/dashboard/managed-teams';
import { loadSectionAndAreaHeatmaps, loadHeatmap } from '@/lib/insight/heatmap';
import { findSection } from '@/lib/insight/heatmap-section';
import { loadFirstRun } from '@/lib/onboarding/first-run';
import { loadFilterOptions } from '@/lib/reports/gap-report';
import { parseGapPageParams } from '@/lib/reports/filters';
import { loadGapReport } from '@/lib/reports/load-report';
import { loadTeamPageContext, teamQueryScope } from '@/lib/teams/team-page';
import { loadCompletionWithStale } from '@/lib/assessments/completion';
import { countTargetedSkills, loadGaps } from '@/lib/profile/gaps';
import { loadLevelNames } from '@/lib/profile/levels';
import { loadProfilePage } from '@/lib/profile/profile-page';
import { loadRadar } from '@/lib/profile/radar';
import { loadTrend } from '@/lib/profile/trend';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember } from '../../fixtures/actors';
import { repeatedTexts, statementLog } from '../../fixtures/statement-log';
import { buildWorld, type World } from '../../fixtures/world';

const log = statementLog();
let database: TestDatabase;
let db: Db;
let w: World;

async function rateEverything(membershipIds: string[]): Promise<void> {
  await db.insert(ratings).values(
    membershipIds.flatMap((membershipId, index) =>
      w.framework.skillIds.map((skillId, skill) => ({
        organizationId: w.orgA,
        cycleId: w.cycleA,
        membershipId,
        skillId,
        source: 'self' as const,
        level: (index + skill) % 5,
        ratedByMembershipId: membershipId,
      })),
    ),
  );
}

/** Adds `count` members (with self ratings on every skill) to team A1. */
async function growTeam(count: number): Promise<void> {
  const added: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const member = await createMember(db, w.orgA, 'member', `Grown Member ${i}`);
    added.push(member.membership.id);
  }
  await db
    .insert(teamMembers)
    .values(added.map((membershipId) => ({ organizationId: w.orgA, teamId: w.teamA1, membershipId })));
  await rateEverything(added);
}

/** The statements of one team page render (layout + page share the context through React's cache). */
async function teamPage(): Promise<string[]> {
  return log.record(async () => {
    const context = await loadTeamPageContext(db, w.managerA1, w.teamA1, 'individuals');
    if (!context.cycle || !context.framework) throw new Error('the world has an open cycle');
    const scope = teamQueryScope(w.managerA1, context);
    if (!scope) throw new Error('no scope');
    const { bySection } = await loadSectionAndAreaHeatmaps(db, { ...scope, view: 'self' });
    expect(bySection.members.length).toBeGreaterThan(0);
  });
}

/** The section drill-down (/teams/[teamId]/sections/[section]). */
async function sectionPage(): Promise<string[]> {
  return log.record(async () => {
    const context = await loadTeamPageContext(db, w.managerA1, w.teamA1, 'individuals');
    if (!context.cycle || !context.framework) throw new Error('the world has an open cycle');
    const section = await findSection(db, w.orgA, context.framework.id, 'tech/python');
    if (!section) throw new Error('no section tech/python');
    const scope = teamQueryScope(w.managerA1, context);
    if (!scope) throw new Error('no scope');
    const heatmap = await loadHeatmap(db, { ...scope, view: 'self' }, { by: 'skill', sectionId: section.id });
    expect(heatmap.members.length).toBeGreaterThan(0);
  });
}

/** The team gap report (/teams/[teamId]/gaps) as its manager, by skill and by person. */
async function teamGapReport(): Promise<string[]> {
  return log.record(async () => {
    for (const by of ['skill', 'person']) {
      const report = await loadGapReport(db, w.managerA1, parseGapPageParams({ team: w.teamA1, by }));
      expect(report.summary).not.toBeNull();
    }
  });
}

/** /me's data as a member of team A1 (the page adds the session and the trust sections). */
async function profilePage(): Promise<string[]> {
  return log.record(async () => {
    const { data } = await loadProfilePage(db, w.orgA, w.memberA1.membership.id);
    expect(data?.radar.area.points.length).toBeGreaterThan(0);
  });
}

beforeAll(async () => {
  database = await createTestDatabase({ logger: log.logger });
  db = database.db;
  w = await buildWorld(db);
  await rateEverything([w.managerA1.membership.id, w.memberA1.membership.id, w.subjectA1.membership.id]);
});

afterAll(async () => {
  await database?.close();
});

describe('statements per page, independent of the list length', () => {
  const pages: { name: string; budget: number; run: () => Promise<string[]> }[] = [
    // Team, access, cycle, framework and level names in one; both heatmaps in one (the session adds one more).
    { name: 'team page', budget: 2, run: teamPage },
    { name: 'section drill-down', budget: 3, run: sectionPage },
    // Two loads (by skill, by person), eight statements each on PGlite (ten before the summary and the page went
    // into one statement) — `begin` / `set local enable_nestloop` / `commit` included, which an analysed server
    // skips (lib/reports/load-report.ts) — whatever the number of members and skills.
    { name: 'team gap report', budget: 16, run: teamGapReport },
    // Context (with levels and stages); completion, gaps, radar and trend together; the plan's mentors.
    { name: 'profile page (/me)', budget: 3, run: profilePage },
  ];

  it('admin home checklist: five counts in one statement', async () => {
    const statements = await log.record(async () => {
      const state = await loadFirstRun(db, w.orgA);
      expect(state.steps.find((step) => step.id === 'teams')?.done).toBe(true);
    });
    expect(statements).toHaveLength(1);
  });

  it('gap report filter options: teams, role profiles, areas and sections in one statement', async () => {
    const statements = await log.record(async () => {
      const options = await loadFilterOptions(db, w.adminA, w.framework.frameworkId, w.cycleA);
      expect(options.teams.map((team) => team.id).sort()).toEqual([w.teamA1, w.teamA2].sort());
      expect(options.sections.length).toBeGreaterThan(0);
    });
    expect(statements).toHaveLength(1);
  });

  it('team page context: levels and cycle come with the team, in one statement', async () => {
    let context: Awaited<ReturnType<typeof loadTeamPageContext>> | undefined;
    const statements = await log.record(async () => {
      context = await loadTeamPageContext(db, w.managerA1, w.teamA1, 'individuals');
    });
    expect(statements).toHaveLength(1);
    expect(context?.cycle?.id).toBe(w.cycleA);
    expect(context?.framework?.id).toBe(w.framework.frameworkId);
    expect(context?.levels.map((level) => level.level)).toEqual([0, 1, 2, 3, 4]);
  });

  it('/me: the figures sent together are the ones each loader gives alone', async () => {
    const { context, data } = await loadProfilePage(db, w.orgA, w.memberA1.membership.id);
    if (!data) throw new Error('the world has an open cycle and a framework');
    const scope = data.scope;
    expect(scope.cycleId).toBe(w.cycleA);
    expect(context.teams.map((team) => team.id)).toContain(w.teamA1);
    expect(context.levels).toEqual(await loadLevelNames(db, w.orgA, scope.frameworkId));
    expect(data.completion).toEqual(await loadCompletionWithStale(db, scope));
    expect(data.targetedSkills).toBe(await countTargetedSkills(db, scope));
    expect(data.gaps).toEqual(await loadGaps(db, scope));
    expect(data.radar.area).toEqual(await loadRadar(db, scope, 'area'));
    expect(data.radar.section).toEqual(await loadRadar(db, scope, 'section'));
    expect(data.trend.area).toEqual(await loadTrend(db, scope, 'area'));
    expect(data.trend.section).toEqual(await loadTrend(db, scope, 'section'));
    expect(data.completion.total).toBeGreaterThan(0);
  });

  it("manager's home: two statements whether the manager manages one team or three (no statement per team)", async () => {
    const manager = w.managerA1;
    let one: Awaited<ReturnType<typeof loadManagedTeams>> = [];
    const withOne = await log.record(async () => {
      one = await loadManagedTeams(db, manager);
    });
    expect(one.map((team) => team.id)).toEqual([w.teamA1]);
    expect(one[0]?.members).toBeGreaterThan(0);
    expect(one[0]?.cycle?.id).toBe(w.cycleA);

    const [third] = await db.insert(teams).values({ organizationId: w.orgA, name: 'Zeta' }).returning({ id: teams.id });
    await db.insert(teamManagers).values(
      [w.teamA2, third!.id].map((teamId) => ({
        organizationId: w.orgA,
        teamId,
        membershipId: manager.membership.id,
      })),
    );
    let three: Awaited<ReturnType<typeof loadManagedTeams>> = [];
    const withThree = await log.record(async () => {
      three = await loadManagedTeams(db, manager);
    });
    await db.delete(teamManagers).where(inArray(teamManagers.teamId, [w.teamA2, third!.id]));
    expect(three).toHaveLength(3);
    // Team A1's figures do not depend on what else the manager manages.
    expect(three.find((team) => team.id === w.teamA1)).toEqual(one[0]);
    expect(withOne).toHaveLength(2);
    expect(withThree, withThree.join('\n')).toHaveLength(2);
  });

  it('stay within budget and do not grow when the team grows from 3 to 11 members', async () => {
    const small = new Map<string, string[]>();
    for (const page of pages) small.set(page.name, await page.run());
    await growTeam(8);
    for (const page of pages) {
      const before = small.get(page.name) ?? [];
      const after = await page.run();
      expect(before.length, `${page.name}: ${before.join('\n')}`).toBeLessThanOrEqual(page.budget);
      expect(after.length, `${page.name} grew with the team:\n${after.join('\n')}`).toBe(before.length);
      expect(repeatedTexts(after), `${page.name}: a statement per row`).toEqual([]);
    }
  });
});
