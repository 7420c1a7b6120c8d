import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { memberships } from '@/db/schema';
import { loadCompletion } from '@/lib/assessments/completion';
import { countTargetedSkills, loadGaps } from '@/lib/profile/gaps';
import { findMentors } from '@/lib/profile/mentors';
import { loadProfilePage } from '@/lib/profile/profile-page';
import { loadRadar } from '@/lib/profile/radar';
import type { ProfileScope } from '@/lib/profile/scope';
import { loadTrend } from '@/lib/profile/trend';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';
import {
  assignRoleProfile,
  createCycle,
  createFramework,
  createRoleProfile,
  createTeam,
  rate,
  setTeamTargets,
  type BuiltFramework,
} from '../../fixtures/profile-fixture';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await database?.close();
});

async function world(name: string) {
  const db = database.db;
  const organizationId = await createOrganization(db, name);
  const fw = await createFramework(db, organizationId);
  const openCycle = await createCycle(db, organizationId, fw.frameworkId, {
    name: '2026 Q4',
    opensOn: '2026-10-01',
    closesOn: '2026-12-31',
  });
  return { db, organizationId, fw, openCycle };
}

function scopeOf(organizationId: string, membershipId: string, fw: BuiltFramework, cycleId: string): ProfileScope {
  return { organizationId, membershipId, frameworkId: fw.frameworkId, cycleId };
}

describe('gaps', () => {
  it('lists target − level > 0, largest first then by name; unrated counts as 0 and is flagged; n/a is left out', async () => {
    const { db, organizationId, fw, openCycle } = await world('Gaps');
    const n = fw.nodes;
    const me = (await createMember(db, organizationId, 'member', 'Me')).membership.id;
    const profile = await createRoleProfile(db, organizationId, 'Engineer', {
      [n.tech!]: 3,
      [n.devops!]: 2,
      [n.mocking!]: 4,
    });
    await assignRoleProfile(db, organizationId, me, profile);
    const team = await createTeam(db, organizationId, 'Core', [me]);
    await setTeamTargets(db, organizationId, team, { [n.docker!]: 4 });
    await rate(db, organizationId, openCycle, me, [
      { skillId: n.decorators!, level: 1 },
      { skillId: n.generators!, level: 3 },
      { skillId: n.pytest!, notApplicable: true },
      { skillId: n.mocking!, level: 1 },
      { skillId: n.aws!, level: 0 },
      // gcp: not rated
      { skillId: n.docker!, level: 2 },
    ]);
    const scope = scopeOf(organizationId, me, fw, openCycle);
    const gaps = await loadGaps(db, scope);
    expect(
      gaps.map((gap) => [gap.skillName, gap.gap, gap.current, gap.target, gap.targetSource, gap.notRated]),
    ).toEqual([
      ['Mocking', 3, 1, 4, 'role', false],
      ['AWS', 2, 0, 2, 'role', false],
      ['Decorators', 2, 1, 3, 'role', false],
      ['Docker', 2, 2, 4, 'team', false],
      ['GCP', 2, null, 2, 'role', true],
    ]);
    expect(gaps[0]).toMatchObject({ sectionName: 'Testing', areaName: 'Technical' });
    expect(await loadGaps(db, scope, { limit: 2 })).toHaveLength(2);
    expect(await countTargetedSkills(db, scope)).toBe(7);

    // Someone else's scope in another organization sees none of it.
    const otherOrg = await createOrganization(db, 'Elsewhere');
    expect(await loadGaps(db, { ...scope, organizationId: otherOrg })).toEqual([]);
  });

  it('is empty without a target, and counts no targeted skills', async () => {
    const { db, organizationId, fw, openCycle } = await world('NoTarget');
    const me = (await createMember(db, organizationId)).membership.id;
    await rate(db, organizationId, openCycle, me, [{ skillId: fw.nodes.aws!, level: 1 }]);
    const scope = scopeOf(organizationId, me, fw, openCycle);
    expect(await loadGaps(db, scope)).toEqual([]);
    expect(await countTargetedSkills(db, scope)).toBe(0);
  });
});

describe('radar and the team-average privacy threshold', () => {
  it('hides the team average with 2 raters and shows it with 3; an axis rated by fewer than 3 stays hidden', async () => {
    const { db, organizationId, fw, openCycle } = await world('Privacy');
    const n = fw.nodes;
    const me = (await createMember(db, organizationId, 'member', 'Me')).membership.id;
    const mate1 = (await createMember(db, organizationId, 'member', 'Mate One')).membership.id;
    const mate2 = (await createMember(db, organizationId, 'member', 'Mate Two')).membership.id;
    const gone = (await createMember(db, organizationId, 'member', 'Gone')).membership.id;
    await createTeam(db, organizationId, 'Squad', [me, mate1, mate2, gone]);
    const profile = await createRoleProfile(db, organizationId, 'Engineer', { [n.tech!]: 3 });
    await assignRoleProfile(db, organizationId, me, profile);

    await rate(db, organizationId, openCycle, me, [
      { skillId: n.decorators!, level: 2 },
      { skillId: n.aws!, level: 4 },
    ]);
    await rate(db, organizationId, openCycle, mate1, [
      { skillId: n.decorators!, level: 4 },
      { skillId: n.generators!, level: 4 },
      { skillId: n.aws!, level: 2 },
    ]);
    // A deactivated member's ratings never make up the numbers.
    await rate(db, organizationId, openCycle, gone, [{ skillId: n.decorators!, level: 0 }]);
    await db
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, gone)));

    const scope = scopeOf(organizationId, me, fw, openCycle);
    const hidden = await loadRadar(db, scope, 'area');
    expect(hidden.teamAverageShown).toBe(false);
    expect(hidden.points).toEqual([
      { axis: 'Technical', me: 2, target: 3, team: null },
      { axis: 'DevOps', me: 4, target: null, team: null },
    ]);

    await rate(db, organizationId, openCycle, mate2, [{ skillId: n.decorators!, level: 3 }]);
    const shown = await loadRadar(db, scope, 'area');
    expect(shown.teamAverageShown).toBe(true);
    expect(shown.teamRaters).toBe(3);
    // Technical: member means me 2, mate1 (4+4)/2 = 4, mate2 3 → 3. DevOps rated by only 2 → hidden.
    expect(shown.points).toEqual([
      { axis: 'Technical', me: 2, target: 3, team: 3 },
      { axis: 'DevOps', me: 4, target: null, team: null },
    ]);

    const sections = await loadRadar(db, scope, 'section');
    expect(sections.points.map((point) => point.axis)).toEqual(['Python', 'Testing', 'Cloud', 'Containers']);
    expect(sections.points[0]).toEqual({ axis: 'Python', me: 2, target: 3, team: 3 });
    expect(sections.points[1]).toEqual({ axis: 'Testing', me: null, target: 3, team: null });
  });

  it('counts only teammates: three raters spread over two teams of two do not unlock the average', async () => {
    const { db, organizationId, fw, openCycle } = await world('Split');
    const me = (await createMember(db, organizationId)).membership.id;
    const a = (await createMember(db, organizationId)).membership.id;
    const b = (await createMember(db, organizationId)).membership.id;
    await createTeam(db, organizationId, 'A', [me, a]);
    await createTeam(db, organizationId, 'B', [me, b]);
    for (const id of [me, a, b]) await rate(db, organizationId, openCycle, id, [{ skillId: fw.nodes.aws!, level: 2 }]);
    const radar = await loadRadar(db, scopeOf(organizationId, me, fw, openCycle), 'area');
    expect(radar.teamAverageShown).toBe(false);
    expect(radar.points.every((point) => point.team === null)).toBe(true);
  });
});

describe('mentors', () => {
  it('names up to two active teammates at Advanced or above (latest rating), never self, never another team or organization', async () => {
    const { db, organizationId, fw, openCycle } = await world('Mentors');
    const n = fw.nodes;
    const closed = await createCycle(db, organizationId, fw.frameworkId, {
      name: '2026 Q2',
      status: 'closed',
      opensOn: '2026-04-01',
      closesOn: '2026-06-30',
    });
    const id = async (name: string) => (await createMember(db, organizationId, 'member', name)).membership.id;
    const me = await id('Me Myself');
    const [ana, bo, cy, dee, eve, gil, hal, ivy] = await Promise.all(
      ['Ana', 'Bo', 'Cy', 'Dee', 'Eve', 'Gil', 'Hal', 'Ivy'].map((name) => id(name)),
    );
    await createTeam(db, organizationId, 'Mine', [me, ana!, bo!, cy!, dee!, gil!, hal!, ivy!]);
    await createTeam(db, organizationId, 'Theirs', [eve!]);

    await rate(db, organizationId, openCycle, me, [{ skillId: n.decorators!, level: 4 }]);
    await rate(db, organizationId, openCycle, ana!, [{ skillId: n.decorators!, level: 3 }]);
    await rate(db, organizationId, openCycle, bo!, [{ skillId: n.decorators!, level: 4 }]);
    await rate(db, organizationId, openCycle, cy!, [{ skillId: n.decorators!, level: 3 }]);
    await rate(db, organizationId, openCycle, dee!, [{ skillId: n.decorators!, level: 2 }]);
    await rate(db, organizationId, openCycle, eve!, [
      { skillId: n.decorators!, level: 4 },
      { skillId: n.gcp!, level: 4 },
    ]);
    await rate(db, organizationId, openCycle, gil!, [{ skillId: n.gcp!, level: 4 }]);
    await db
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, gil!)));
    // Hal rated AWS 4 last quarter and not yet this one: still a mentor. Ivy dropped to 1 this quarter: not.
    await rate(db, organizationId, closed, hal!, [{ skillId: n.aws!, level: 4 }]);
    await rate(db, organizationId, closed, ivy!, [{ skillId: n.aws!, level: 4 }]);
    await rate(db, organizationId, openCycle, ivy!, [{ skillId: n.aws!, level: 1 }]);

    // An identical-looking team in another organization.
    const otherOrg = await createOrganization(db, 'Other');
    const otherFw = await createFramework(db, otherOrg);
    const otherCycle = await createCycle(db, otherOrg, otherFw.frameworkId, {
      name: 'Q',
      opensOn: '2026-10-01',
      closesOn: '2026-12-31',
    });
    const stranger = (await createMember(db, otherOrg, 'member', 'Aaron Stranger')).membership.id;
    await createTeam(db, otherOrg, 'Mine', [stranger]);
    await rate(db, otherOrg, otherCycle, stranger, [{ skillId: otherFw.nodes.decorators!, level: 4 }]);

    const scope = scopeOf(organizationId, me, fw, openCycle);
    const mentors = await findMentors(db, scope, [n.decorators!, n.aws!, n.gcp!, n.docker!]);
    expect(mentors).toEqual({ [n.decorators!]: ['Ana', 'Bo'], [n.aws!]: ['Hal'] });
    // Names only: plain strings, nothing that carries a level.
    for (const names of Object.values(mentors)) for (const name of names) expect(typeof name).toBe('string');
    expect(await findMentors(db, scope, [n.decorators!], 1)).toEqual({ [n.decorators!]: ['Ana'] });
    expect(await findMentors(db, scope, [])).toEqual({});
  });
});

describe('trend and completion', () => {
  it('means per section per cycle: closed cycles the member rated in, then the current one; other teams’ cycles left out', async () => {
    const { db, organizationId, fw, openCycle } = await world('Trend');
    const n = fw.nodes;
    const me = (await createMember(db, organizationId)).membership.id;
    const other = (await createMember(db, organizationId)).membership.id;
    await createTeam(db, organizationId, 'Mine', [me]);
    const elsewhere = await createTeam(db, organizationId, 'Elsewhere', [other]);
    const q1 = await createCycle(db, organizationId, fw.frameworkId, {
      name: '2026 Q1',
      status: 'closed',
      opensOn: '2026-01-01',
      closesOn: '2026-03-31',
    });
    const q2 = await createCycle(db, organizationId, fw.frameworkId, {
      name: '2026 Q2',
      status: 'closed',
      opensOn: '2026-04-01',
      closesOn: '2026-06-30',
    });
    await createCycle(db, organizationId, fw.frameworkId, {
      name: '2026 Q3 empty',
      status: 'closed',
      opensOn: '2026-07-01',
      closesOn: '2026-09-30',
    });
    const foreign = await createCycle(db, organizationId, fw.frameworkId, {
      name: 'Elsewhere only',
      status: 'closed',
      opensOn: '2026-02-01',
      closesOn: '2026-02-28',
      teamId: elsewhere,
    });
    await rate(db, organizationId, q1, me, [
      { skillId: n.decorators!, level: 1 },
      { skillId: n.generators!, level: 2 },
      { skillId: n.aws!, level: 0 },
    ]);
    await rate(db, organizationId, q2, me, [
      { skillId: n.decorators!, level: 2 },
      { skillId: n.generators!, level: 3 },
      { skillId: n.pytest!, level: 2 },
    ]);
    await rate(db, organizationId, foreign, me, [{ skillId: n.decorators!, level: 4 }]);
    await rate(db, organizationId, openCycle, me, [
      { skillId: n.decorators!, level: 3 },
      { skillId: n.generators!, notApplicable: true },
    ]);
    const scope = scopeOf(organizationId, me, fw, openCycle);
    const trend = await loadTrend(db, scope, 'section');
    expect(trend.cycles.map((cycle) => cycle.name)).toEqual(['2026 Q1', '2026 Q2', '2026 Q4']);
    expect(trend.series).toEqual([
      { axis: 'Python', values: [1.5, 2.5, 3] },
      { axis: 'Testing', values: [null, 2, null] },
      { axis: 'Cloud', values: [0, null, null] },
      { axis: 'Containers', values: [null, null, null] },
    ]);
    const areas = await loadTrend(db, scope, 'area');
    expect(areas.series).toEqual([
      { axis: 'Technical', values: [1.5, 2.33, 3] },
      { axis: 'DevOps', values: [0, null, null] },
    ]);

    expect(await loadCompletion(db, scope)).toEqual({ total: 7, rated: 2, confirmed: 0, toConfirm: 0, done: 2 });
  });
});

describe('loadProfilePage', () => {
  it('returns no data without a cycle, and the whole page with one', async () => {
    const db = database.db;
    const organizationId = await createOrganization(db, 'Empty');
    const me = (await createMember(db, organizationId)).membership.id;
    const empty = await loadProfilePage(db, organizationId, me);
    expect(empty).toEqual({
      context: { cycle: null, framework: null, roleProfile: null, teams: [], levels: [], stages: [] },
      data: null,
    });

    const fw = await createFramework(db, organizationId);
    await createCycle(db, organizationId, fw.frameworkId, {
      name: 'Old',
      status: 'closed',
      opensOn: '2026-01-01',
      closesOn: '2026-03-31',
    });
    const profile = await createRoleProfile(db, organizationId, 'Engineer', { [fw.nodes.tech!]: 2 });
    await assignRoleProfile(db, organizationId, me, profile);
    // With only a closed cycle the page shows it as a read-only snapshot.
    const page = await loadProfilePage(db, organizationId, me);
    expect(page.context.cycle).toMatchObject({ name: 'Old', status: 'closed' });
    expect(page.context.roleProfile).toMatchObject({ name: 'Engineer' });
    expect(page.data?.gaps.map((gap) => gap.skillName)).toEqual(['Decorators', 'Generators', 'Mocking', 'Pytest']);
    // Every gap is from level 0 (not rated): the plan starts at the Beginner stage.
    expect(page.data?.plan).toHaveLength(1);
    expect(page.data?.plan[0]?.stage?.name).toBe('Beginner to Intermediate');
    expect(page.data?.completion).toEqual({ total: 7, rated: 0, confirmed: 0, toConfirm: 0, done: 0, stale: 0 });
  });
});
