import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentCycles, auditLog, teamManagers } from '@/db/schema';
import { confirmSectionAction, saveRatingsAction } from '@/lib/assessments/actions';
import { loadCompletion } from '@/lib/assessments/completion';
import { completionOf, percentDone } from '@/lib/assessments/completion-rule';
import { loadAssessment } from '@/lib/assessments/queries';
import type { SessionContext } from '@/lib/auth/session';
import { closeCycleAction, openCycleAction, reopenCycleAction } from '@/lib/cycles/actions';
import { findCurrentCycle, listOpenCycles } from '@/lib/cycles/current';
import { cycleState } from '@/lib/cycles/state';
import { loadHomeSummary } from '@/lib/dashboard/home-summary';
import { loadTeamCompletion, reminderList } from '@/lib/insight/completion';
import { loadVisibleTeams } from '@/lib/insight/visible-teams';
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
      rated: total,
      done: 0,
      toConfirm: total,
      carriedOver: total,
    });

    const rows = await teamCompletion();
    expect(rows).toEqual([
      expect.objectContaining({
        membershipId: mia.membership.id,
        rated: total,
        done: 0,
        carriedOver: total,
        percent: 0,
      }),
    ]);
    expect(reminderList(rows)).toContain('Mia Member <');

    const teams = await loadVisibleTeams(database.db, manager, 3);
    expect(teams).toEqual([expect.objectContaining({ id: team, completionPercent: 0 })]);

    const home = await loadHomeSummary(database.db, org, mia.membership.id);
    expect(home.openCycles.map((cycle) => cycle.completion)).toEqual([{ total, done: 0, toConfirm: total }]);
  });

  it('counts a carried-over rating once confirmed or changed in this cycle; the browser rule agrees', async () => {
    actAs(mia);
    // Confirm the Testing section as unchanged (2 skills) and change Linux (1 skill).
    expect(await confirmSectionAction({ cycleId: q2, sectionId: framework.nodes.testing! })).toMatchObject({
      ok: true,
      data: { confirmed: 2 },
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
    expect(completion).toMatchObject({ total: 8, done: 3, toConfirm: 5 });
    const [row] = await teamCompletion();
    expect(row).toMatchObject({ done: 3, carriedOver: 5, percent: percentDone({ done: 3, total: 8 }) });
    expect(reminderList([row!])).toContain('Mia Member <');

    // /assess counts in the browser with the same rule, from the same rows.
    const cycle = (await findCurrentCycle(database.db, { organizationId: org, membershipId: mia.membership.id }))!;
    const data = await loadAssessment(database.db, org, mia.membership.id, cycle);
    const ids = data.areas.flatMap((area) =>
      area.sections.flatMap((section) => section.groups.flatMap((group) => group.skills.map((skill) => skill.id))),
    );
    expect(completionOf(data.ratings, ids)).toEqual({ total: 8, done: 3, toConfirm: 5 });
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
      ['Platform deep dive', 'Platform', { total: 8, done: 0, toConfirm: 0 }],
      ['2026 Q2', null, { total: 8, done: 3, toConfirm: 5 }],
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
