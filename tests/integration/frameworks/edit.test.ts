import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  assessmentCycles,
  auditLog,
  frameworks,
  frameworkVersions,
  proficiencyLevels,
  ratings,
  skillNodes,
} from '@/db/schema';
import { loadAssessment } from '@/lib/assessments/queries';
import {
  addFrameworkNodeAction,
  archiveFrameworkNodeAction,
  moveFrameworkNodeAction,
  renameFrameworkNodeAction,
  restoreFrameworkNodeAction,
  updateProficiencyLevelAction,
} from '@/lib/frameworks/edit-actions';
import { importFramework } from '@/lib/frameworks/import';
import { loadFrameworkFile } from '@/lib/frameworks/load-file';
import type { SessionContext } from '@/lib/auth/session';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const SEED_PATH = path.join(process.cwd(), 'db', 'seed', 'frameworks', 'python-devops-mastery.md');

let database: TestDatabase;
let organizationId: string;
let frameworkId: string;
let admin: SessionContext;
let member: SessionContext;
let cycleId: string;
/** The first section's skills, in order. */
let skills: { id: string; key: string; name: string; parentId: string | null; position: number }[];

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  const db = database.db;
  organizationId = await createOrganization(db, 'Editors');
  const loaded = await loadFrameworkFile(SEED_PATH);
  frameworkId = (await importFramework(db, { organizationId, ...loaded })).frameworkId;
  admin = await createMember(db, organizationId, 'admin');
  member = await createMember(db, organizationId, 'member');
  const [cycle] = await db
    .insert(assessmentCycles)
    .values({ organizationId, frameworkId, name: 'Q4', opensOn: '2026-10-01', closesOn: '2026-12-31' })
    .returning();
  cycleId = cycle!.id;
  const [firstSkill] = await db
    .select({ parentId: skillNodes.parentId })
    .from(skillNodes)
    .where(and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.kind, 'skill')))
    .orderBy(asc(skillNodes.depth), asc(skillNodes.key))
    .limit(1);
  skills = await db
    .select({
      id: skillNodes.id,
      key: skillNodes.key,
      name: skillNodes.name,
      parentId: skillNodes.parentId,
      position: skillNodes.position,
    })
    .from(skillNodes)
    .where(and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.parentId, firstSkill!.parentId!)))
    .orderBy(asc(skillNodes.position));
  expect(skills.length).toBeGreaterThanOrEqual(3);
  await db.insert(ratings).values(
    skills.slice(0, 3).map((skill, index) => ({
      organizationId,
      cycleId,
      membershipId: member.membership.id,
      skillId: skill.id,
      level: index + 1,
      ratedByMembershipId: member.membership.id,
    })),
  );
});
afterAll(async () => {
  await database?.close();
});

async function version(): Promise<number> {
  const [row] = await database.db
    .select({ version: frameworks.version })
    .from(frameworks)
    .where(eq(frameworks.id, frameworkId));
  return row!.version;
}

async function ratingRows() {
  return database.db.select().from(ratings).where(eq(ratings.organizationId, organizationId)).orderBy(asc(ratings.id));
}

async function nodeRows() {
  return database.db
    .select()
    .from(skillNodes)
    .where(eq(skillNodes.organizationId, organizationId))
    .orderBy(asc(skillNodes.key));
}

describe('editing a framework in place', () => {
  it('renames, archives and reorders skills as new versions, keeping every rating on its node', async () => {
    const db = database.db;
    const [renamed, archived, moved] = [skills[0]!, skills[1]!, skills[2]!];
    const ratingsBefore = await ratingRows();
    const start = await version();
    actAs(admin);

    const rename = await renameFrameworkNodeAction({
      frameworkId,
      nodeId: renamed.id,
      name: '  Metaclasses,  descriptors ',
      description: 'New words.',
    });
    expect(rename).toMatchObject({ ok: true, data: { version: start + 1 } });
    const archive = await archiveFrameworkNodeAction({ frameworkId, nodeId: archived.id });
    expect(archive).toMatchObject({ ok: true, data: { version: start + 2 } });
    const move = await moveFrameworkNodeAction({ frameworkId, nodeId: moved.id, direction: 'up' });
    expect(move).toMatchObject({ ok: true, data: { version: start + 3 } });
    expect(await version()).toBe(start + 3);

    // Ratings: the very same rows, untouched.
    expect(await ratingRows()).toEqual(ratingsBefore);

    const nodes = new Map((await nodeRows()).map((node) => [node.id, node]));
    expect(nodes.get(renamed.id)).toMatchObject({
      key: renamed.key,
      name: 'Metaclasses, descriptors',
      description: 'New words.',
    });
    expect(nodes.get(archived.id)?.archivedAt).toBeInstanceOf(Date);
    // Moving up skips the archived sibling, so the third skill passes it and lands before the renamed one.
    const live = [...nodes.values()]
      .filter((node) => node.parentId === renamed.parentId && !node.archivedAt)
      .sort((a, b) => a.position - b.position)
      .map((node) => node.id);
    expect(live.slice(0, 2)).toEqual([moved.id, renamed.id]);

    const versions = await db
      .select()
      .from(frameworkVersions)
      .where(eq(frameworkVersions.frameworkId, frameworkId))
      .orderBy(asc(frameworkVersions.version));
    expect(versions.slice(-3).map((row) => [row.version, row.sourceFormat, row.changes])).toEqual([
      [start + 1, 'edit', { added: 0, renamed: 1, archived: 0, restored: 0 }],
      [start + 2, 'edit', { added: 0, renamed: 0, archived: 1, restored: 0 }],
      [start + 3, 'edit', { added: 0, renamed: 0, archived: 0, restored: 0 }],
    ]);
    expect(versions.at(-1)!.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, 'framework.edited')));
    expect(audits).toHaveLength(3);

    // /assess: the archived skill is gone, the renamed one shows its new name, the moved one comes first.
    const [cycle] = await db.select().from(assessmentCycles).where(eq(assessmentCycles.id, cycleId));
    const data = await loadAssessment(db, organizationId, member.membership.id, cycle!);
    const shown = data.areas.flatMap((area) =>
      area.sections.flatMap((section) => section.groups.flatMap((group) => group.skills)),
    );
    expect(shown.some((skill) => skill.id === archived.id)).toBe(false);
    expect(shown.find((skill) => skill.id === renamed.id)?.name).toBe('Metaclasses, descriptors');
    const ids = shown.map((skill) => skill.id);
    expect(ids.indexOf(moved.id)).toBeLessThan(ids.indexOf(renamed.id));
  });

  it('archives a subtree, restores it, and adds nodes with unique keys and correct ancestors', async () => {
    const db = database.db;
    actAs(admin);
    const parentId = skills[0]!.parentId!;
    const parentBefore = (await nodeRows()).find((node) => node.id === parentId)!;
    const liveChildren = (await nodeRows()).filter((node) => node.parentId === parentId && !node.archivedAt).length;

    expect(await archiveFrameworkNodeAction({ frameworkId, nodeId: parentId })).toMatchObject({ ok: true });
    let children = (await nodeRows()).filter((node) => node.parentId === parentId);
    expect(children.every((node) => node.archivedAt)).toBe(true);
    expect(await restoreFrameworkNodeAction({ frameworkId, nodeId: parentId })).toMatchObject({ ok: true });
    children = (await nodeRows()).filter((node) => node.parentId === parentId);
    // The skill archived on its own before stays archived.
    expect(children.filter((node) => !node.archivedAt)).toHaveLength(liveChildren);
    expect(children.find((node) => node.id === skills[1]!.id)?.archivedAt).toBeInstanceOf(Date);

    const first = await addFrameworkNodeAction({ frameworkId, parentId, kind: 'skill', name: 'Pattern Matching!' });
    const second = await addFrameworkNodeAction({ frameworkId, parentId, kind: 'skill', name: 'pattern matching' });
    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({ ok: true });
    const nodes = await nodeRows();
    const added = [first, second].map((result) => nodes.find((node) => result.ok && node.id === result.data?.nodeId)!);
    expect(added.map((node) => node.key)).toEqual([
      `${parentBefore.key}/pattern-matching`,
      `${parentBefore.key}/pattern-matching-2`,
    ]);
    expect(added[0]).toMatchObject({
      depth: parentBefore.depth + 1,
      ancestorIds: [...parentBefore.ancestorIds, added[0]!.id],
      archivedAt: null,
    });

    const [versionRow] = await db
      .select()
      .from(frameworkVersions)
      .where(and(eq(frameworkVersions.frameworkId, frameworkId), eq(frameworkVersions.version, await version())));
    expect(versionRow?.changes).toEqual({ added: 1, renamed: 0, archived: 0, restored: 0 });

    // A skill holds nothing.
    expect(
      await addFrameworkNodeAction({ frameworkId, parentId: added[0]!.id, kind: 'skill', name: 'Nested' }),
    ).toMatchObject({ ok: false });

    expect(
      await updateProficiencyLevelAction({ frameworkId, level: 1, name: 'Novice', descriptor: 'Has read about it.' }),
    ).toMatchObject({ ok: true });
    const [level] = await db
      .select()
      .from(proficiencyLevels)
      .where(and(eq(proficiencyLevels.frameworkId, frameworkId), eq(proficiencyLevels.level, 1)));
    expect(level).toMatchObject({ name: 'Novice', descriptor: 'Has read about it.' });
  });

  it('refuses non-admins, other organizations’ ids and bad input, changing nothing', async () => {
    const db = database.db;
    const before = { version: await version(), nodes: await nodeRows() };
    const target = skills[2]!.id;

    actAs(member);
    expect(await renameFrameworkNodeAction({ frameworkId, nodeId: target, name: 'Hijacked' })).toMatchObject({
      ok: false,
    });
    actAs(await createMember(db, organizationId, 'manager'));
    expect(await archiveFrameworkNodeAction({ frameworkId, nodeId: target })).toMatchObject({ ok: false });

    // Another organization's admin: the ids are "not found", even with their own framework id.
    const otherOrg = await createOrganization(db, 'Other');
    const otherAdmin = await createMember(db, otherOrg, 'admin');
    const loaded = await loadFrameworkFile(SEED_PATH);
    const otherFramework = (await importFramework(db, { organizationId: otherOrg, ...loaded })).frameworkId;
    actAs(otherAdmin);
    expect(await renameFrameworkNodeAction({ frameworkId, nodeId: target, name: 'Hijacked' })).toEqual({
      ok: false,
      error: 'That framework was not found.',
    });
    expect(await renameFrameworkNodeAction({ frameworkId: otherFramework, nodeId: target, name: 'Hijacked' })).toEqual({
      ok: false,
      error: 'That node was not found.',
    });

    actAs(admin);
    for (const bad of [
      { frameworkId, nodeId: target, name: '' },
      { frameworkId, nodeId: target, name: 'x'.repeat(301) },
      { frameworkId, nodeId: 'not-a-uuid', name: 'Fine' },
      { frameworkId, nodeId: target, name: { nested: true } },
    ]) {
      const result = await renameFrameworkNodeAction(bad);
      expect(result.ok).toBe(false);
    }
    expect(await moveFrameworkNodeAction({ frameworkId, nodeId: target, direction: 'sideways' })).toMatchObject({
      ok: false,
    });
    expect(await addFrameworkNodeAction({ frameworkId, kind: 'skill', name: 'Top-level skill' })).toMatchObject({
      ok: false,
      error: 'Only areas sit at the top of the framework.',
    });
    expect(
      await updateProficiencyLevelAction({ frameworkId, level: 9, name: 'Nine', descriptor: 'No such level.' }),
    ).toMatchObject({ ok: false });

    expect(await version()).toBe(before.version);
    expect(await nodeRows()).toEqual(before.nodes);
  });
});
