/**
 * Certifications and endorsements CSV (issue 22): a member gets their own rows, a
 * manager their team's, another team's manager none of them; cells that would
 * start a spreadsheet formula are neutralised.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { certifications, endorsements, ratings } from '@/db/schema';
import { certificationsCsv, endorsementsCsv } from '@/lib/trust/export-csv';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  const subject = world.subjectA1.membership.id;
  const skillId = world.framework.skillIds[0]!;
  await database.db.insert(certifications).values({
    organizationId: world.orgA,
    membershipId: subject,
    name: '=HYPERLINK("http://evil.test")',
    issuer: 'CNCF',
    issuedOn: '2026-01-01',
  });
  await database.db.insert(ratings).values({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId: subject,
    skillId,
    level: 3,
    ratedByMembershipId: subject,
  });
  await database.db.insert(endorsements).values({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId: subject,
    skillId,
    endorserMembershipId: world.memberA1.membership.id,
    levelEndorsed: 2,
    comment: '+1 great',
  });
});
afterAll(async () => {
  await database?.close();
});

it('follows who may see whom and neutralises formulas', async () => {
  const own = await certificationsCsv(database.db, world.subjectA1);
  expect(own).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
  expect(own.split('\r\n').filter(Boolean)).toHaveLength(2);
  expect((await certificationsCsv(database.db, world.managerA1)).split('\r\n').filter(Boolean)).toHaveLength(2);
  expect((await certificationsCsv(database.db, world.managerA2)).split('\r\n').filter(Boolean)).toHaveLength(1);
  expect((await certificationsCsv(database.db, world.adminB)).split('\r\n').filter(Boolean)).toHaveLength(1);

  const endorsed = await endorsementsCsv(database.db, world.managerA1);
  // Given for level 2, the rating is 3 now: marked as changed; the comment's leading + is neutralised.
  expect(endorsed).toContain("Sam Subject,Syntax,2026 Q4,Max Member,2,3,yes,'+1 great,");
  expect((await endorsementsCsv(database.db, world.memberA1)).split('\r\n').filter(Boolean)).toHaveLength(1);
});
