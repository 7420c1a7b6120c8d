/**
 * The audit log is append-only in the database itself (migration
 * 0003_audit_log_append_only): the application's own statements cannot change
 * or remove an entry, whatever bug or injected SQL sends them; only the
 * foreign keys' cascades (an organization or a user deleted) still work.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '@/db';
import { auditLog, organizations, users } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let orgA: string;
let adminA: SessionContext;

const entries = async (organizationId: string) =>
  database.db
    .select({ action: auditLog.action, actor: auditLog.actorUserId })
    .from(auditLog)
    .where(eq(auditLog.organizationId, organizationId));

/** The error PostgreSQL raised (drizzle wraps it, with the statement, in `cause`). */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    return cause instanceof Error ? cause.message : String(cause);
  }
  throw new Error('the statement was not refused');
}

beforeAll(async () => {
  database = await createTestDatabase();
  orgA = await createOrganization(database.db, 'Append only A');
  adminA = await createMember(database.db, orgA, 'admin', 'Ada Admin');
  await database.db.insert(auditLog).values([
    { organizationId: orgA, actorUserId: adminA.user.id, action: 'member.role_changed' },
    { organizationId: orgA, actorUserId: adminA.user.id, action: 'auth.sign_in' },
  ]);
});

afterAll(async () => {
  await database?.close();
});

describe('audit_log is append-only', () => {
  it('refuses to change an entry', async () => {
    expect(
      await refusal(
        database.db.update(auditLog).set({ action: 'nothing.happened' }).where(eq(auditLog.organizationId, orgA)),
      ),
    ).toMatch(/audit_log is append-only: UPDATE refused/);
    expect((await entries(orgA)).map((entry) => entry.action).sort()).toEqual(['auth.sign_in', 'member.role_changed']);
  });

  it('refuses to delete or truncate', async () => {
    expect(await refusal(database.db.delete(auditLog).where(eq(auditLog.action, 'auth.sign_in')))).toMatch(
      /append-only: DELETE refused/,
    );
    expect(await refusal(database.db.execute(sql`truncate audit_log`))).toMatch(/append-only: TRUNCATE refused/);
    expect(await entries(orgA)).toHaveLength(2);
  });

  it('still takes new entries', async () => {
    await database.db
      .insert(auditLog)
      .values({ organizationId: orgA, actorUserId: adminA.user.id, action: 'team.created' });
    expect(await entries(orgA)).toHaveLength(3);
  });

  it('lets the foreign keys act: a deleted user leaves entries without an actor, a deleted organization takes its entries', async () => {
    const orgB = await createOrganization(database.db, 'Append only B');
    const adminB = await createMember(database.db, orgB, 'admin', 'Bo Admin');
    await database.db
      .insert(auditLog)
      .values({ organizationId: orgB, actorUserId: adminB.user.id, action: 'auth.sign_in' });

    await database.db.delete(users).where(eq(users.id, adminB.user.id));
    expect(await entries(orgB)).toEqual([{ action: 'auth.sign_in', actor: null }]);

    await database.db.delete(organizations).where(eq(organizations.id, orgB));
    expect(await entries(orgB)).toEqual([]);
    // The other organization's entries are untouched.
    const [count] = rowsOf<{ n: number | string }>(
      await database.db.execute(sql`select count(*) as n from audit_log where organization_id = ${orgA}`),
    );
    expect(Number(count?.n)).toBe(3);
  });
});
