import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { memberships, roleProfiles, users } from '@/db/schema';
import { ASSIGNED_PAGE_SIZE, listAssignedMembers } from '@/lib/roles/queries';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';
import { statementLog } from '../../fixtures/statement-log';

/** /admin/roles/<id>'s member list: a page and the total in one statement (issue 23), the total right on any page. */
const log = statementLog();
let database: TestDatabase;
let org: string;
let profile: string;
let empty: string;

beforeAll(async () => {
  database = await createTestDatabase({ logger: log.logger });
  const { db } = database;
  org = await createOrganization(db, 'Profiles Co');
  const [made, none] = await db
    .insert(roleProfiles)
    .values([
      { organizationId: org, name: 'Engineer' },
      { organizationId: org, name: 'Nobody' },
    ])
    .returning({ id: roleProfiles.id });
  profile = made!.id;
  empty = none!.id;
  // One insert each (not createMember per person): the file stays well under a second of setup.
  const people = await db
    .insert(users)
    .values(
      Array.from({ length: ASSIGNED_PAGE_SIZE + 3 }, (_, i) => ({
        email: `assigned-${i}-${org}@example.test`,
        name: `Member ${String(i).padStart(3, '0')}`,
        emailVerifiedAt: new Date(),
      })),
    )
    .returning({ id: users.id });
  await db
    .insert(memberships)
    .values(
      people.map((user) => ({ organizationId: org, userId: user.id, role: 'member' as const, roleProfileId: profile })),
    );
  await createMember(db, org, 'member', 'Unassigned');
}, 60_000);

afterAll(async () => {
  await database?.close();
});

describe('listAssignedMembers', () => {
  it('returns a page and the total in one statement', async () => {
    let page: Awaited<ReturnType<typeof listAssignedMembers>> | undefined;
    const statements = await log.record(async () => {
      page = await listAssignedMembers(database.db, org, profile, 1);
    });
    expect(statements).toHaveLength(1);
    expect(page!.total).toBe(ASSIGNED_PAGE_SIZE + 3);
    expect(page!.rows).toHaveLength(ASSIGNED_PAGE_SIZE);
    expect(page!.rows[0]).toEqual({
      membershipId: expect.any(String),
      name: 'Member 000',
      email: expect.any(String),
      role: 'member',
      status: 'active',
      profileName: null,
    });
  });

  it('the last page, a page past the end and a profile nobody has', async () => {
    const last = await listAssignedMembers(database.db, org, profile, 2);
    expect(last.rows.map((row) => row.name)).toEqual(['Member 050', 'Member 051', 'Member 052']);
    expect(last.total).toBe(ASSIGNED_PAGE_SIZE + 3);
    expect(await listAssignedMembers(database.db, org, profile, 5)).toEqual({
      rows: [],
      total: ASSIGNED_PAGE_SIZE + 3,
    });
    expect(await listAssignedMembers(database.db, org, empty, 1)).toEqual({ rows: [], total: 0 });
    const [other] = await database.db.select().from(roleProfiles).where(eq(roleProfiles.id, empty));
    expect(other?.name).toBe('Nobody');
  });
});
