import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { auditLog } from '@/db/schema';
import { AuthorizationError } from '@/lib/auth/errors';
import type { SessionContext } from '@/lib/auth/session';
import { parseAuditFilters } from '@/lib/audit/audit-filters';
import { listAuditActions, listAuditEntries } from '@/lib/audit/list-audit';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let orgA: string;
let orgB: string;
let adminA: SessionContext;
let adminB: SessionContext;
let managerA: SessionContext;
let memberA: SessionContext;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  orgA = await createOrganization(db, 'Audit A');
  orgB = await createOrganization(db, 'Audit B');
  adminA = await createMember(db, orgA, 'admin', 'Alice Admin');
  managerA = await createMember(db, orgA, 'manager', 'Max Manager');
  memberA = await createMember(db, orgA, 'member', 'Mia Member');
  adminB = await createMember(db, orgB, 'admin', 'Bob Admin');
  await db.insert(auditLog).values([
    {
      organizationId: orgA,
      actorUserId: adminA.user.id,
      action: 'member.invited',
      targetType: 'invitation',
      targetId: 'i1',
      details: { email: 'x@example.test' },
      ip: '198.51.100.1',
      createdAt: at('2026-01-05T10:00:00Z'),
    },
    {
      organizationId: orgA,
      actorUserId: managerA.user.id,
      action: 'team.target_set',
      createdAt: at('2026-01-10T10:00:00Z'),
    },
    {
      organizationId: orgA,
      actorUserId: adminA.user.id,
      action: 'auth.sign_in',
      createdAt: at('2026-01-20T23:59:59Z'),
    },
    { organizationId: orgA, actorUserId: null, action: 'auth.sign_in_failed', createdAt: at('2026-01-21T00:00:00Z') },
    {
      organizationId: orgB,
      actorUserId: adminB.user.id,
      action: 'org.secret_thing',
      details: { secret: 'B only' },
      createdAt: at('2026-01-15T10:00:00Z'),
    },
    {
      organizationId: null,
      action: 'auth.sign_in_failed',
      details: { email: 'ghost@example.test' },
      createdAt: at('2026-01-15T10:00:00Z'),
    },
  ]);
});
afterAll(async () => {
  await database?.close();
});

function list(
  db: Db,
  actor: SessionContext | null,
  organizationId: string,
  params: Record<string, string> = {},
  pageSize?: number,
) {
  // Everything unless a test asks for a kind: these tests are about the other filters.
  return listAuditEntries(db, actor, organizationId, parseAuditFilters({ kind: 'all', ...params }).filters, pageSize);
}

describe('listAuditEntries', () => {
  it('shows an admin their own organization’s entries only, newest first, with the actor joined', async () => {
    const page = await list(database.db, adminA, orgA);
    expect(page.rows.map((row) => row.action)).toEqual([
      'auth.sign_in_failed',
      'auth.sign_in',
      'team.target_set',
      'member.invited',
    ]);
    expect(page.rows[3]).toMatchObject({
      actorName: 'Alice Admin',
      actorEmail: adminA.user.email,
      targetType: 'invitation',
      targetId: 'i1',
      ip: '198.51.100.1',
      details: { email: 'x@example.test' },
    });
    expect(page.rows[0]).toMatchObject({ actorUserId: null, actorEmail: null });
    expect(page).toMatchObject({ olderCursor: null, newerCursor: null });
    const other = await list(database.db, adminB, orgB);
    expect(other.rows.map((row) => row.action)).toEqual(['org.secret_thing']);
  });

  it('refuses members and managers, the signed-out, and another organization’s id', async () => {
    const { db } = database;
    for (const actor of [memberA, managerA, null]) {
      await expect(list(db, actor, orgA)).rejects.toBeInstanceOf(AuthorizationError);
      await expect(listAuditActions(db, actor, orgA)).rejects.toBeInstanceOf(AuthorizationError);
    }
    await expect(list(db, adminA, orgB)).rejects.toMatchObject({ status: 404 });
    await expect(listAuditActions(db, adminA, orgB)).rejects.toMatchObject({ status: 404 });
  });

  it('filters by action, actor and inclusive UTC dates', async () => {
    const { db } = database;
    expect((await list(db, adminA, orgA, { action: 'team.target_set' })).rows.map((r) => r.action)).toEqual([
      'team.target_set',
    ]);
    expect((await list(db, adminA, orgA, { actor: 'max manager' })).rows.map((r) => r.action)).toEqual([
      'team.target_set',
    ]);
    const byEmail = await list(db, adminA, orgA, { actor: adminA.user.email.toUpperCase() });
    expect(byEmail.rows.map((r) => r.action)).toEqual(['auth.sign_in', 'member.invited']);
    const january10to20 = await list(db, adminA, orgA, { from: '2026-01-10', to: '2026-01-20' });
    expect(january10to20.rows.map((r) => r.action)).toEqual(['auth.sign_in', 'team.target_set']);
    // LIKE wildcards are searched for literally.
    expect((await list(db, adminA, orgA, { actor: '%' })).rows).toEqual([]);
    // Another organization's action name finds nothing here.
    expect((await list(db, adminA, orgA, { action: 'org.secret_thing' })).rows).toEqual([]);
  });

  it('shows changes by default, sign-ins apart, and everything on request', async () => {
    const db = database.db;
    const byDefault = await listAuditEntries(db, adminA, orgA, parseAuditFilters({}).filters);
    expect(byDefault.rows.map((r) => r.action)).toEqual(['team.target_set', 'member.invited']);
    expect((await list(db, adminA, orgA, { kind: 'sign-ins' })).rows.map((r) => r.action)).toEqual([
      'auth.sign_in_failed',
      'auth.sign_in',
    ]);
    expect((await list(db, adminA, orgA, { kind: 'all' })).rows).toHaveLength(4);
    // A bad kind is named and ignored (changes shown), never an error.
    expect(parseAuditFilters({ kind: 'logins' })).toEqual({ filters: {}, ignored: ['kind of entry'] });
  });

  it('pages with keyset cursors both ways', async () => {
    const { db } = database;
    const first = await list(db, adminA, orgA, {}, 3);
    expect(first.rows).toHaveLength(3);
    expect(first.newerCursor).toBeNull();
    expect(first.olderCursor).not.toBeNull();
    const second = await list(db, adminA, orgA, { before: first.olderCursor ?? '' }, 3);
    expect(second.rows.map((r) => r.action)).toEqual(['member.invited']);
    expect(second.olderCursor).toBeNull();
    expect(second.newerCursor).not.toBeNull();
    const back = await list(db, adminA, orgA, { after: second.newerCursor ?? '' }, 3);
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  it('does not skip entries created within the same millisecond', async () => {
    const { db } = database;
    const organizationId = await createOrganization(db, 'Audit Micro');
    const admin = await createMember(db, organizationId, 'admin');
    // Same millisecond, different microseconds: a millisecond cursor would lose the middle one.
    for (const micro of ['100', '400', '700']) {
      await db.execute(
        sql`insert into audit_log (organization_id, action, created_at) values (${organizationId}, ${`micro.${micro}`}, ${`2026-02-01T00:00:00.123${micro}Z`}::timestamptz)`,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(
        db,
        admin,
        organizationId,
        cursor ? { before: cursor } : {},
        1,
      );
      seen.push(...page.rows.map((row) => row.action));
      cursor = page.olderCursor;
    } while (cursor);
    expect(seen).toEqual(['micro.700', 'micro.400', 'micro.100']);
  });
});

describe('listAuditActions', () => {
  it('lists the organization’s distinct actions', async () => {
    expect(await listAuditActions(database.db, adminA, orgA)).toEqual([
      'auth.sign_in',
      'auth.sign_in_failed',
      'member.invited',
      'team.target_set',
    ]);
    expect(await listAuditActions(database.db, adminB, orgB)).toEqual(['org.secret_thing']);
  });
});
