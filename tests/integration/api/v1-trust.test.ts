/**
 * GET /api/v1/certifications and /api/v1/endorsements (issue 22): the CSVs' rows as JSON with the pages'
 * filters and cursor pagination, every answer checked against the OpenAPI document (v1-client.ts); bad
 * filters are 400s; another organization's ids are not found. Tokens, scopes and tenants per kind of caller
 * are in the permission matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificationSkills, certifications, endorsements, ratings } from '@/db/schema';
import { createTestToken, type TestToken } from '../../fixtures/api-tokens';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import { call, dataOf, nextCursorOf, routeHandler } from './v1-client';

let database: TestDatabase;
let world: World;
let otherWorld: World;
let token: TestToken;
let otherToken: TestToken;

const handlers = {
  certifications: () => routeHandler('app/api/v1/certifications/route.ts', 'GET'),
  endorsements: () => routeHandler('app/api/v1/endorsements/route.ts', 'GET'),
};

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  otherWorld = await buildWorld(database.db);
  const db = database.db;
  const subject = world.subjectA1.membership.id;
  const inserted = await db
    .insert(certifications)
    .values([
      { organizationId: world.orgA, membershipId: subject, name: 'CKA', issuer: 'CNCF', issuedOn: isoDay(-300) },
      {
        organizationId: world.orgA,
        membershipId: subject,
        name: 'Expiring',
        issuer: 'Board',
        issuedOn: isoDay(-300),
        expiresOn: isoDay(20),
      },
      {
        organizationId: world.orgA,
        membershipId: world.memberA1.membership.id,
        name: 'Expired',
        issuer: 'Board',
        issuedOn: isoDay(-900),
        expiresOn: isoDay(-10),
        credentialUrl: 'https://example.test/expired',
      },
      {
        organizationId: world.orgA,
        membershipId: world.managerA2.membership.id,
        name: 'Other team',
        issuer: 'Board',
        issuedOn: isoDay(-5),
      },
    ])
    .returning({ id: certifications.id, name: certifications.name });
  await db.insert(certificationSkills).values({
    organizationId: world.orgA,
    certificationId: inserted.find((row) => row.name === 'CKA')!.id,
    skillId: world.framework.skillIds[0]!,
  });
  await db.insert(ratings).values(
    [0, 1].map((skill) => ({
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: subject,
      skillId: world.framework.skillIds[skill]!,
      source: 'self' as const,
      level: 3,
      ratedByMembershipId: subject,
    })),
  );
  await db.insert(endorsements).values([
    {
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: subject,
      skillId: world.framework.skillIds[0]!,
      endorserMembershipId: world.memberA1.membership.id,
      levelEndorsed: 3,
      comment: 'Solid',
    },
    {
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: subject,
      skillId: world.framework.skillIds[1]!,
      endorserMembershipId: world.managerA1.membership.id,
      levelEndorsed: 2,
    },
  ]);
  const scopes = ['certifications:read', 'endorsements:read'] as const;
  token = await createTestToken(db, { organizationId: world.orgA, scopes, createdByUserId: world.adminA.user.id });
  otherToken = await createTestToken(db, {
    organizationId: otherWorld.orgA,
    scopes,
    createdByUserId: otherWorld.adminA.user.id,
  });
});
afterAll(async () => {
  await database?.close();
});

interface CertificationItem {
  name: string;
  valid: boolean;
  member: { id: string };
  skills: { id: string; name: string }[];
}
interface EndorsementItem {
  levelEndorsed: number;
  currentLevel: number | null;
  ratingChanged: boolean;
  endorser: { id: string };
  comment: string | null;
}

describe('GET /api/v1/certifications', () => {
  const names = async (query = '', as: TestToken = token) =>
    dataOf<CertificationItem>(
      await call(await handlers.certifications(), '/api/v1/certifications', { token: as, query }),
    )
      .map((item) => item.name)
      .sort();

  it('lists the organization’s certifications with their skills and validity, and filters as the pages', async () => {
    expect(await names()).toEqual(['CKA', 'Expired', 'Expiring', 'Other team']);
    const answer = await call(await handlers.certifications(), '/api/v1/certifications', {
      token,
      query: `member=${world.subjectA1.membership.id}`,
    });
    const cka = dataOf<CertificationItem>(answer).find((item) => item.name === 'CKA')!;
    expect(cka.skills).toEqual([{ id: world.framework.skillIds[0], name: 'Syntax' }]);
    expect(cka.valid).toBe(true);
    expect(await names(`team=${world.teamA1}`)).toEqual(['CKA', 'Expired', 'Expiring']);
    expect(await names('valid=false')).toEqual(['Expired']);
    expect(await names('expiringWithinDays=60')).toEqual(['Expiring']);
    expect(await names(`skill=${world.framework.skillIds[0]}`)).toEqual(['CKA']);
  });

  it('pages with a cursor, each row once', async () => {
    const handler = await handlers.certifications();
    const first = await call(handler, '/api/v1/certifications', { token, query: 'limit=3' });
    expect(dataOf(first)).toHaveLength(3);
    const second = await call(handler, '/api/v1/certifications', {
      token,
      query: `limit=3&cursor=${nextCursorOf(first)}`,
    });
    expect(dataOf(second)).toHaveLength(1);
    expect(nextCursorOf(second)).toBeNull();
  });

  it('refuses bad filters with a 400 naming them; another organization’s token sees none of A’s', async () => {
    const handler = await handlers.certifications();
    for (const query of ['valid=maybe', 'expiringWithinDays=-1', 'unknown=1', 'cursor=bad', 'member=not-a-uuid']) {
      const answer = await call(handler, '/api/v1/certifications', { token, query });
      expect(answer.status, query).toBe(400);
    }
    expect(await names('', otherToken)).toEqual([]);
    const answer = await call(handler, '/api/v1/certifications', {
      token: otherToken,
      query: `member=${world.subjectA1.membership.id}`,
    });
    expect(answer.status).toBe(404);
  });
});

describe('GET /api/v1/endorsements', () => {
  it('lists endorsements with the rating now, marked when it changed; filters by endorser, skill, cycle', async () => {
    const handler = await handlers.endorsements();
    const all = dataOf<EndorsementItem>(await call(handler, '/api/v1/endorsements', { token }));
    expect(all).toHaveLength(2);
    const byMember = all.find((item) => item.endorser.id === world.memberA1.membership.id)!;
    expect(byMember).toMatchObject({ levelEndorsed: 3, currentLevel: 3, ratingChanged: false, comment: 'Solid' });
    const byManager = all.find((item) => item.endorser.id === world.managerA1.membership.id)!;
    expect(byManager).toMatchObject({ levelEndorsed: 2, currentLevel: 3, ratingChanged: true });
    const filtered = await call(handler, '/api/v1/endorsements', {
      token,
      query: `endorser=${world.managerA1.membership.id}&cycle=${world.cycleA}&skill=${world.framework.skillIds[1]}`,
    });
    expect(dataOf(filtered)).toHaveLength(1);
    const none = await call(handler, '/api/v1/endorsements', { token, query: `team=${world.teamA2}` });
    expect(dataOf(none)).toEqual([]);
  });

  it('refuses bad filters; another organization’s token sees none of A’s and is told A’s team does not exist', async () => {
    const handler = await handlers.endorsements();
    expect((await call(handler, '/api/v1/endorsements', { token, query: 'cycle=x' })).status).toBe(400);
    expect((await call(handler, '/api/v1/endorsements', { token, query: 'limit=0' })).status).toBe(400);
    expect(dataOf(await call(handler, '/api/v1/endorsements', { token: otherToken }))).toEqual([]);
    const answer = await call(handler, '/api/v1/endorsements', { token: otherToken, query: `team=${world.teamA1}` });
    expect(answer.status).toBe(404);
  });
});
