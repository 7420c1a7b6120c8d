/**
 * The team and report queries apply the authorization module's visibility
 * filters themselves (lib/insight/team-members.ts, lib/reports/gap-sql.ts), so
 * the page guard is not the only wall: called directly with another team's id,
 * each query returns nobody. Every case is paired with one that does see the
 * rows, so a query that stopped filtering — or stopped returning — fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { ratings } from '@/db/schema';
import type { Actor } from '@/lib/auth/authorize';
import { loadMemberCalibration, loadTeamCalibration } from '@/lib/insight/calibration';
import { loadCalibrationBoard } from '@/lib/insight/calibration-board';
import { loadTeamCompletion } from '@/lib/insight/completion';
import { loadTeamCoverage } from '@/lib/insight/coverage';
import { loadHeatmap, loadSectionAndAreaHeatmaps } from '@/lib/insight/heatmap';
import { findTeamMember, loadMemberSectionDetail } from '@/lib/insight/member-detail';
import type { TeamCycleScope } from '@/lib/insight/team-members';
import { loadGapSummary } from '@/lib/reports/gap-report';
import { loadGapReport } from '@/lib/reports/load-report';
import { parseGapPageParams } from '@/lib/reports/filters';
import { resolveReportScope } from '@/lib/reports/scope';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let db: Db;
let w: World;
/** Team A2's only member (and its manager), who rated some skills. */
let olga: string;
let section: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  w = await buildWorld(db);
  olga = w.managerA2.membership.id;
  section = w.framework.id('tech/python');
  const rate = (membershipId: string, key: string, level: number, source: 'self' | 'manager' = 'self') => ({
    organizationId: w.orgA,
    cycleId: w.cycleA,
    membershipId,
    skillId: w.framework.id(key),
    source,
    level,
    ratedByMembershipId: source === 'manager' ? w.adminA.membership.id : membershipId,
  });
  await db
    .insert(ratings)
    .values([
      rate(olga, 'tech/python/basics/syntax', 3),
      rate(olga, 'tech/python/basics/typing', 4),
      rate(olga, 'tech/python/basics/syntax', 1, 'manager'),
      rate(w.memberA1.membership.id, 'tech/python/basics/syntax', 2),
    ]);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

const teamA2 = (actor: Actor): TeamCycleScope => ({
  actor,
  teamId: w.teamA2,
  cycleId: w.cycleA,
  frameworkId: w.framework.frameworkId,
});

/** Who may see team A2's individuals, and who may not (another team's manager, a member, another organization). */
const allowed = () => [w.adminA, w.managerA2];
const refused = () => [w.managerA1, w.memberA1, w.subjectA1, w.adminB];

describe('team queries read only the teams the actor may see', () => {
  it('heatmaps: members and cells for the team’s manager and an admin, none for anyone else', async () => {
    for (const actor of allowed()) {
      const heatmap = await loadHeatmap(db, { ...teamA2(actor), view: 'self' }, { by: 'section' });
      expect(heatmap.members.map((m) => m.id)).toEqual([olga]);
      expect(Object.keys(heatmap.cells)).toEqual([olga]);
    }
    for (const actor of refused()) {
      const heatmap = await loadHeatmap(db, { ...teamA2(actor), view: 'self' }, { by: 'section' });
      expect(heatmap.members).toEqual([]);
      expect(heatmap.cells).toEqual({});
      const { bySection, byArea } = await loadSectionAndAreaHeatmaps(db, { ...teamA2(actor), view: 'manager' });
      expect(bySection.members).toEqual([]);
      expect(byArea.cells).toEqual({});
    }
  });

  it('completion, coverage and calibration: the same', async () => {
    for (const actor of allowed()) {
      expect((await loadTeamCompletion(db, teamA2(actor))).map((row) => row.membershipId)).toEqual([olga]);
      const coverage = await loadTeamCoverage(db, { ...teamA2(actor), view: 'self' });
      expect(coverage.skills.reduce((sum, skill) => sum + skill.rated, 0)).toBe(2);
      const calibration = await loadTeamCalibration(db, teamA2(actor));
      expect(calibration.members.map((m) => m.membershipId)).toEqual([olga]);
      expect(calibration.cells).toHaveLength(1);
    }
    for (const actor of refused()) {
      expect(await loadTeamCompletion(db, teamA2(actor))).toEqual([]);
      const coverage = await loadTeamCoverage(db, { ...teamA2(actor), view: 'self' });
      expect(coverage.skills.reduce((sum, skill) => sum + skill.rated + skill.holders, 0)).toBe(0);
      const calibration = await loadTeamCalibration(db, teamA2(actor));
      expect(calibration).toMatchObject({ members: [], cells: [], flags: [] });
    }
  });

  it('one member’s detail, board and calibration: only for who may see that member', async () => {
    for (const actor of [w.adminA, w.managerA2]) {
      expect(await findTeamMember(db, teamA2(actor), olga)).toEqual({ membershipId: olga, name: 'Olga Other' });
      expect((await loadMemberSectionDetail(db, teamA2(actor), olga, section)).length).toBeGreaterThan(0);
    }
    const board = await loadCalibrationBoard(db, { ...teamA2(w.adminA), membershipId: olga });
    expect(board.flatMap((s) => s.skills)).toHaveLength(2);
    expect((await loadMemberCalibration(db, { ...teamA2(w.adminA), membershipId: olga, page: 1 })).total).toBe(2);

    for (const actor of refused()) {
      expect(await findTeamMember(db, teamA2(actor), olga)).toBeNull();
      expect(await loadMemberSectionDetail(db, teamA2(actor), olga, section)).toEqual([]);
      expect(await loadCalibrationBoard(db, { ...teamA2(actor), membershipId: olga })).toEqual([]);
      expect(await loadMemberCalibration(db, { ...teamA2(actor), membershipId: olga, page: 1 })).toEqual({
        rows: [],
        total: 0,
      });
    }
  });
});

describe('the gap report reads only the members the actor may see', () => {
  const summaryFor = async (actor: Actor, team?: string) => {
    const { scope } = await resolveReportScope(db, actor, { team, minGap: 1, interestOnly: false, view: 'self' });
    if (!scope) throw new Error('no scope');
    return loadGapSummary(db, scope);
  };

  it('a team filter selects that team’s members only for its manager or an admin', async () => {
    expect((await summaryFor(w.adminA, w.teamA2)).membersInScope).toBe(1);
    expect((await summaryFor(w.managerA2, w.teamA2)).membersInScope).toBe(1);
    expect((await summaryFor(w.managerA1, w.teamA1)).membersInScope).toBe(3);
    expect((await summaryFor(w.managerA1, w.teamA2)).membersInScope).toBe(0);
    expect((await summaryFor(w.memberA1, w.teamA1)).membersInScope).toBe(0);
  });

  it('without a team filter: the whole organization for an admin, only whom they may see for anyone else', async () => {
    expect((await summaryFor(w.adminA)).membersInScope).toBe(5);
    // A manager sees themselves and their team's members; a member only themselves.
    expect((await summaryFor(w.managerA1)).membersInScope).toBe(3);
    expect((await summaryFor(w.memberA1)).membersInScope).toBe(1);
  });

  it('offers as filters only the teams the actor may report on', async () => {
    const names = async (actor: Actor) =>
      (await loadGapReport(db, actor, parseGapPageParams({}))).options.teams.map((team) => team.name);
    expect(await names(w.adminA)).toEqual(['Data', 'Platform']);
    expect(await names(w.managerA1)).toEqual(['Platform']);
    expect(await names(w.memberA1)).toEqual([]);
  });
});
