/**
 * The heatmap, its drill-down, the radar axes and the completion list against
 * values computed here in plain JavaScript from the raw fixture ratings and
 * targets — not by re-running the SQL — for every rating view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { memberships, ratings, roleProfiles, roleProfileTargets, teamMembers, teamTargets } from '@/db/schema';
import { and, eq } from 'drizzle-orm';
import { RATING_VIEWS, type RatingView } from '@/lib/insight/effective-ratings';
import { loadHeatmap, type Heatmap } from '@/lib/insight/heatmap';
import { sortColumns, sortMembers } from '@/lib/insight/heatmap-sort';
import { contrastRatio, levelColour, relativeLuminance } from '@/lib/insight/heatmap-scale';
import { loadTeamCompletion, reminderList } from '@/lib/insight/completion';
import { loadVisibleTeams } from '@/lib/insight/visible-teams';
import { loadTeamPageContext } from '@/lib/teams/team-page';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember } from '../../fixtures/actors';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let db: Db;
let w: World;
let extra: string; // a fourth team member who rated nothing

const SECTION_OF: Record<string, string> = {
  'tech/python/basics/syntax': 'tech/python',
  'tech/python/basics/typing': 'tech/python',
  'tech/python/async/asyncio': 'tech/python',
  'tech/testing/pytest': 'tech/testing',
  'tech/testing/property-tests': 'tech/testing',
  'lead/people/mentoring': 'lead/people',
};
const SKILLS = Object.keys(SECTION_OF);

// Targets by node key: the role profile (for member and subject) and team A1's.
const ROLE_TARGETS: Record<string, number> = { tech: 2, 'tech/testing': 3, 'tech/python/async/asyncio': 4 };
const TEAM_TARGETS: Record<string, number> = { 'tech/python': 3, lead: 1 };

type Raw = {
  who: 'manager' | 'member' | 'subject';
  skill: string;
  source: 'self' | 'manager';
  level: number | null;
  na?: boolean;
};
const RAW: Raw[] = [
  { who: 'manager', skill: 'tech/python/basics/syntax', source: 'self', level: 4 },
  { who: 'manager', skill: 'tech/python/basics/typing', source: 'self', level: 3 },
  { who: 'manager', skill: 'lead/people/mentoring', source: 'self', level: 4 },
  { who: 'member', skill: 'tech/python/basics/syntax', source: 'self', level: 2 },
  { who: 'member', skill: 'tech/python/basics/typing', source: 'self', level: 1 },
  { who: 'member', skill: 'tech/python/async/asyncio', source: 'self', level: 3 },
  { who: 'member', skill: 'tech/testing/pytest', source: 'self', level: 0 },
  { who: 'member', skill: 'lead/people/mentoring', source: 'self', level: null, na: true },
  { who: 'member', skill: 'tech/python/basics/syntax', source: 'manager', level: 1 },
  { who: 'member', skill: 'tech/testing/pytest', source: 'manager', level: 2 },
  { who: 'member', skill: 'tech/testing/property-tests', source: 'manager', level: 1 },
  { who: 'subject', skill: 'tech/python/basics/syntax', source: 'self', level: 3 },
  { who: 'subject', skill: 'tech/testing/pytest', source: 'self', level: 2 },
  { who: 'subject', skill: 'tech/testing/property-tests', source: 'self', level: 1 },
  { who: 'subject', skill: 'lead/people/mentoring', source: 'manager', level: null, na: true },
];

function membershipOf(who: Raw['who']): string {
  return { manager: w.managerA1, member: w.memberA1, subject: w.subjectA1 }[who].membership.id;
}

/** The deepest ancestor-or-self key with a target wins. */
function resolve(targets: Record<string, number>, skillKey: string): number | null {
  const parts = skillKey.split('/');
  for (let depth = parts.length; depth > 0; depth -= 1) {
    const value = targets[parts.slice(0, depth).join('/')];
    if (value !== undefined) return value;
  }
  return null;
}

function expectedTarget(who: Raw['who'] | 'extra', skill: string): number | null {
  const role = who === 'member' || who === 'subject' ? resolve(ROLE_TARGETS, skill) : null;
  const team = resolve(TEAM_TARGETS, skill);
  if (role === null) return team;
  if (team === null) return role;
  return Math.max(role, team);
}

function expectedRating(who: Raw['who'], skill: string, view: RatingView): { level: number | null; na: boolean } {
  const find = (source: 'self' | 'manager') =>
    RAW.find((r) => r.who === who && r.skill === skill && r.source === source);
  const self = find('self');
  const manager = find('manager');
  const chosen = view === 'self' ? self : view === 'manager' ? manager : (manager ?? self);
  return { level: chosen?.level ?? null, na: Boolean(chosen?.na) };
}

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

interface ExpectedCell {
  mean: number | null;
  na: number;
  target: number | null;
}

function expectedCells(view: RatingView, column: (skill: string) => string | null) {
  const whos = ['manager', 'member', 'subject', 'extra'] as const;
  const cells = new Map<string, ExpectedCell>();
  const columns = new Set(SKILLS.map(column).filter((c): c is string => c !== null));
  for (const who of whos) {
    for (const col of columns) {
      const skills = SKILLS.filter((s) => column(s) === col);
      const levels: number[] = [];
      let na = 0;
      const targets: number[] = [];
      for (const skill of skills) {
        if (who !== 'extra') {
          const r = expectedRating(who, skill, view);
          if (r.level !== null) levels.push(r.level);
          if (r.na) na += 1;
        }
        const t = expectedTarget(who, skill);
        if (t !== null) targets.push(t);
      }
      cells.set(`${who}|${col}`, { mean: mean(levels), na, target: mean(targets) });
    }
  }
  const teamRow = new Map<string, { teamMean: number | null; target: number | null }>();
  for (const col of columns) {
    const means = whos
      .map((who) => cells.get(`${who}|${col}`)?.mean)
      .filter((m): m is number => m !== null && m !== undefined);
    const targets = whos.flatMap((who) =>
      SKILLS.filter((s) => column(s) === col)
        .map((s) => expectedTarget(who, s))
        .filter((t): t is number => t !== null),
    );
    teamRow.set(col, { teamMean: mean(means), target: mean(targets) });
  }
  return { cells, teamRow };
}

function actualCell(heatmap: Heatmap, membershipId: string, columnKey: string) {
  const column = heatmap.columns.find((c) => c.key === columnKey);
  if (!column) throw new Error(`no column ${columnKey}`);
  return { column, cell: heatmap.cells[membershipId]?.[column.id] };
}

function whoId(who: Raw['who'] | 'extra') {
  return who === 'extra' ? extra : membershipOf(who);
}

function expectClose(actual: number | null | undefined, expected: number | null) {
  if (expected === null) expect(actual ?? null).toBeNull();
  else expect(actual).toBeCloseTo(expected, 6);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  w = await buildWorld(db);
  const org = w.orgA;
  const fw = w.framework;
  extra = (await createMember(db, org, 'member', 'Xena Extra')).membership.id;
  await db.insert(teamMembers).values({ organizationId: org, teamId: w.teamA1, membershipId: extra });

  const [profile] = await db
    .insert(roleProfiles)
    .values({ organizationId: org, name: 'Engineer' })
    .returning({ id: roleProfiles.id });
  if (!profile) throw new Error('insert failed');
  await db.insert(roleProfileTargets).values(
    Object.entries(ROLE_TARGETS).map(([key, level]) => ({
      organizationId: org,
      roleProfileId: profile.id,
      nodeId: fw.id(key),
      level,
    })),
  );
  for (const subject of [w.memberA1, w.subjectA1]) {
    await db
      .update(memberships)
      .set({ roleProfileId: profile.id })
      .where(and(eq(memberships.organizationId, org), eq(memberships.id, subject.membership.id)));
  }
  await db.insert(teamTargets).values(
    Object.entries(TEAM_TARGETS).map(([key, level]) => ({
      organizationId: org,
      teamId: w.teamA1,
      nodeId: fw.id(key),
      level,
    })),
  );
  await db.insert(ratings).values(
    RAW.map((r) => ({
      organizationId: org,
      cycleId: w.cycleA,
      membershipId: membershipOf(r.who),
      skillId: fw.id(r.skill),
      source: r.source,
      level: r.level,
      notApplicable: Boolean(r.na),
      carriedOver: r.who === 'subject' && r.skill === 'tech/testing/pytest',
      ratedByMembershipId: r.source === 'manager' ? w.managerA1.membership.id : membershipOf(r.who),
    })),
  );
  // Another team's member rated too: must not leak into team A1.
  await db.insert(ratings).values({
    organizationId: org,
    cycleId: w.cycleA,
    membershipId: w.managerA2.membership.id,
    skillId: fw.id('tech/python/basics/syntax'),
    level: 0,
    ratedByMembershipId: w.managerA2.membership.id,
  });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

const scopeFor = (view: RatingView) => ({
  actor: w.managerA1,
  teamId: w.teamA1,
  frameworkId: w.framework.frameworkId,
  cycleId: w.cycleA,
  view,
});

describe('heatmap by section', () => {
  it.each(RATING_VIEWS)(
    'matches the means, n/a, team average and target row computed from raw ratings (%s)',
    async (view) => {
      const heatmap = await loadHeatmap(db, scopeFor(view), { by: 'section' });
      expect(heatmap.members.map((m) => m.id).sort()).toEqual(
        [w.managerA1, w.memberA1, w.subjectA1]
          .map((c) => c.membership.id)
          .concat(extra)
          .sort(),
      );
      expect(heatmap.columns.map((c) => c.key)).toEqual(['tech/python', 'tech/testing', 'lead/people']);
      const expected = expectedCells(view, (skill) => SECTION_OF[skill] ?? null);
      for (const who of ['manager', 'member', 'subject', 'extra'] as const) {
        for (const col of ['tech/python', 'tech/testing', 'lead/people']) {
          const want = expected.cells.get(`${who}|${col}`);
          const { cell } = actualCell(heatmap, whoId(who), col);
          expectClose(cell?.mean, want?.mean ?? null);
          expect(cell?.na ?? 0).toBe(want?.na ?? 0);
          expectClose(cell?.target, want?.target ?? null);
        }
      }
      for (const col of ['tech/python', 'tech/testing', 'lead/people']) {
        const { column } = actualCell(heatmap, extra, col);
        const want = expected.teamRow.get(col);
        expectClose(column.teamMean, want?.teamMean ?? null);
        expectClose(column.target, want?.target ?? null);
      }
    },
  );

  it('spells out a few cells by hand: inheritance, override and the higher of role and team', async () => {
    const heatmap = await loadHeatmap(db, scopeFor('self'), { by: 'section' });
    // Member, python: self 2,1,3 → 2.0; targets: syntax/typing max(role 2 via tech, team 3) = 3, asyncio role override 4 → 10/3.
    const python = actualCell(heatmap, w.memberA1.membership.id, 'tech/python').cell;
    expect(python?.mean).toBeCloseTo(2, 6);
    expect(python?.target).toBeCloseTo(10 / 3, 6);
    // Member, leadership: only n/a → no mean, one n/a.
    const lead = actualCell(heatmap, w.memberA1.membership.id, 'lead/people').cell;
    expect(lead?.mean ?? null).toBeNull();
    expect(lead?.na).toBe(1);
    // Manager has no role profile: python target is the team's 3 only; testing has none.
    expect(actualCell(heatmap, w.managerA1.membership.id, 'tech/python').cell?.target).toBeCloseTo(3, 6);
    expect(actualCell(heatmap, w.managerA1.membership.id, 'tech/testing').cell?.target ?? null).toBeNull();
    // Manager-else-self: the member's syntax is the manager's 1 → python (1+1+3)/3.
    const mixed = await loadHeatmap(db, scopeFor('manager-else-self'), { by: 'section' });
    expect(actualCell(mixed, w.memberA1.membership.id, 'tech/python').cell?.mean).toBeCloseTo(5 / 3, 6);
  });

  it('sorts members by gap and columns by team mean', async () => {
    const heatmap = await loadHeatmap(db, scopeFor('self'), { by: 'section' });
    const byGap = sortMembers(heatmap.members, 'gap');
    for (let i = 1; i < byGap.length; i += 1) expect(byGap[i - 1]!.gap).toBeGreaterThanOrEqual(byGap[i]!.gap);
    const byMean = sortColumns(heatmap.columns, 'mean').map((c) => c.teamMean);
    const numbers = byMean.filter((m): m is number => m !== null);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });
});

describe('drill-down into one section', () => {
  it.each(RATING_VIEWS)('gives each member × skill level and resolved target (%s)', async (view) => {
    const sectionId = w.framework.id('tech/python');
    const heatmap = await loadHeatmap(db, scopeFor(view), { by: 'skill', sectionId });
    expect(heatmap.columns.map((c) => c.key)).toEqual([
      'tech/python/basics/syntax',
      'tech/python/basics/typing',
      'tech/python/async/asyncio',
    ]);
    const expected = expectedCells(view, (skill) => (SECTION_OF[skill] === 'tech/python' ? skill : null));
    for (const who of ['manager', 'member', 'subject', 'extra'] as const) {
      for (const column of heatmap.columns) {
        const want = expected.cells.get(`${who}|${column.key}`);
        const cell = heatmap.cells[whoId(who)]?.[column.id];
        expectClose(cell?.mean, want?.mean ?? null);
        expectClose(cell?.target, want?.target ?? null);
        if (cell?.mean !== null && cell?.mean !== undefined && want?.target !== null && want?.target !== undefined) {
          expect(cell.gap).toBeCloseTo(Math.max(0, want.target - cell.mean), 6);
        }
      }
      for (const column of heatmap.columns) {
        const want = expected.teamRow.get(column.key);
        expectClose(column.teamMean, want?.teamMean ?? null);
        expectClose(column.target, want?.target ?? null);
      }
    }
  });
});

describe('radar by area', () => {
  it('averages the members’ area means and the targets of every member × skill', async () => {
    const heatmap = await loadHeatmap(db, scopeFor('self'), { by: 'area' });
    const expected = expectedCells('self', (skill) => skill.split('/')[0] ?? null);
    for (const key of ['tech', 'lead']) {
      const column = heatmap.columns.find((c) => c.key === key);
      expectClose(column?.teamMean, expected.teamRow.get(key)?.teamMean ?? null);
      expectClose(column?.target, expected.teamRow.get(key)?.target ?? null);
    }
  });
});

describe('completion', () => {
  it('counts self ratings with a level or n/a, carried-over pre-fills, least complete first', async () => {
    const rows = await loadTeamCompletion(db, {
      actor: w.managerA1,
      teamId: w.teamA1,
      frameworkId: w.framework.frameworkId,
      cycleId: w.cycleA,
    });
    const total = w.framework.skillIds.length;
    const byId = new Map(rows.map((row) => [row.membershipId, row]));
    for (const who of ['manager', 'member', 'subject'] as const) {
      const own = RAW.filter((r) => r.who === who && r.source === 'self' && (r.level !== null || r.na));
      const row = byId.get(membershipOf(who))!;
      expect(row.rated + row.confirmed + row.toConfirm).toBe(own.length);
      expect(byId.get(membershipOf(who))?.total).toBe(total);
    }
    expect(byId.get(w.subjectA1.membership.id)?.toConfirm).toBe(1);
    expect(byId.get(extra)?.rated).toBe(0);
    expect(byId.get(extra)?.lastActivity).toBeNull();
    expect(rows[0]?.membershipId).toBe(extra);
    // The carried-over rating has a value but is not done (issue 18): completion and its order count done only.
    const subject = byId.get(w.subjectA1.membership.id)!;
    expect(subject.done).toBe(subject.rated + subject.confirmed);
    expect(subject.done).toBe(subject.rated + subject.confirmed + subject.toConfirm - 1);
    for (let i = 1; i < rows.length; i += 1)
      expect(rows[i - 1]!.done / total).toBeLessThanOrEqual(rows[i]!.done / total);
    const list = reminderList(rows);
    expect(list).toContain('Xena Extra <');
    expect(list.split('\n')).toHaveLength(4);
  });
});

describe('who may open the team pages', () => {
  it('lets the team’s manager and the admin in', async () => {
    await expect(loadTeamPageContext(db, w.managerA1, w.teamA1, 'individuals')).resolves.toMatchObject({
      team: { id: w.teamA1 },
    });
    await expect(loadTeamPageContext(db, w.adminA, w.teamA1, 'individuals')).resolves.toMatchObject({
      cycle: { id: w.cycleA },
    });
  });

  it('refuses a member of the team, another team’s manager, another organization and signed-out', async () => {
    await expect(loadTeamPageContext(db, w.memberA1, w.teamA1, 'individuals')).rejects.toMatchObject({
      name: 'AuthorizationError',
    });
    await expect(loadTeamPageContext(db, w.managerA2, w.teamA1, 'individuals')).rejects.toMatchObject({
      name: 'AuthorizationError',
    });
    await expect(loadTeamPageContext(db, w.adminB, w.teamA1, 'individuals')).rejects.toMatchObject({ status: 404 });
    await expect(loadTeamPageContext(db, null, w.teamA1, 'individuals')).rejects.toMatchObject({ status: 401 });
  });

  it('lists teams by role on /teams, hiding a member’s team aggregates below three raters', async () => {
    const admin = await loadVisibleTeams(db, w.adminA, 3);
    expect(admin.map((t) => t.name).sort()).toEqual(['Data', 'Platform']);
    const manager = await loadVisibleTeams(db, w.managerA1, 3);
    expect(manager).toHaveLength(1);
    expect(manager[0]).toMatchObject({ id: w.teamA1, manages: true, memberCount: 4, raters: 3 });
    // Done ratings only: the subject's carried-over, unconfirmed pytest rating does not count (issue 18).
    const selfDone = RAW.filter(
      (r) =>
        r.source === 'self' &&
        (r.level !== null || r.na) &&
        !(r.who === 'subject' && r.skill === 'tech/testing/pytest'),
    ).length;
    expect(manager[0]?.completion?.ratingsPercent).toBe(
      Math.round((selfDone / (4 * w.framework.skillIds.length)) * 100),
    );
    const member = await loadVisibleTeams(db, w.memberA1, 3);
    expect(member).toHaveLength(1);
    expect(member[0]?.manages).toBe(false);
    // Three raters reach the threshold: the member sees the averages, never a link to individuals.
    expect(member[0]?.completion).not.toBeNull();
    const strict = await loadVisibleTeams(db, w.memberA1, 4);
    expect(strict[0]?.completion).toBeNull();
    expect(strict[0]?.teamMean).toBeNull();
    expect(await loadVisibleTeams(db, w.adminB, 3)).toHaveLength(0);
  });
});

describe('colour scale', () => {
  it('keeps text contrast at 4.5:1 or more across the whole scale', () => {
    for (let tenth = 0; tenth <= 40; tenth += 1) {
      const colour = levelColour(tenth / 10, 4);
      const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
      expect(
        contrastRatio(relativeLuminance(rgb(colour.background)), relativeLuminance(rgb(colour.text))),
      ).toBeGreaterThanOrEqual(4.5);
    }
  });
});
