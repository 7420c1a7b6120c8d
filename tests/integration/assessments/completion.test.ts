import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentCycles, auditLog, teamManagers } from '@/db/schema';
import { saveRatingsAction } from '@/lib/assessments/actions';
import { loadCompletion, summarizeCompletion } from '@/lib/assessments/completion';
import { completionOf, percentDone } from '@/lib/assessments/completion-rule';
import { loadAssessment } from '@/lib/assessments/queries';
import type { SessionContext } from '@/lib/auth/session';
import { closeCycleAction, openCycleAction, reopenCycleAction } from '@/lib/cycles/actions';
import { findCurrentCycle, listOpenCycles } from '@/lib/cycles/current';
import { cycleState } from '@/lib/cycles/state';
import { loadHomeSummary } from '@/lib/dashboard/home-summary';
import { loadManagedTeams } from '@/lib/dashboard/managed-teams';
import { loadTeamCompletion, reminderList } from '@/lib/insight/completion';
import { loadVisibleTeams } from '@/lib/insight/visible-teams';
import { loadGapReport } from '@/lib/reports/load-report';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';
import {
  SAMPLE_TREE,
  createCycle,
  createFramework,
  createTeam,
  rateAll,
  type BuiltFramework,
  type NodeSpec,
} from '../../fixtures/profile-fixture';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

/**
 * Issue 18: completion means done in this cycle, and every open cycle a
 * member belongs to is visible with the same counts everywhere.
 *
 * The tree is the sample one plus a skill straight under the DevOps area:
 * /assess shows it as a section of its own, so it has 5 sections where a
 * count of categories says 4 (the home page's old count).
 */
const TREE: NodeSpec[] = SAMPLE_TREE.map((area) =>
  area.key === 'devops'
    ? { ...area, children: [{ key: 'linux', kind: 'skill', name: 'Linux' }, ...(area.children ?? [])] }
    : area,
);
const SKILLS = ['decorators', 'generators', 'pytest', 'mocking', 'linux', 'aws', 'gcp', 'docker'];

let database: TestDatabase;
let org: string;
let framework: BuiltFramework;
let admin: SessionContext;
let manager: SessionContext;
let mia: SessionContext;
let team: string;
let q2: string;

const skillIds = () => SKILLS.map((key) => framework.nodes[key]!);
const miaScope = () => ({
  organizationId: org,
  membershipId: mia.membership.id,
  frameworkId: framework.frameworkId,
  cycleId: q2,
});
const teamCompletion = () =>
  loadTeamCompletion(database.db, {
    actor: manager,
    teamId: team,
    frameworkId: framework.frameworkId,
    cycleId: q2,
  });

const gapReportFor = (actor: SessionContext) =>
  loadGapReport(database.db, actor, {
    team,
    cycle: q2,
    minGap: 1,
    interestOnly: false,
    view: 'self',
    by: 'skill',
    sort: 'total',
    dir: 'desc',
    page: 1,
  });

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  org = await createOrganization(database.db, 'Carry Co');
  framework = await createFramework(database.db, org, TREE);
  admin = await createMember(database.db, org, 'admin', 'Ada Admin');
  manager = await createMember(database.db, org, 'manager', 'Max Manager');
  mia = await createMember(database.db, org, 'member', 'Mia Member');
  team = await createTeam(database.db, org, 'Platform', [mia.membership.id]);
  await database.db
    .insert(teamManagers)
    .values({ organizationId: org, teamId: team, membershipId: manager.membership.id });

  // Last cycle: Mia rated everything. The new cycle carries every rating over.
  const q1 = await createCycle(database.db, org, framework.frameworkId, {
    name: '2026 Q1',
    status: 'closed',
    opensOn: '2026-01-01',
    closesOn: '2026-03-31',
  });
  await rateAll(database.db, org, q1, mia.membership.id, skillIds(), 3);
  actAs(admin);
  const opened = await openCycleAction({
    name: '2026 Q2',
    opensOn: '2026-04-01',
    closesOn: '2026-12-31',
    frameworkId: framework.frameworkId,
  });
  expect(opened).toMatchObject({ ok: true, data: { carriedOver: SKILLS.length } });
  q2 = (opened.ok && opened.data?.cycleId) || '';
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('completion with carried-over ratings', () => {
  it('a member whose ratings were all carried over and never confirmed is not done, anywhere', async () => {
    const total = SKILLS.length;
    expect(await loadCompletion(database.db, miaScope())).toEqual({
      total,
      rated: 0,
      confirmed: 0,
      toConfirm: total,
      done: 0,
    });

    const rows = await teamCompletion();
    expect(rows).toEqual([
      expect.objectContaining({
        membershipId: mia.membership.id,
        rated: 0,
        confirmed: 0,
        toConfirm: total,
        done: 0,
        percent: 0,
      }),
    ]);
    expect(reminderList(rows)).toContain('Mia Member <');

    const teams = await loadVisibleTeams(database.db, manager, 3);
    expect(teams).toEqual([
      expect.objectContaining({
        id: team,
        completion: {
          members: 1,
          membersDone: 0,
          ratings: { total, rated: 0, confirmed: 0, toConfirm: total, done: 0 },
          ratingsPercent: 0,
        },
      }),
    ]);

    const home = await loadHomeSummary(database.db, org, mia.membership.id);
    expect(home.openCycles.map((cycle) => cycle.completion)).toEqual([
      { total, rated: 0, confirmed: 0, toConfirm: total, done: 0 },
    ]);
    // The manager's home card: people finished and ratings done, apart.
    const [managed] = await loadManagedTeams(database.db, manager);
    expect(managed).toMatchObject({
      members: 1,
      membersDone: 0,
      ratings: { total, rated: 0, confirmed: 0, toConfirm: total, done: 0 },
      ratingsPercent: 0,
    });
    // The gap report's summary: it used to count Mia as assessed (1 of 1) on carried-over values alone.
    expect((await gapReportFor(manager)).summary?.completion).toEqual({
      members: 1,
      membersDone: 0,
      ratings: { total, rated: 0, confirmed: 0, toConfirm: total, done: 0 },
      ratingsPercent: 0,
    });
  });

  it('counts a carried-over rating once confirmed or changed in this cycle; the browser rule agrees', async () => {
    actAs(mia);
    // Confirm the Testing section as unchanged (2 skills, through the save path) and change Linux (1 skill).
    const confirm = (key: string) => ({
      skillId: framework.nodes[key]!,
      level: 3,
      notApplicable: false,
      interest: false,
      note: null,
      changedAt: new Date().toISOString(),
      confirm: true,
      clientChangeId: `confirm-${key}`,
    });
    expect(await saveRatingsAction({ cycleId: q2, changes: [confirm('pytest'), confirm('mocking')] })).toMatchObject({
      ok: true,
      data: { applied: ['confirm-pytest', 'confirm-mocking'], stale: [] },
    });
    expect(
      await saveRatingsAction({
        cycleId: q2,
        changes: [
          {
            skillId: framework.nodes.linux!,
            level: 4,
            notApplicable: false,
            interest: false,
            note: null,
            changedAt: new Date().toISOString(),
            clientChangeId: 'linux-1',
          },
        ],
      }),
    ).toMatchObject({ ok: true });

    const completion = await loadCompletion(database.db, miaScope());
    expect(completion).toEqual({ total: 8, rated: 1, confirmed: 2, toConfirm: 5, done: 3 });
    const rows = await teamCompletion();
    expect(rows[0]).toMatchObject({ ...completion, percent: percentDone({ done: 3, total: 8 }) });
    expect(reminderList(rows)).toContain('Mia Member <');
    expect(summarizeCompletion(rows)).toMatchObject({ membersDone: 0, ratings: completion });
    const [managed] = await loadManagedTeams(database.db, manager);
    expect(managed).toMatchObject({ membersDone: 0, ratings: completion, ratingsPercent: percentDone(completion) });
    expect((await gapReportFor(admin)).summary?.completion).toEqual({
      members: 1,
      membersDone: 0,
      ratings: { ...completion, total: 8 },
      ratingsPercent: percentDone(completion),
    });

    // /assess counts in the browser with the same rule, from the same rows.
    const cycle = (await findCurrentCycle(database.db, { organizationId: org, membershipId: mia.membership.id }))!;
    const data = await loadAssessment(database.db, org, mia.membership.id, cycle);
    const ids = data.areas.flatMap((area) =>
      area.sections.flatMap((section) => section.groups.flatMap((group) => group.skills.map((skill) => skill.id))),
    );
    expect(completionOf(data.ratings, ids)).toEqual(completion);
  });

  it('100 % only when every skill is done', () => {
    expect(percentDone({ done: 319, total: 320 })).toBe(99);
    expect(percentDone({ done: 320, total: 320 })).toBe(100);
    expect(percentDone({ done: 0, total: 0 })).toBe(0);
  });
});

describe('two open cycles, scheduled cycles, reopening', () => {
  let teamCycle: string;

  it('shows every open cycle the member belongs to, the team’s own first, with its own counts', async () => {
    teamCycle = await createCycle(database.db, org, framework.frameworkId, {
      name: 'Platform deep dive',
      opensOn: '2026-05-01',
      closesOn: '2026-12-31',
      teamId: team,
    });
    const member = { organizationId: org, membershipId: mia.membership.id };
    expect((await listOpenCycles(database.db, member)).map((cycle) => cycle.name)).toEqual([
      'Platform deep dive',
      '2026 Q2',
    ]);
    const home = await loadHomeSummary(database.db, org, mia.membership.id);
    expect(home.openCycles.map((cycle) => [cycle.name, cycle.teamName, cycle.completion])).toEqual([
      ['Platform deep dive', 'Platform', { total: 8, rated: 0, confirmed: 0, toConfirm: 0, done: 0 }],
      ['2026 Q2', null, { total: 8, rated: 1, confirmed: 2, toConfirm: 5, done: 3 }],
    ]);
    // Someone outside the team sees only the organization-wide one.
    const others = await loadHomeSummary(database.db, org, manager.membership.id);
    expect(others.openCycles.map((cycle) => cycle.name)).toEqual(['2026 Q2']);
  });

  it('counts sections on home as /assess shows them', async () => {
    const home = await loadHomeSummary(database.db, org, mia.membership.id);
    const cycle = (await findCurrentCycle(database.db, { organizationId: org, membershipId: mia.membership.id }))!;
    const data = await loadAssessment(database.db, org, mia.membership.id, cycle);
    const sections = data.areas.reduce((sum, area) => sum + area.sections.length, 0);
    expect(sections).toBe(5);
    expect(home.framework).toMatchObject({ areas: 2, sections, skills: 8 });
  });

  it('calls a cycle dated in the future scheduled: listed apart, never the current one', async () => {
    const later = await createCycle(database.db, org, framework.frameworkId, {
      name: '2099 Q1',
      opensOn: '2099-01-01',
      closesOn: '2099-03-31',
    });
    expect(cycleState({ status: 'open', opensOn: '2099-01-01' }, '2026-12-06')).toBe('scheduled');
    expect(cycleState({ status: 'open', opensOn: '2026-12-06' }, '2026-12-06')).toBe('open');
    expect(cycleState({ status: 'closed', opensOn: '2099-01-01' }, '2026-12-06')).toBe('closed');
    const member = { organizationId: org, membershipId: manager.membership.id };
    expect((await listOpenCycles(database.db, member)).map((cycle) => cycle.id)).not.toContain(later);
    expect((await findCurrentCycle(database.db, { organizationId: org }))?.name).toBe('2026 Q2');
    const home = await loadHomeSummary(database.db, org, manager.membership.id);
    expect(home.scheduled).toEqual([{ id: later, name: '2099 Q1', opensOn: '2099-01-01', teamName: null }]);
    await database.db.delete(assessmentCycles).where(eq(assessmentCycles.id, later));
  });

  it('lets an admin reopen a closed cycle, audited, unless its scope has another open cycle', async () => {
    actAs(admin);
    expect(await closeCycleAction({ cycleId: teamCycle })).toMatchObject({ ok: true });
    expect(await reopenCycleAction({ cycleId: teamCycle })).toMatchObject({ ok: true });
    const [row] = await database.db.select().from(assessmentCycles).where(eq(assessmentCycles.id, teamCycle));
    expect(row).toMatchObject({ status: 'open', closedAt: null });
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org), eq(auditLog.action, 'cycle.reopened')));
    expect(audit).toEqual([expect.objectContaining({ targetId: teamCycle, actorUserId: admin.user.id })]);

    expect(await reopenCycleAction({ cycleId: teamCycle })).toMatchObject({ ok: false, error: /already open/ });
    // The organization-wide Q1 cannot come back while Q2 is open for the organization.
    const [q1] = await database.db
      .select()
      .from(assessmentCycles)
      .where(and(eq(assessmentCycles.organizationId, org), eq(assessmentCycles.name, '2026 Q1')));
    expect(await reopenCycleAction({ cycleId: q1!.id })).toMatchObject({ ok: false, error: /2026 Q2/ });
    actAs(mia);
    expect(await reopenCycleAction({ cycleId: q1!.id })).toMatchObject({ ok: false });
  });
});

describe('the original report: 320 ratings carried over, none confirmed', () => {
  it('reads 0 of 320 done (320 to confirm) everywhere and stays on the reminder list until confirmed', async () => {
    const db = database.db;
    const bigOrg = await createOrganization(db, 'Big Co');
    // 16 sections of 20 skills: the seed framework's 320.
    const tree: NodeSpec[] = [
      {
        key: 'all',
        kind: 'area',
        name: 'Everything',
        children: Array.from({ length: 16 }, (_, s) => ({
          key: `s${s}`,
          kind: 'category' as const,
          name: `Section ${s}`,
          children: Array.from({ length: 20 }, (_, k) => ({
            key: `s${s}k${k}`,
            kind: 'skill' as const,
            name: `Skill ${s}.${k}`,
          })),
        })),
      },
    ];
    const big = await createFramework(db, bigOrg, tree, 'big');
    const ids = Object.entries(big.nodes)
      .filter(([key]) => /^s\d+k\d+$/.test(key))
      .map(([, id]) => id);
    expect(ids).toHaveLength(320);
    const bigAdmin = await createMember(db, bigOrg, 'admin', 'Big Admin');
    const bigManager = await createMember(db, bigOrg, 'manager', 'Big Manager');
    const sam = await createMember(db, bigOrg, 'member', 'Sam Carried');
    const bigTeam = await createTeam(db, bigOrg, 'Ops', [sam.membership.id]);
    await db
      .insert(teamManagers)
      .values({ organizationId: bigOrg, teamId: bigTeam, membershipId: bigManager.membership.id });
    const last = await createCycle(db, bigOrg, big.frameworkId, {
      name: 'Last',
      status: 'closed',
      opensOn: '2026-01-01',
      closesOn: '2026-03-31',
    });
    await rateAll(db, bigOrg, last, sam.membership.id, ids, 3);
    actAs(bigAdmin);
    const opened = await openCycleAction({
      name: 'Now',
      opensOn: '2026-04-01',
      closesOn: '2026-12-31',
      frameworkId: big.frameworkId,
    });
    expect(opened).toMatchObject({ ok: true, data: { carriedOver: 320 } });
    const now = (opened.ok && opened.data?.cycleId) || '';
    const scope = { organizationId: bigOrg, frameworkId: big.frameworkId, cycleId: now };

    const notYet = { total: 320, rated: 0, confirmed: 0, toConfirm: 320, done: 0 };
    expect(await loadCompletion(db, { ...scope, membershipId: sam.membership.id })).toEqual(notYet);
    const rows = await loadTeamCompletion(db, {
      actor: bigManager,
      teamId: bigTeam,
      frameworkId: big.frameworkId,
      cycleId: now,
    });
    expect(rows).toEqual([expect.objectContaining({ ...notYet, percent: 0 })]);
    expect(reminderList(rows)).toBe(`Sam Carried <${sam.user.email}>`);
    expect((await loadHomeSummary(db, bigOrg, sam.membership.id)).openCycles[0]?.completion).toEqual(notYet);
    expect((await loadManagedTeams(db, bigManager))[0]).toMatchObject({ membersDone: 0, ratings: notYet });

    // "Confirm all unchanged", section after section, through the save path: done, and off the list.
    actAs(sam);
    const changedAt = new Date().toISOString();
    const result = await saveRatingsAction({
      cycleId: now,
      changes: ids.map((skillId, i) => ({
        skillId,
        level: 3,
        notApplicable: false,
        interest: false,
        note: null,
        changedAt,
        confirm: true,
        clientChangeId: `c${i}`,
      })),
    });
    expect(result).toMatchObject({ ok: true });
    const done = { total: 320, rated: 0, confirmed: 320, toConfirm: 0, done: 320 };
    expect(await loadCompletion(db, { ...scope, membershipId: sam.membership.id })).toEqual(done);
    const after = await loadTeamCompletion(db, {
      actor: bigManager,
      teamId: bigTeam,
      frameworkId: big.frameworkId,
      cycleId: now,
    });
    expect(after).toEqual([expect.objectContaining({ ...done, percent: 100 })]);
    expect(reminderList(after)).toBe('');
    expect((await loadManagedTeams(db, bigManager))[0]).toMatchObject({ membersDone: 1, ratingsPercent: 100 });
  }, 120_000);
});
