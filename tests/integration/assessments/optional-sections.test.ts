import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { assessmentCycles, memberships, roleProfiles, roleProfileTargets } from '@/db/schema';
import { loadAssessment } from '@/lib/assessments/queries';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
});
afterAll(async () => {
  await database?.close();
});

async function optionalSectionKeys(): Promise<string[]> {
  const [cycle] = await database.db.select().from(assessmentCycles).where(eq(assessmentCycles.id, world.cycleA));
  const data = await loadAssessment(database.db, world.orgA, world.memberA1.membership.id, cycle!);
  const keyOf = new Map(data.areas.flatMap((area) => area.sections.map((section) => [section.id, section.key])));
  return data.optionalSectionIds.map((id) => keyOf.get(id) ?? id).sort();
}

describe('/assess sections outside the member’s profile', () => {
  it('are all required while the member has no targets', async () => {
    expect(await optionalSectionKeys()).toEqual([]);
  });

  it('are optional once a role profile targets only some sections', async () => {
    const [profile] = await database.db
      .insert(roleProfiles)
      .values({ organizationId: world.orgA, name: 'Python dev' })
      .returning();
    await database.db.insert(roleProfileTargets).values({
      organizationId: world.orgA,
      roleProfileId: profile!.id,
      nodeId: world.framework.id('tech/python'),
      level: 3,
    });
    await database.db
      .update(memberships)
      .set({ roleProfileId: profile!.id })
      .where(eq(memberships.id, world.memberA1.membership.id));
    expect(await optionalSectionKeys()).toEqual(['lead/people', 'tech/testing']);
  });
});
