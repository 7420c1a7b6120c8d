import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentCycles, ratings, teams } from '@/db/schema';
import { listMemberCycles, loadAssessment, resolveAssessmentCycle } from '@/lib/assessments/queries';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { insertSmallFramework } from '../../fixtures/small-framework';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('what /assess loads', () => {
  it('builds areas → sections → groups, with levels and the member’s own ratings only', async () => {
    const db = database.db;
    const organizationId = await createOrganization(db, 'Acme');
    const framework = await insertSmallFramework(db, organizationId);
    const member = await createMember(db, organizationId, 'member');
    const peer = await createMember(db, organizationId, 'member');
    const [closed, open] = await db
      .insert(assessmentCycles)
      .values([
        {
          organizationId,
          frameworkId: framework.frameworkId,
          name: 'Q2',
          status: 'closed',
          opensOn: '2026-04-01',
          closesOn: '2026-06-30',
        },
        {
          organizationId,
          frameworkId: framework.frameworkId,
          name: 'Q4',
          opensOn: '2026-10-01',
          closesOn: '2026-12-31',
        },
      ])
      .returning();
    const [team] = await db.insert(teams).values({ organizationId, name: 'Not mine' }).returning();
    await db.insert(assessmentCycles).values({
      organizationId,
      frameworkId: framework.frameworkId,
      teamId: team!.id,
      name: 'Team only',
      opensOn: '2026-10-01',
      closesOn: '2026-12-31',
    });
    const syntax = framework.id('tech/python/basics/syntax');
    await db.insert(ratings).values([
      {
        organizationId,
        cycleId: open!.id,
        membershipId: member.membership.id,
        skillId: syntax,
        level: 3,
        carriedOver: true,
        ratedByMembershipId: member.membership.id,
      },
      {
        organizationId,
        cycleId: open!.id,
        membershipId: peer.membership.id,
        skillId: framework.id('lead/people/mentoring'),
        level: 1,
        ratedByMembershipId: peer.membership.id,
      },
    ]);

    const cycle = await resolveAssessmentCycle(db, organizationId, member.membership.id, null);
    expect(cycle?.id).toBe(open!.id);
    const data = await loadAssessment(db, organizationId, member.membership.id, cycle!);
    expect(data.levels).toHaveLength(5);
    expect(data.areas.map((area) => area.name)).toEqual(['Technical', 'Leadership']);
    const python = data.areas[0]!.sections[0]!;
    expect(python.name).toBe('Python');
    expect(python.groups.map((group) => [group.name, group.skills.map((skill) => skill.name)])).toEqual([
      ['Basics', ['Syntax', 'Typing']],
      ['Async', ['asyncio']],
    ]);
    // Skills straight under a section form one group named after it.
    expect(data.areas[0]!.sections[1]!.groups).toEqual([
      expect.objectContaining({ name: 'Testing', skills: expect.any(Array) }),
    ]);
    expect(data.ratings).toEqual({ [syntax]: expect.objectContaining({ level: 3, carriedOver: true }) });

    // Another cycle by id: a closed one of theirs, never another organization's or another team's.
    expect((await resolveAssessmentCycle(db, organizationId, member.membership.id, closed!.id))?.status).toBe('closed');
    const otherOrg = await createOrganization(db, 'Other');
    const outsider = await createMember(db, otherOrg, 'admin');
    expect(await resolveAssessmentCycle(db, otherOrg, outsider.membership.id, open!.id)).toBeNull();
    expect((await listMemberCycles(db, organizationId, member.membership.id)).map((c) => c.name)).toEqual(['Q4', 'Q2']);
  });
});
