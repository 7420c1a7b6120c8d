/**
 * `changedAt` comes from the browser: a well-formed ISO time PostgreSQL cannot
 * store (year 0) must be a 400 from POST /api/ratings/batch with nothing
 * written, not a failed statement (a 500).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/ratings/batch/route';
import { assessmentCycles, ratings } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { insertSmallFramework } from '../../fixtures/small-framework';

let database: TestDatabase;
let organizationId: string;
let cycleId: string;
let skillId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  organizationId = await createOrganization(database.db, 'Clockwork');
  const framework = await insertSmallFramework(database.db, organizationId);
  skillId = framework.skillIds[0]!;
  const [cycle] = await database.db
    .insert(assessmentCycles)
    .values({
      organizationId,
      frameworkId: framework.frameworkId,
      name: 'Open',
      opensOn: '2026-01-01',
      closesOn: '2099-12-31',
    })
    .returning();
  cycleId = cycle!.id;
}, 120_000);
afterAll(async () => {
  await database?.close();
});

const ORIGIN = 'http://localhost:3000';
const post = (body: unknown) =>
  POST(
    new Request(`${ORIGIN}/api/ratings/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify(body),
    }),
  );

describe('POST /api/ratings/batch with a time PostgreSQL cannot store', () => {
  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00'])(
    '%s is a 400 and nothing is saved',
    async (changedAt) => {
      const member = await createMember(database.db, organizationId, 'member');
      actAs(member);
      const response = await post({
        cycleId,
        clientId: 'browser-clock',
        changes: [{ skillId, level: 2, notApplicable: false, interest: false, note: null, changedAt, seq: 1 }],
      });
      expect(response.status).toBe(400);
      const saved = await database.db
        .select()
        .from(ratings)
        .where(and(eq(ratings.organizationId, organizationId), eq(ratings.membershipId, member.membership.id)));
      expect(saved).toEqual([]);
    },
  );
});
