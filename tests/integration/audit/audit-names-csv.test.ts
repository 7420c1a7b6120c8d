/**
 * The audit log reads as names, not ids (targets and ids in details, within
 * the organization only), and exports as a streamed, formula-safe CSV of every
 * page with the page's filters — admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { GET } from '@/app/api/admin/audit.csv/route';
import { auditLog, users } from '@/db/schema';
import { describeTarget, namedDetails, resolveAuditNames } from '@/lib/audit/audit-names';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  await database.db.update(users).set({ name: '=HYPERLINK("x")' }).where(eq(users.id, world.managerA2.user.id));
  const base = { organizationId: world.orgA, actorUserId: world.adminA.user.id };
  await database.db.insert(auditLog).values([
    {
      ...base,
      action: 'team.member_added',
      targetType: 'team',
      targetId: world.teamA1,
      details: { membershipId: world.memberA1.membership.id, note: 'kept' },
      createdAt: new Date('2026-02-01T10:00:00Z'),
    },
    {
      ...base,
      // An actor whose name looks like a formula.
      actorUserId: world.managerA2.user.id,
      action: 'member.role_changed',
      targetType: 'membership',
      targetId: world.managerA2.membership.id,
      details: { role: 'manager' },
      createdAt: new Date('2026-02-02T10:00:00Z'),
    },
    // Another organization's id names nothing here.
    {
      ...base,
      action: 'team.deleted',
      targetType: 'team',
      targetId: world.orgB,
      createdAt: new Date('2026-02-03T10:00:00Z'),
    },
    { ...base, action: 'auth.sign_in', createdAt: new Date('2026-02-04T10:00:00Z') },
  ]);
});
afterAll(async () => {
  await database?.close();
});

describe('audit names and CSV', () => {
  it('names targets and ids in details, within the organization only', async () => {
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.organizationId, world.orgA));
    const names = await resolveAuditNames(database.db, world.orgA, entries);
    const added = entries.find((entry) => entry.action === 'team.member_added')!;
    expect(describeTarget(added, names)).toBe('team Platform');
    expect(namedDetails(added.details, names)).toEqual({ membership: 'Max Member', note: 'kept' });
    const deleted = entries.find((entry) => entry.action === 'team.deleted')!;
    expect(describeTarget(deleted, names)).toBe(`team ${world.orgB}`);
  });

  it('streams every matching entry as CSV with names, formula-safe, and audits the export', async () => {
    actAs(world.adminA);
    const response = await GET(new Request('http://localhost:3000/api/admin/audit.csv?from=2026-02-01&to=2026-02-28'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('time (UTC),actor,actor email,action,target,target id,details,ip');
    // Changes only by default: the sign-in is left out; newest first.
    expect(lines.slice(1).map((line) => line.split(',')[3])).toEqual([
      'team.deleted',
      'member.role_changed',
      'team.member_added',
    ]);
    expect(lines[2]).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(lines[2]).toContain(`"member =HYPERLINK(""x"")"`);
    expect(lines[3]).toContain('team Platform');
    expect(lines[3]).toContain('""membership"":""Max Member""');

    const signIns = await GET(
      new Request('http://localhost:3000/api/admin/audit.csv?kind=sign-ins&from=2026-02-01&to=2026-02-28'),
    );
    expect((await signIns.text()).trimEnd().split('\r\n').slice(1)).toHaveLength(1);
    // Each export is audited before its stream ends, so both entries exist once their bodies are read. Rows come
    // back in no particular order (an unordered select; CI once returned the sign-ins export first).
    const exported = await database.db.select().from(auditLog).where(eq(auditLog.action, 'audit.exported'));
    const kindOf = (details: unknown) => (details as { filters?: { kind?: string } }).filters?.kind ?? 'changes';
    expect(
      exported
        .map((entry) => ({ kind: kindOf(entry.details), details: entry.details }))
        .sort((a, b) => a.kind.localeCompare(b.kind)),
    ).toMatchObject([
      { kind: 'changes', details: { rows: 3, completed: true } },
      { kind: 'sign-ins', details: { rows: 1, completed: true } },
    ]);
  });

  it('answers a bad filter with 400 and refuses non-admins', async () => {
    actAs(world.adminA);
    const bad = await GET(new Request('http://localhost:3000/api/admin/audit.csv?from=2026-13-01'));
    expect(bad.status).toBe(400);
    const backwards = await GET(new Request('http://localhost:3000/api/admin/audit.csv?from=2026-02-02&to=2026-02-01'));
    expect(backwards.status).toBe(400);
    actAs(world.managerA1);
    expect((await GET(new Request('http://localhost:3000/api/admin/audit.csv'))).status).toBe(403);
  });
});
