/**
 * Which framework an organization (default) and a team (override) assess
 * against, and cycles opened without naming one: they take the assigned
 * framework and are bound to its current version.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import { assessmentCycles, auditLog, frameworks, frameworkVersions, teams } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { openCycleAction } from '@/lib/cycles/actions';
import { assignFrameworkAction } from '@/lib/frameworks/assignment-actions';
import { assignedFramework } from '@/lib/frameworks/assignment';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { insertSmallFramework, type SmallFramework } from '../../fixtures/small-framework';

let database: TestDatabase;
let org: string;
let first: SmallFramework;
let second: SmallFramework;
let foreign: SmallFramework;
let teamId: string;
let admin: SessionContext;
let manager: SessionContext;
let member: SessionContext;
let otherAdmin: SessionContext;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  const db = database.db;
  org = await createOrganization(db, 'Assign');
  first = await insertSmallFramework(db, org, 'first');
  second = await insertSmallFramework(db, org, 'second');
  const otherOrg = await createOrganization(db, 'Assign other');
  foreign = await insertSmallFramework(db, otherOrg, 'foreign');
  const [team] = await db.insert(teams).values({ organizationId: org, name: 'Platform' }).returning({ id: teams.id });
  teamId = team!.id;
  admin = await createMember(db, org, 'admin');
  manager = await createMember(db, org, 'manager');
  member = await createMember(db, org, 'member');
  otherAdmin = await createMember(db, otherOrg, 'admin');
}, 120_000);
afterAll(async () => {
  await database?.close();
});

/** Everything an assignment may change, as one comparable string. */
async function state(): Promise<string> {
  const rows = rowsOf<{ s: string }>(
    await database.db.execute(sql`select concat_ws('|',
      (select string_agg(id::text || ':' || is_default::text, ',' order by id) from frameworks),
      (select string_agg(id::text || ':' || coalesce(framework_id::text, '-'), ',' order by id) from teams),
      (select count(*) from audit_log where action = 'framework.assigned')::text) as s`),
  );
  return rows[0]?.s ?? '';
}

const cycle = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  opensOn: '2026-01-01',
  closesOn: '2026-03-31',
  frameworkId: '',
  closePrevious: 'on',
  ...extra,
});

describe('assigning frameworks', () => {
  it('refuses members, managers, the signed-out and another organization’s admin, changing nothing', async () => {
    const before = await state();
    for (const caller of [member, manager, null, otherAdmin]) {
      actAs(caller);
      const result = await assignFrameworkAction({ teamId: '', frameworkId: second.frameworkId });
      expect(result.ok).toBe(false);
      const team = await assignFrameworkAction({ teamId, frameworkId: second.frameworkId });
      expect(team.ok).toBe(false);
    }
    expect(await state()).toBe(before);
  });

  it('refuses another organization’s framework and bad ids, changing nothing', async () => {
    actAs(admin);
    const before = await state();
    expect(await assignFrameworkAction({ teamId: '', frameworkId: foreign.frameworkId })).toMatchObject({
      ok: false,
      error: 'Framework was not found.',
    });
    expect(await assignFrameworkAction({ teamId, frameworkId: foreign.frameworkId })).toMatchObject({ ok: false });
    expect(await assignFrameworkAction({ teamId: 'nope', frameworkId: first.frameworkId })).toMatchObject({
      ok: false,
    });
    expect(await assignFrameworkAction({ teamId: '', frameworkId: 'x'.repeat(5000) })).toMatchObject({ ok: false });
    expect(await state()).toBe(before);
  });

  it('without an assignment a cycle must name its framework when there are several', async () => {
    actAs(admin);
    expect(await assignedFramework(database.db, org, null)).toBeNull();
    const result = await openCycleAction(cycle('No default'));
    expect(result).toMatchObject({ ok: false, fieldErrors: { frameworkId: ['Choose a framework.'] } });
  });

  it('sets the default and a team override, audited; cycles take them and bind the current version', async () => {
    actAs(admin);
    expect(await assignFrameworkAction({ teamId: '', frameworkId: second.frameworkId })).toMatchObject({ ok: true });
    expect(await assignFrameworkAction({ teamId, frameworkId: first.frameworkId })).toMatchObject({ ok: true });
    const audits = await database.db
      .select({ targetType: auditLog.targetType, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org), eq(auditLog.action, 'framework.assigned')));
    expect(audits).toHaveLength(2);

    const orgWide = await openCycleAction(cycle('Org wide'));
    const forTeam = await openCycleAction(cycle('Team', { teamId }));
    // An explicit choice still wins over the assignment.
    const chosen = await openCycleAction(cycle('Chosen', { teamId, frameworkId: second.frameworkId }));
    expect([orgWide.ok, forTeam.ok, chosen.ok]).toEqual([true, true, true]);
    const rows = await database.db
      .select({
        name: assessmentCycles.name,
        frameworkId: assessmentCycles.frameworkId,
        version: assessmentCycles.frameworkVersion,
      })
      .from(assessmentCycles)
      .where(eq(assessmentCycles.organizationId, org))
      .orderBy(assessmentCycles.createdAt);
    expect(rows).toEqual([
      { name: 'Org wide', frameworkId: second.frameworkId, version: 1 },
      { name: 'Team', frameworkId: first.frameworkId, version: 1 },
      { name: 'Chosen', frameworkId: second.frameworkId, version: 1 },
    ]);
    // The fixture framework had no recorded version: opening the cycle recorded version 1 as a snapshot.
    const [snapshot] = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from framework_version_nodes where organization_id = ${org} and framework_id = ${first.frameworkId} and version = 1`,
      ),
    );
    expect(snapshot!.n).toBe(Object.keys(first.ids).length);
    const versions = await database.db
      .select({ sourceFormat: frameworkVersions.sourceFormat })
      .from(frameworkVersions)
      .where(and(eq(frameworkVersions.organizationId, org), eq(frameworkVersions.frameworkId, first.frameworkId)));
    expect(versions).toEqual([{ sourceFormat: 'snapshot' }]);

    // Clearing: the team follows the default again; one default per organization at most.
    expect(await assignFrameworkAction({ teamId, frameworkId: '' })).toMatchObject({ ok: true });
    expect(await assignedFramework(database.db, org, teamId)).toBe(second.frameworkId);
    expect(await assignFrameworkAction({ teamId: '', frameworkId: first.frameworkId })).toMatchObject({ ok: true });
    const defaults = await database.db
      .select({ id: frameworks.id })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, org), eq(frameworks.isDefault, true)));
    expect(defaults).toEqual([{ id: first.frameworkId }]);
  });
});
