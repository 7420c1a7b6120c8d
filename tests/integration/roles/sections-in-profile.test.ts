import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleProfileTargets, roleProfiles, memberships, teamTargets } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { sectionsInProfile } from '@/lib/roles/sections-in-profile';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('sectionsInProfile', () => {
  it('lists the sections holding a skill with a resolved target above 0', async () => {
    const db = database.db;
    const fw = world.framework;
    const member = world.subjectA1.membership.id;
    const sections = () => sectionsInProfile(db, world.orgA, member, fw.frameworkId);
    expect(await sections()).toEqual([]);

    const [profile] = await db.insert(roleProfiles).values({ organizationId: world.orgA, name: 'Scoped' }).returning();
    await db.update(memberships).set({ roleProfileId: profile!.id }).where(eq(memberships.id, member));
    // Python through one group only; the whole Testing section at 0 does not count.
    await db.insert(roleProfileTargets).values([
      { organizationId: world.orgA, roleProfileId: profile!.id, nodeId: fw.id('tech/python/async'), level: 2 },
      { organizationId: world.orgA, roleProfileId: profile!.id, nodeId: fw.id('tech/testing'), level: 0 },
    ]);
    expect(await sections()).toEqual([fw.id('tech/python')]);

    // Team targets count too.
    await db
      .insert(teamTargets)
      .values({ organizationId: world.orgA, teamId: world.teamA1, nodeId: fw.id('lead'), level: 1 });
    expect((await sections()).sort()).toEqual([fw.id('tech/python'), fw.id('lead/people')].sort());

    // Another organization's id sees nothing.
    expect(await sectionsInProfile(db, world.orgB, member, fw.frameworkId)).toEqual([]);
  });
});
