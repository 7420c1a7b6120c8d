import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '@/db';
import {
  assessmentCycles,
  frameworks,
  frameworkVersions,
  learningStages,
  memberships,
  organizations,
  proficiencyLevels,
  ratings,
  skillNodes,
  users,
} from '@/db/schema';
import { toFrameworkJson, type FrameworkDocument } from '@/lib/frameworks/document';
import { loadFrameworkDocument } from '@/lib/frameworks/export';
import { importFramework } from '@/lib/frameworks/import';
import { loadFrameworkFile, parseFrameworkJson } from '@/lib/frameworks/load-file';
import { FrameworkFormatError, parseFrameworkMarkdown } from '@/lib/frameworks/parse-markdown';
import { frameworkToMarkdown } from '@/lib/frameworks/to-markdown';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const SEED_PATH = path.join(process.cwd(), 'db', 'seed', 'frameworks', 'python-devops-mastery.md');
const KEY = 'python-devops-mastery';
const GRAPH = 'core-python-fundamentals/data-structures-algorithms/graph-algorithms';
const CACHING = 'core-python-fundamentals/data-structures-algorithms/caching-strategies';

let database: TestDatabase;
let seed: Awaited<ReturnType<typeof loadFrameworkFile>>;

beforeAll(async () => {
  database = await createTestDatabase();
  seed = await loadFrameworkFile(SEED_PATH);
  // Explicit: the per-project configs do not inherit the root timeouts, and booting PGlite on a busy machine is slow.
}, 120_000);
afterAll(async () => {
  await database?.close();
});

async function createOrganization(slug: string): Promise<string> {
  const [org] = await database.db
    .insert(organizations)
    .values({ slug, name: slug })
    .returning({ id: organizations.id });
  if (!org) throw new Error('no organization');
  return org.id;
}

async function nodesOf(organizationId: string) {
  return database.db
    .select()
    .from(skillNodes)
    .where(eq(skillNodes.organizationId, organizationId))
    .orderBy(skillNodes.key);
}

function importSeed(organizationId: string, loaded = seed) {
  return importFramework(database.db, { organizationId, ...loaded });
}

describe('importing the seed framework', () => {
  let orgId: string;
  beforeAll(async () => {
    orgId = await createOrganization('acme');
  });

  it('creates 3 areas, 18 categories, 61 groups and 320 skills with their tree columns', async () => {
    const result = await importSeed(orgId);
    expect(result).toMatchObject({
      version: 1,
      changed: true,
      changes: { added: 402, renamed: 0, archived: 0, restored: 0 },
    });

    const nodes = await nodesOf(orgId);
    const count = (kind: string) => nodes.filter((node) => node.kind === kind).length;
    expect([count('area'), count('category'), count('group'), count('skill')]).toEqual([3, 18, 61, 320]);
    expect(nodes.every((node) => node.frameworkId === result.frameworkId && node.archivedAt === null)).toBe(true);

    const byId = new Map(nodes.map((node) => [node.id, node]));
    const graph = nodes.find((node) => node.key === GRAPH);
    expect(graph).toMatchObject({ kind: 'skill', name: 'Graph Algorithms', depth: 3, position: 2 });
    expect(graph?.ancestorIds.map((id) => byId.get(id)?.key)).toEqual([
      'technical',
      'core-python-fundamentals',
      'core-python-fundamentals/data-structures-algorithms',
      GRAPH,
    ]);
    const keySkill = nodes.find(
      (node) => node.key === 'key-skills-assessment-areas/leadership-collaboration/innovation',
    );
    expect(keySkill?.depth).toBe(2);
    expect(keySkill?.ancestorIds.map((id) => byId.get(id)?.key)[0]).toBe('leadership');

    const levels = await database.db
      .select()
      .from(proficiencyLevels)
      .where(eq(proficiencyLevels.organizationId, orgId))
      .orderBy(proficiencyLevels.level);
    expect(levels.map((level) => level.name)).toEqual(['None', 'Beginner', 'Intermediate', 'Advanced', 'Expert']);
    const stages = await database.db
      .select()
      .from(learningStages)
      .where(eq(learningStages.organizationId, orgId))
      .orderBy(learningStages.position);
    expect(stages.map((stage) => [stage.key, stage.fromLevel, stage.toLevel, stage.steps.length])).toEqual([
      ['beginner-to-intermediate', 1, 2, 5],
      ['intermediate-to-advanced', 2, 3, 5],
      ['advanced-to-expert', 3, 4, 5],
      ['continuous-learning', null, null, 5],
    ]);
    const versions = await database.db
      .select()
      .from(frameworkVersions)
      .where(eq(frameworkVersions.organizationId, orgId));
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: 1,
      sourceFormat: 'markdown',
      sourceHash: createHash('sha256').update(seed.sourceText).digest('hex'),
    });
  });

  it('changes nothing when the same document is imported again', async () => {
    const before = await nodesOf(orgId);
    const result = await importSeed(orgId);
    expect(result).toMatchObject({
      version: 1,
      changed: false,
      changes: { added: 0, renamed: 0, archived: 0, restored: 0 },
    });
    const after = await nodesOf(orgId);
    expect(after).toEqual(before);
    const [framework] = await database.db.select().from(frameworks).where(eq(frameworks.organizationId, orgId));
    expect(framework?.version).toBe(1);
    expect(
      await database.db.select().from(frameworkVersions).where(eq(frameworkVersions.organizationId, orgId)),
    ).toHaveLength(1);
  });

  it('renames by key, adds, archives without touching ratings, and restores', async () => {
    const before = await nodesOf(orgId);
    const idOf = (key: string) => before.find((node) => node.key === key)?.id;
    const cachingId = idOf(CACHING);
    if (!cachingId) throw new Error('no caching skill');

    // A rating on the skill about to disappear.
    const [user] = await database.db
      .insert(users)
      .values({ email: `rater-${randomUUID()}@example.com`, name: 'Rater' })
      .returning();
    const [membership] = await database.db
      .insert(memberships)
      .values({ organizationId: orgId, userId: user!.id })
      .returning();
    const [framework] = await database.db.select().from(frameworks).where(eq(frameworks.organizationId, orgId));
    const [cycle] = await database.db
      .insert(assessmentCycles)
      .values({
        organizationId: orgId,
        frameworkId: framework!.id,
        name: '2026 Q4',
        opensOn: '2026-10-01',
        closesOn: '2026-12-31',
      })
      .returning();
    await database.db.insert(ratings).values({
      organizationId: orgId,
      cycleId: cycle!.id,
      membershipId: membership!.id,
      skillId: cachingId,
      level: 3,
      ratedByMembershipId: membership!.id,
    });

    // Edit the Markdown export the way an admin would.
    const exported = frameworkToMarkdown((await loadFrameworkDocument(database.db, orgId, KEY))!);
    const lines = exported.split('\n');
    const edited = lines
      .filter((line) => !line.includes(`<!-- key: ${CACHING} -->`))
      .map((line) => line.replace('- **Graph Algorithms**:', '- **Graph Theory**:'))
      .map((line) =>
        line.includes('<!-- key: core-python-fundamentals/data-structures-algorithms/optimization-algorithms -->')
          ? `${line}\n- **Bloom Filters**: Probabilistic membership tests`
          : line,
      )
      .join('\n');
    expect(edited).not.toEqual(exported);
    const result = await importFramework(database.db, {
      organizationId: orgId,
      document: parseFrameworkMarkdown(edited),
      sourceFormat: 'markdown',
      sourceText: edited,
      actorUserId: user!.id,
    });
    expect(result).toMatchObject({
      version: 2,
      changed: true,
      changes: { added: 1, renamed: 1, archived: 1, restored: 0 },
    });

    const after = await nodesOf(orgId);
    expect(after).toHaveLength(before.length + 1);
    const graph = after.find((node) => node.key === GRAPH);
    expect(graph).toMatchObject({ id: idOf(GRAPH), name: 'Graph Theory' });
    const caching = after.find((node) => node.key === CACHING);
    expect(caching?.id).toBe(cachingId);
    expect(caching?.archivedAt).toBeInstanceOf(Date);
    const added = after.find((node) => node.name === 'Bloom Filters');
    expect(added).toMatchObject({
      key: 'core-python-fundamentals/data-structures-algorithms/bloom-filters',
      depth: 3,
      position: 4,
    });
    const kept = await database.db
      .select()
      .from(ratings)
      .where(and(eq(ratings.organizationId, orgId), eq(ratings.skillId, cachingId)));
    expect(kept).toHaveLength(1);
    expect(kept[0]?.level).toBe(3);

    // Archived nodes stay out of the default export and come back on request.
    const current = await loadFrameworkDocument(database.db, orgId, KEY);
    const full = await loadFrameworkDocument(database.db, orgId, KEY, { includeArchived: true });
    expect(JSON.stringify(current)).not.toContain(CACHING);
    expect(JSON.stringify(full)).toContain(
      `"key":"${CACHING}","kind":"skill","name":"Caching Strategies","description":"\`lru_cache\`, custom caching implementations","archived":true`,
    );

    // Re-importing the original restores the skill on its old id and archives the added one.
    const restored = await importSeed(orgId);
    expect(restored).toMatchObject({
      version: 3,
      changed: true,
      changes: { added: 0, renamed: 1, archived: 1, restored: 1 },
    });
    const final = await nodesOf(orgId);
    expect(final.find((node) => node.key === CACHING)).toMatchObject({ id: cachingId, archivedAt: null });
    expect(final.find((node) => node.name === 'Bloom Filters')?.archivedAt).toBeInstanceOf(Date);
    const versions = await database.db
      .select()
      .from(frameworkVersions)
      .where(eq(frameworkVersions.organizationId, orgId))
      .orderBy(frameworkVersions.version);
    expect(versions.map((version) => [version.version, version.createdByUserId === user!.id])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('moves a branch to another area and updates the ancestors below it', async () => {
    const document = (await loadFrameworkDocument(database.db, orgId, KEY))!;
    const [technical, devops] = document.nodes;
    const network = devops!.children.find((category) => category.key === 'network-automation')!;
    const moved: FrameworkDocument = {
      ...document,
      nodes: [
        { ...technical!, children: [...technical!.children, network] },
        { ...devops!, children: devops!.children.filter((category) => category !== network) },
        ...document.nodes.slice(2),
      ],
    };
    const result = await importFramework(database.db, {
      organizationId: orgId,
      document: moved,
      sourceFormat: 'json',
      sourceText: toFrameworkJson(moved),
    });
    expect(result.changes).toEqual({ added: 0, renamed: 1, archived: 0, restored: 0 });
    const nodes = await nodesOf(orgId);
    const technicalId = nodes.find((node) => node.key === 'technical')!.id;
    const below = nodes.filter((node) => node.key.startsWith('network-automation'));
    expect(below).toHaveLength(1 + 4 + 20);
    expect(below.every((node) => node.ancestorIds[0] === technicalId)).toBe(true);
    expect(await loadFrameworkDocument(database.db, orgId, KEY)).toEqual(moved);
  });
});

describe('JSON export', () => {
  it('imports into another organization as the same tree', async () => {
    const source = await createOrganization('json-source');
    const target = await createOrganization('json-target');
    await importSeed(source);
    const exported = toFrameworkJson((await loadFrameworkDocument(database.db, source, KEY))!);
    const result = await importFramework(database.db, {
      organizationId: target,
      document: parseFrameworkJson(exported),
      sourceFormat: 'json',
      sourceText: exported,
    });
    expect(result).toMatchObject({ version: 1, changed: true });
    expect(toFrameworkJson((await loadFrameworkDocument(database.db, target, KEY))!)).toBe(exported);
    expect(await loadFrameworkDocument(database.db, target, KEY)).toEqual(seed.document);
    // Same keys, own rows: nothing is shared between tenants.
    const sourceIds = new Set((await nodesOf(source)).map((node) => node.id));
    expect((await nodesOf(target)).some((node) => sourceIds.has(node.id))).toBe(false);
  });

  it('returns null for an unknown framework', async () => {
    const org = await createOrganization('empty');
    expect(await loadFrameworkDocument(database.db, org, KEY)).toBeNull();
  });
});

describe('failures write nothing', () => {
  it('rejects a malformed file before the database is touched, naming the line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'framework-'));
    const file = path.join(dir, 'broken.md');
    writeFileSync(file, (await readFile(SEED_PATH, 'utf8')).replace('- **Graph Algorithms**:', '- Graph Algorithms:'));
    const error = await loadFrameworkFile(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FrameworkFormatError);
    expect((error as FrameworkFormatError).line).toBe(34);
    expect((error as Error).message).toMatch(/^broken\.md:34: a skill bullet must look like/);
  });

  it('rejects an invalid document and rolls back a failed import', async () => {
    const org = await createOrganization('rollback');
    const duplicate = structuredClone(seed.document);
    duplicate.nodes[1]!.key = 'technical';
    await expect(importFramework(database.db, { organizationId: org, ...seed, document: duplicate })).rejects.toThrow(
      /duplicate key/,
    );

    // Fails on the last statement (unknown actor), after every node was inserted.
    await expect(
      importFramework(database.db, { organizationId: org, ...seed, actorUserId: randomUUID() }),
    ).rejects.toThrow();
    const counts = await database.db.execute(
      sql`select (select count(*) from ${frameworks} where organization_id = ${org})::int + (select count(*) from ${skillNodes} where organization_id = ${org})::int as total`,
    );
    expect(rowsOf<{ total: number }>(counts)[0]?.total).toBe(0);
  });
});
