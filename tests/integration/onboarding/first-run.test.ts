import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentCycles, invitations, teams } from '@/db/schema';
import { hasOpenCycle } from '@/lib/cycles/current';
import { listAdminNames, loadFirstRun } from '@/lib/onboarding/first-run';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { insertSmallFramework } from '../../fixtures/small-framework';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

const doneSteps = async (organizationId: string) =>
  (await loadFirstRun(database.db, organizationId)).steps.filter((step) => step.done).map((step) => step.id);

describe('first-run checklist', () => {
  it('ticks each step from the organization’s own rows, and only its own', async () => {
    const db = database.db;
    const orgId = await createOrganization(db, 'Fresh Org');
    const other = await createOrganization(db, 'Busy Org');
    const admin = await createMember(db, orgId, 'admin');
    await createMember(db, other, 'admin');
    // Another organization's rows tick nothing here.
    await insertSmallFramework(db, other);
    await db.insert(teams).values({ organizationId: other, name: 'Elsewhere' });

    const fresh = await loadFirstRun(db, orgId);
    expect(fresh.complete).toBe(false);
    expect(fresh.steps.map((step) => step.id)).toEqual(['framework', 'invite', 'teams', 'cycle']);
    expect(await doneSteps(orgId)).toEqual([]);
    expect(fresh.steps.find((step) => step.id === 'framework')?.href).toBe('/admin/frameworks#templates');

    const framework = await insertSmallFramework(db, orgId);
    expect(await doneSteps(orgId)).toEqual(['framework']);

    await db.insert(invitations).values({
      organizationId: orgId,
      email: 'new@example.com',
      role: 'member',
      tokenHash: 'hash-first-run',
      invitedByMembershipId: admin.membership.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    expect(await doneSteps(orgId)).toEqual(['framework', 'invite']);

    await db.insert(teams).values({ organizationId: orgId, name: 'Platform' });
    expect(await doneSteps(orgId)).toEqual(['framework', 'invite', 'teams']);
    expect(await hasOpenCycle(db, orgId)).toBe(false);

    await db.insert(assessmentCycles).values({
      organizationId: orgId,
      frameworkId: framework.frameworkId,
      name: 'First cycle',
      opensOn: '2026-01-01',
      closesOn: '2026-12-31',
    });
    const complete = await loadFirstRun(db, orgId);
    expect(complete.complete).toBe(true);
    expect(await hasOpenCycle(db, orgId)).toBe(true);
  });

  it('a second member counts as invited people even without an invitation row', async () => {
    const orgId = await createOrganization(database.db, 'Joined Org');
    await createMember(database.db, orgId, 'admin');
    await createMember(database.db, orgId, 'member');
    expect(await doneSteps(orgId)).toEqual(['invite']);
  });

  it('names the organization’s active admins for members', async () => {
    const orgId = await createOrganization(database.db, 'Named Org');
    const admin = await createMember(database.db, orgId, 'admin');
    await createMember(database.db, orgId, 'member');
    expect(await listAdminNames(database.db, orgId)).toEqual([admin.user.name]);
  });
});
