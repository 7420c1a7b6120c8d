/**
 * Data portability on PGlite: a member downloads what is held about them
 * (and nothing about anyone else), and an admin erases a member — ratings
 * gone or kept only as anonymous counts, the account anonymised or, when the
 * person belongs to another organization too, left to them there.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import { anonymousRatingCounts, auditLog, memberships, ratings, teamMembers, users } from '@/db/schema';
import { GET as exportMyData } from '@/app/api/me/export/route';
import { activeSessionMemberships } from '@/lib/auth/session-memberships';
import { eraseMemberAction } from '@/lib/portability/actions';
import { createMember } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

async function rate(membershipId: string, skillIndex: number, level: number | null, notApplicable = false) {
  const values = {
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId,
    skillId: world.framework.skillIds[skillIndex]!,
    source: 'self' as const,
    level,
    notApplicable,
    note: `note ${skillIndex}`,
    ratedByMembershipId: membershipId,
    changedAt: new Date(),
  };
  await database.db.insert(ratings).values(values);
}

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  await rate(world.subjectA1.membership.id, 0, 3);
  await rate(world.subjectA1.membership.id, 1, null, true);
  await rate(world.memberA1.membership.id, 0, 3);
  await rate(world.memberA1.membership.id, 2, 1);
  await database.db.execute(sql`
    insert into rating_history (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable,
      interest, note, rated_by_membership_id, changed_at)
    select organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable, interest, note,
      rated_by_membership_id, changed_at from ratings`);
});
afterAll(async () => {
  await database?.close();
});

describe('download my data', () => {
  it('holds the member’s profile, teams, ratings with their history and the audit entries about them — nobody else’s', async () => {
    actAs(world.subjectA1);
    const response = await exportMyData(new Request('http://localhost:3000/api/me/export'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="skillgrid-my-data-/);
    const data = JSON.parse(await response.text());
    expect(data.format).toBe('skillgrid.member-export/1');
    expect(data.profile).toMatchObject({ name: 'Sam Subject', email: world.subjectA1.user.email, role: 'member' });
    expect(data.teams.map((team: { name: string }) => team.name)).toEqual(['Platform']);
    expect(data.ratings).toHaveLength(2);
    expect(data.ratings[0].history).toHaveLength(1);
    const text = JSON.stringify(data);
    expect(text).not.toContain(world.memberA1.user.email);
    expect(text).not.toContain('Max Member');
    // The download itself is recorded, and shows up in the next one.
    const again = JSON.parse(await (await exportMyData(new Request('http://localhost:3000/api/me/export'))).text());
    expect(again.auditEntries.map((entry: { action: string }) => entry.action)).toContain('member.data_exported');
  });

  it('is refused when signed out', async () => {
    actAs(null);
    expect((await exportMyData(new Request('http://localhost:3000/api/me/export'))).status).toBe(401);
  });
});

describe('erasure', () => {
  it('needs the typed confirmation; without it nothing changes', async () => {
    actAs(world.adminA);
    const result = await eraseMemberAction({ membershipId: world.subjectA1.membership.id, confirmation: 'yes' });
    expect(result.ok).toBe(false);
    const [still] = await database.db.select().from(users).where(eq(users.id, world.subjectA1.user.id));
    expect(still?.name).toBe('Sam Subject');
  });

  it('keeps anonymous counts when asked, removes ratings, teams and the account’s personal data, ends sessions', async () => {
    actAs(world.adminA);
    const [before] = await database.db.select().from(users).where(eq(users.id, world.subjectA1.user.id));
    const claims = {
      userId: world.subjectA1.user.id,
      organizationId: world.orgA,
      sessionId: crypto.randomUUID(),
      generation: before!.sessionGeneration,
    };
    expect((await activeSessionMemberships(database.db, claims)).length).toBe(1);

    const result = await eraseMemberAction({
      membershipId: world.subjectA1.membership.id,
      confirmation: 'ERASE',
      keepAggregates: 'on',
    });
    expect(result).toMatchObject({ ok: true });

    const left = await database.db
      .select()
      .from(ratings)
      .where(and(eq(ratings.organizationId, world.orgA), eq(ratings.membershipId, world.subjectA1.membership.id)));
    expect(left).toEqual([]);
    const counts = await database.db
      .select({ level: anonymousRatingCounts.level, count: anonymousRatingCounts.count })
      .from(anonymousRatingCounts)
      .where(eq(anonymousRatingCounts.organizationId, world.orgA))
      .orderBy(anonymousRatingCounts.level);
    expect(counts).toEqual([
      { level: -1, count: 1 },
      { level: 3, count: 1 },
    ]);
    const [account] = await database.db.select().from(users).where(eq(users.id, world.subjectA1.user.id));
    expect(account).toMatchObject({ name: 'Erased member', passwordHash: null });
    expect(account?.email).not.toContain('example.test');
    expect((await activeSessionMemberships(database.db, claims)).length).toBe(0);
    expect(
      await database.db.select().from(teamMembers).where(eq(teamMembers.membershipId, world.subjectA1.membership.id)),
    ).toEqual([]);
    // The other member's ratings are untouched.
    const others = await database.db
      .select()
      .from(ratings)
      .where(eq(ratings.membershipId, world.memberA1.membership.id));
    expect(others).toHaveLength(2);
    // Audited without the person's name or email.
    const entries = rowsOf<{ details: unknown }>(
      await database.db.execute(
        sql`select details from audit_log where action = 'member.erased' and target_id = ${world.subjectA1.membership.id}`,
      ),
    );
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).not.toContain('Sam');
  });

  it('without aggregates removes the ratings outright; a person in another organization keeps their account there', async () => {
    const shared = await createMember(database.db, world.orgB, 'member', 'Shared Person');
    await database.db
      .insert(memberships)
      .values({ organizationId: world.orgA, userId: shared.user.id, role: 'member' });
    const [inA] = await database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, world.orgA), eq(memberships.userId, shared.user.id)));
    await rate(inA!.id, 3, 2);
    actAs(world.adminA);
    const result = await eraseMemberAction({ membershipId: inA!.id, confirmation: 'ERASE' });
    expect(result).toMatchObject({ ok: true });
    const [account] = await database.db.select().from(users).where(eq(users.id, shared.user.id));
    expect(account).toMatchObject({ name: 'Shared Person', email: shared.user.email });
    const [tombstone] = await database.db.select().from(memberships).where(eq(memberships.id, inA!.id));
    expect(tombstone?.userId).not.toBe(shared.user.id);
    const counts = await database.db
      .select()
      .from(anonymousRatingCounts)
      .where(eq(anonymousRatingCounts.skillId, world.framework.skillIds[3]!));
    expect(counts).toEqual([]);
  });

  it('refuses the last active admin and oneself', async () => {
    actAs(world.adminA);
    const self = await eraseMemberAction({ membershipId: world.adminA.membership.id, confirmation: 'ERASE' });
    expect(self).toMatchObject({ ok: false });
    actAs(world.adminB);
    const other = await eraseMemberAction({ membershipId: world.subjectA1.membership.id, confirmation: 'ERASE' });
    expect(other).toMatchObject({ ok: false });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.organizationId, world.orgB));
    expect(audit.filter((entry) => entry.action === 'member.erased')).toEqual([]);
  });
});
