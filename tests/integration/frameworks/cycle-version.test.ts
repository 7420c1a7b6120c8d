/**
 * Issue 7's "done when": edit the seed framework (rename a skill, archive
 * another, move a third), publish, and show that the old cycle's ratings and
 * reports are unchanged byte for byte, while a new cycle uses the new version.
 */
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '@/db';
import {
  assessmentCycles,
  memberships,
  ratings,
  roleProfiles,
  roleProfileTargets,
  skillNodes,
  teamManagers,
  teamMembers,
  teams,
  type AssessmentCycle,
} from '@/db/schema';
import { GET as gapCsv } from '@/app/api/reports/gaps.csv/route';
import { saveRatingsAction } from '@/lib/assessments/actions';
import type { AssessmentData } from '@/lib/assessments/assessment-data';
import { loadAssessment } from '@/lib/assessments/queries';
import type { SessionContext } from '@/lib/auth/session';
import { closeCycleAction, openCycleAction } from '@/lib/cycles/actions';
import type { FrameworkNode } from '@/lib/frameworks/document';
import { canonicalJson } from '@/lib/frameworks/edit';
import { archiveFrameworkNodeAction, renameFrameworkNodeAction } from '@/lib/frameworks/edit-actions';
import { loadFrameworkDocument } from '@/lib/frameworks/export';
import { importFramework } from '@/lib/frameworks/import';
import { loadFrameworkFile } from '@/lib/frameworks/load-file';
import { loadCompletion } from '@/lib/assessments/completion';
import { loadGaps } from '@/lib/profile/gaps';
import { loadRadar } from '@/lib/profile/radar';
import type { GapPageParams } from '@/lib/reports/filters';
import { loadGapReport } from '@/lib/reports/load-report';
import { loadTeamCompletion } from '@/lib/insight/completion';
import { loadHeatmap } from '@/lib/insight/heatmap';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const SEED_PATH = path.join(process.cwd(), 'db', 'seed', 'frameworks', 'python-devops-mastery.md');

let database: TestDatabase;
let org: string;
let frameworkId: string;
let frameworkKey: string;
let teamId: string;
let admin: SessionContext;
let manager: SessionContext;
let people: SessionContext[];
let oldCycle: AssessmentCycle;
/** Three skills under one parent P: x is renamed, y archived, z moved under Q. */
let x: { id: string; name: string };
let y: { id: string; name: string };
let z: { id: string; name: string };
let parentP: { id: string; key: string };
let parentQ: { id: string; key: string };

async function cycleRow(id: string): Promise<AssessmentCycle> {
  const [row] = await database.db.select().from(assessmentCycles).where(eq(assessmentCycles.id, id));
  return row!;
}

async function openCycle(name: string): Promise<AssessmentCycle> {
  actAs(admin);
  // No framework named: the organization's only framework, at its current version.
  const opened = await openCycleAction({
    name,
    opensOn: '2026-01-01',
    closesOn: '2026-03-31',
    frameworkId: '',
    closePrevious: 'on',
  });
  expect(opened.ok, JSON.stringify(opened)).toBe(true);
  return cycleRow((opened as { data: { cycleId: string } }).data.cycleId);
}

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  const db = database.db;
  org = await createOrganization(db, 'Versioned cycles');
  const loaded = await loadFrameworkFile(SEED_PATH);
  frameworkKey = loaded.document.key;
  frameworkId = (await importFramework(db, { organizationId: org, ...loaded })).frameworkId;
  admin = await createMember(db, org, 'admin');
  manager = await createMember(db, org, 'manager');
  people = [];
  for (let i = 0; i < 4; i += 1) people.push(await createMember(db, org, 'member', `Person ${i}`));

  // P: the first parent with at least three skills; Q: another parent of the same kind in another area.
  const parents = rowsOf<{ id: string; key: string; kind: string; area: string; skills: number }>(
    await db.execute(sql`
      select p.id, p.key, p.kind, p.ancestor_ids[1]::text as area, count(*)::int as skills
      from skill_nodes p join skill_nodes s on s.organization_id = p.organization_id and s.parent_id = p.id and s.kind = 'skill'
      where p.organization_id = ${org}
      group by p.id order by p.depth, p.position, p.key`),
  );
  const p = parents.find((row) => row.skills >= 3)!;
  const q = parents.find((row) => row.kind === p.kind && row.area !== p.area)!;
  parentP = { id: p.id, key: p.key };
  parentQ = { id: q.id, key: q.key };
  const skillsOf = (parentId: string) =>
    db
      .select({ id: skillNodes.id, name: skillNodes.name })
      .from(skillNodes)
      .where(and(eq(skillNodes.organizationId, org), eq(skillNodes.parentId, parentId)))
      .orderBy(asc(skillNodes.position));
  const pSkills = await skillsOf(p.id);
  const qSkills = await skillsOf(q.id);
  [x, y, z] = pSkills as [typeof x, typeof y, typeof z];

  const [team] = await db.insert(teams).values({ organizationId: org, name: 'Platform' }).returning({ id: teams.id });
  teamId = team!.id;
  await db.insert(teamManagers).values({ organizationId: org, teamId, membershipId: manager.membership.id });
  await db
    .insert(teamMembers)
    .values(people.map((person) => ({ organizationId: org, teamId, membershipId: person.membership.id })));

  // Targets on P and Q (the nodes, not the skills): a moved skill would change target if reports used the live tree.
  const [profile] = await db
    .insert(roleProfiles)
    .values({ organizationId: org, name: 'Engineer' })
    .returning({ id: roleProfiles.id });
  await db.insert(roleProfileTargets).values([
    { organizationId: org, roleProfileId: profile!.id, nodeId: p.id, level: 3 },
    { organizationId: org, roleProfileId: profile!.id, nodeId: q.id, level: 4 },
  ]);
  await db.update(memberships).set({ roleProfileId: profile!.id }).where(eq(memberships.organizationId, org));

  oldCycle = await openCycle('2026 Q1');
  const rated = [...pSkills, ...qSkills];
  await db.insert(ratings).values(
    people.flatMap((person, i) =>
      rated.map((skill, j) => ({
        organizationId: org,
        cycleId: oldCycle.id,
        membershipId: person.membership.id,
        skillId: skill.id,
        level: (i + j) % 5,
        interest: (i + j) % 3 === 0,
        ratedByMembershipId: person.membership.id,
        changedAt: new Date(Date.UTC(2026, 0, 10 + i, j)),
      })),
    ),
  );
  actAs(admin);
  expect((await closeCycleAction({ cycleId: oldCycle.id })).ok).toBe(true);
  oldCycle = await cycleRow(oldCycle.id);
});
afterAll(async () => {
  await database?.close();
});

const gapParams = (cycle: string, extra: Partial<GapPageParams> = {}): GapPageParams => ({
  by: 'skill',
  sort: 'total',
  dir: 'desc',
  page: 1,
  minGap: 1,
  interestOnly: false,
  view: 'self',
  cycle,
  ...extra,
});

/** Everything the old cycle shows anywhere, serialised: ratings, gap report (+ CSV), heatmaps, completion, /me, /assess. */
async function everythingAbout(cycle: AssessmentCycle): Promise<Record<string, string>> {
  const db = database.db;
  const out: Record<string, string> = {};
  out.ratings = JSON.stringify(
    await db
      .select()
      .from(ratings)
      .where(and(eq(ratings.organizationId, org), eq(ratings.cycleId, cycle.id)))
      .orderBy(asc(ratings.membershipId), asc(ratings.skillId), asc(ratings.source)),
  );
  for (const by of ['skill', 'person'] as const) {
    out[`gaps-${by}`] = JSON.stringify(await loadGapReport(db, admin, gapParams(cycle.id, { by })));
    out[`gaps-${by}-team`] = JSON.stringify(await loadGapReport(db, admin, gapParams(cycle.id, { by, team: teamId })));
  }
  actAs(admin);
  for (const format of ['long', 'wide']) {
    const response = await gapCsv(
      new Request(`http://localhost:3000/api/reports/gaps.csv?cycle=${cycle.id}&format=${format}`),
    );
    expect(response.status).toBe(200);
    out[`csv-${format}`] = await response.text();
  }
  const heatScope = { actor: admin, teamId, frameworkId, cycleId: cycle.id, view: 'self' as const };
  // `cells` is a map (member → column → numbers) filled in the order rows arrive, which no query fixes: keys sorted.
  out.heatArea = canonicalJson(await loadHeatmap(db, heatScope, { by: 'area' }));
  out.heatSection = canonicalJson(await loadHeatmap(db, heatScope, { by: 'section' }));
  out.heatSkills = canonicalJson(await loadHeatmap(db, heatScope, { by: 'skill', sectionId: parentP.id }));
  out.completion = JSON.stringify(
    await loadTeamCompletion(db, { actor: admin, teamId, frameworkId, cycleId: cycle.id }),
  );
  const me = { organizationId: org, membershipId: people[1]!.membership.id, frameworkId, cycleId: cycle.id };
  out.meGaps = JSON.stringify(await loadGaps(db, me));
  out.meCompletion = JSON.stringify(await loadCompletion(db, me));
  out.meRadar = JSON.stringify(await loadRadar(db, me, 'section'));
  out.assess = JSON.stringify(await loadAssessment(db, org, people[1]!.membership.id, cycle));
  return out;
}

function skillsIn(data: AssessmentData) {
  return data.areas.flatMap((area) =>
    area.sections.flatMap((section) =>
      section.groups.flatMap((group) =>
        group.skills.map((skill) => ({ ...skill, groupId: group.id, sectionId: section.id })),
      ),
    ),
  );
}

describe('a cycle is bound to the framework version it was opened with', () => {
  let before: Record<string, string>;
  let newCycle: AssessmentCycle;

  it('binds the cycle to the version current when it opened', () => {
    expect(oldCycle.frameworkVersion).toBe(1);
    expect(oldCycle.status).toBe('closed');
  });

  it('rename, archive and move publish versions 2–4; the old cycle reads byte for byte the same', async () => {
    before = await everythingAbout(oldCycle);
    // Sanity: the skills to change are in the old cycle's reports.
    expect(before['csv-long']).toContain(y.name);
    expect(before['csv-long']).toContain(x.name);
    expect(before.heatSkills).toContain(y.name);

    actAs(admin);
    expect(
      await renameFrameworkNodeAction({ frameworkId, nodeId: x.id, name: `${x.name} (renamed)`, description: '' }),
    ).toMatchObject({
      ok: true,
      data: { version: 2 },
    });
    expect(await archiveFrameworkNodeAction({ frameworkId, nodeId: y.id })).toMatchObject({
      ok: true,
      data: { version: 3 },
    });
    // Moving to another parent is an import of the edited tree (z keeps its key, so its ratings).
    const document = (await loadFrameworkDocument(database.db, org, frameworkKey, { includeArchived: true }))!;
    const zKey = (await database.db.select({ key: skillNodes.key }).from(skillNodes).where(eq(skillNodes.id, z.id)))[0]!
      .key;
    let moved: FrameworkNode | undefined;
    const detach = (nodes: FrameworkNode[]): FrameworkNode[] =>
      nodes.flatMap((node) => {
        if (node.key === zKey) {
          moved = node;
          return [];
        }
        return [{ ...node, children: detach(node.children) }];
      });
    const attach = (nodes: FrameworkNode[]): FrameworkNode[] =>
      nodes.map((node) =>
        node.key === parentQ.key
          ? { ...node, children: [...node.children, moved!] }
          : { ...node, children: attach(node.children) },
      );
    const edited = { ...document, nodes: attach(detach(document.nodes)) };
    const published = await importFramework(database.db, {
      organizationId: org,
      document: edited,
      sourceFormat: 'json',
      sourceText: JSON.stringify(edited),
      actorUserId: admin.user.id,
    });
    expect(published).toMatchObject({ changed: true, version: 4 });
    const [zNow] = await database.db
      .select({ parentId: skillNodes.parentId })
      .from(skillNodes)
      .where(eq(skillNodes.id, z.id));
    expect(zNow!.parentId).toBe(parentQ.id);

    const after = await everythingAbout(oldCycle);
    for (const key of Object.keys(before)) expect(after[key], key).toBe(before[key]);
    // In particular the archived skill's ratings stay and it still appears under its old name in the old cycle.
    expect(after['csv-long']).toContain(y.name);
    expect(after['csv-long']).not.toContain('(renamed)');
  });

  it('a cycle opened afterwards uses version 4: no archived skill, the moved one under its new parent, the new name', async () => {
    newCycle = await openCycle('2026 Q2');
    expect(newCycle.frameworkVersion).toBe(4);
    const data = await loadAssessment(database.db, org, people[0]!.membership.id, newCycle);
    const skills = skillsIn(data);
    expect(skills.find((skill) => skill.id === y.id)).toBeUndefined();
    expect(skills.find((skill) => skill.id === x.id)?.name).toBe(`${x.name} (renamed)`);
    const zEntry = skills.find((skill) => skill.id === z.id)!;
    expect([zEntry.groupId, zEntry.sectionId]).toContain(parentQ.id);
    // Carried over from the old cycle: every rating but the archived skill's.
    const carried = await database.db
      .select({ skillId: ratings.skillId })
      .from(ratings)
      .where(
        and(
          eq(ratings.organizationId, org),
          eq(ratings.cycleId, newCycle.id),
          eq(ratings.membershipId, people[0]!.membership.id),
        ),
      );
    const carriedIds = carried.map((row) => row.skillId);
    expect(carriedIds).toContain(x.id);
    expect(carriedIds).toContain(z.id);
    expect(carriedIds).not.toContain(y.id);
    // The new cycle's reports: the new name, no archived skill.
    actAs(admin);
    const csv = await (
      await gapCsv(new Request(`http://localhost:3000/api/reports/gaps.csv?cycle=${newCycle.id}`))
    ).text();
    expect(csv).not.toContain(`,${y.name},`);
    const heat = await loadHeatmap(
      database.db,
      { actor: admin, teamId, frameworkId, cycleId: newCycle.id, view: 'self' },
      { by: 'skill', sectionId: parentP.id },
    );
    expect(heat.columns.map((column) => column.id)).not.toContain(y.id);
    expect(heat.columns.find((column) => column.id === x.id)?.name).toBe(`${x.name} (renamed)`);
  });

  it('an open cycle keeps its version for reports, but /assess and saving never offer a skill archived since', async () => {
    const data = await loadAssessment(database.db, org, people[0]!.membership.id, newCycle);
    const victim = skillsIn(data).find((skill) => skill.id !== x.id && skill.id !== z.id)!;
    actAs(admin);
    expect(await archiveFrameworkNodeAction({ frameworkId, nodeId: victim.id })).toMatchObject({
      ok: true,
      data: { version: 5 },
    });

    const after = skillsIn(await loadAssessment(database.db, org, people[0]!.membership.id, newCycle));
    expect(after.map((skill) => skill.id)).not.toContain(victim.id);
    expect(after).toHaveLength(skillsIn(data).length - 1);
    actAs(people[0]!);
    const save = await saveRatingsAction({
      cycleId: newCycle.id,
      changes: [
        {
          skillId: victim.id,
          level: 2,
          notApplicable: false,
          interest: false,
          note: null,
          changedAt: new Date().toISOString(),
          clientChangeId: 'c1',
        },
      ],
    });
    expect(save.ok).toBe(false);
    // The cycle is still bound to version 4.
    expect((await cycleRow(newCycle.id)).frameworkVersion).toBe(4);
  });
});
