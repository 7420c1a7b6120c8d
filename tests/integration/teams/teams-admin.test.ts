import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assessmentCycles,
  auditLog,
  frameworks,
  invitations,
  memberships,
  teamManagers,
  teamMembers,
  teams,
} from '@/db/schema';
import {
  addTeamMemberAction,
  assignTeamManagerAction,
  createTeamAction,
  deleteTeamAction,
  removeTeamMemberAction,
  renameTeamAction,
  unassignTeamManagerAction,
} from '@/lib/teams/actions';
import {
  findManagerCandidates,
  findMemberCandidates,
  listTeamMembers,
  listTeams,
  teamListParamsSchema,
} from '@/lib/teams/queries';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  // Projects in vitest.config.mts do not inherit the root hookTimeout; booting PGlite on a busy machine takes a while.
}, 120_000);
afterAll(async () => {
  await database?.close();
});

async function teamsOf(organizationId: string) {
  return database.db.select().from(teams).where(eq(teams.organizationId, organizationId));
}

async function auditActions(organizationId: string) {
  const rows = await database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.organizationId, organizationId));
  return rows.map((row) => row.action);
}

async function createTeam(name: string): Promise<string> {
  const result = await createTeamAction({ name });
  if (!result.ok || !result.data) throw new Error(`createTeam failed: ${JSON.stringify(result)}`);
  return result.data.teamId;
}

describe('team CRUD', { timeout: 60_000 }, () => {
  it('creates, renames and deletes a team, refusing duplicate names', async () => {
    const org = await createOrganization(database.db, 'Crud');
    const admin = await createMember(database.db, org, 'admin');
    actAs(admin);
    const form = new FormData();
    form.set('name', '  Platform  ');
    const created = await createTeamAction(null, form);
    expect(created).toMatchObject({ ok: true, data: { teamId: expect.any(String) } });
    expect((await teamsOf(org)).map((team) => team.name)).toEqual(['Platform']);

    const duplicate = await createTeamAction({ name: 'platform' });
    expect(duplicate).toEqual({
      ok: false,
      error: 'A team with this name already exists.',
      fieldErrors: { name: ['A team with this name already exists.'] },
    });

    const teamId = created.ok && created.data ? created.data.teamId : '';
    const other = await createTeam('Data');
    expect(await renameTeamAction({ teamId: other, name: 'PLATFORM' })).toMatchObject({
      ok: false,
      error: 'A team with this name already exists.',
    });
    expect(await renameTeamAction({ teamId, name: 'Platform Engineering' })).toMatchObject({ ok: true });
    expect(await deleteTeamAction({ teamId: other })).toMatchObject({ ok: true });
    expect((await teamsOf(org)).map((team) => team.name)).toEqual(['Platform Engineering']);
    expect(await auditActions(org)).toEqual(expect.arrayContaining(['team.created', 'team.renamed', 'team.deleted']));
  });

  it('the same name may exist in two organizations', async () => {
    const orgA = await createOrganization(database.db, 'Same A');
    const orgB = await createOrganization(database.db, 'Same B');
    actAs(await createMember(database.db, orgA, 'admin'));
    expect(await createTeamAction({ name: 'Core' })).toMatchObject({ ok: true });
    actAs(await createMember(database.db, orgB, 'admin'));
    expect(await createTeamAction({ name: 'Core' })).toMatchObject({ ok: true });
  });

  it('rejects oversized, empty and wrongly typed names with a message', async () => {
    const org = await createOrganization(database.db, 'Input');
    actAs(await createMember(database.db, org, 'admin'));
    expect(await createTeamAction({ name: 'x'.repeat(81) })).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.stringMatching(/80 characters/)] },
    });
    expect(await createTeamAction({ name: '   ' })).toMatchObject({
      ok: false,
      fieldErrors: { name: ['Enter a team name.'] },
    });
    expect(await createTeamAction({ name: ['a', 'b'] })).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.any(String)] },
    });
    expect(await renameTeamAction({ teamId: 'not-an-id', name: 'ok' })).toMatchObject({
      ok: false,
      fieldErrors: { teamId: ['Team was not found.'] },
    });
    expect(await teamsOf(org)).toHaveLength(0);
  });

  it('is refused to managers, members and the signed-out', async () => {
    const org = await createOrganization(database.db, 'Refused');
    const admin = await createMember(database.db, org, 'admin');
    actAs(admin);
    const teamId = await createTeam('Kept');
    for (const actor of [
      await createMember(database.db, org, 'manager'),
      await createMember(database.db, org, 'member'),
      null,
    ]) {
      actAs(actor);
      expect((await createTeamAction({ name: 'Nope' })).ok).toBe(false);
      expect((await renameTeamAction({ teamId, name: 'Nope' })).ok).toBe(false);
      expect((await deleteTeamAction({ teamId })).ok).toBe(false);
    }
    expect((await teamsOf(org)).map((team) => team.name)).toEqual(['Kept']);
  });

  it('blocks deleting a team that has cycles, and clears invitations otherwise', async () => {
    const org = await createOrganization(database.db, 'Delete');
    const admin = await createMember(database.db, org, 'admin');
    actAs(admin);
    const withCycle = await createTeam('With cycle');
    const withInvite = await createTeam('With invite');
    const [framework] = await database.db
      .insert(frameworks)
      .values({ organizationId: org, key: 'f', name: 'F' })
      .returning();
    if (!framework) throw new Error('no framework');
    await database.db.insert(assessmentCycles).values({
      organizationId: org,
      frameworkId: framework.id,
      teamId: withCycle,
      name: '2026 Q4',
      opensOn: '2026-10-01',
      closesOn: '2026-12-31',
    });
    const [invitation] = await database.db
      .insert(invitations)
      .values({
        organizationId: org,
        email: 'new@example.test',
        teamId: withInvite,
        tokenHash: `hash-${Date.now()}`,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning();
    if (!invitation) throw new Error('no invitation');

    const blocked = await deleteTeamAction({ teamId: withCycle });
    expect(blocked).toMatchObject({ ok: false, error: expect.stringMatching(/1 assessment cycle/) });
    expect((await teamsOf(org)).map((team) => team.id)).toContain(withCycle);

    expect(await deleteTeamAction({ teamId: withInvite })).toMatchObject({ ok: true });
    const [after] = await database.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(after).toMatchObject({ organizationId: org, teamId: null });
  });
});

describe('team members and managers', { timeout: 60_000 }, () => {
  it('adds and removes members and managers, with audit entries', async () => {
    const org = await createOrganization(database.db, 'People');
    const admin = await createMember(database.db, org, 'admin');
    const member = await createMember(database.db, org, 'member', 'Mia Member');
    const manager = await createMember(database.db, org, 'manager', 'Max Manager');
    actAs(admin);
    const teamId = await createTeam('Platform');

    expect((await findMemberCandidates(database.db, org, teamId, 'mia')).map((p) => p.name)).toEqual(['Mia Member']);
    const form = new FormData();
    form.set('teamId', teamId);
    form.set('membershipId', member.membership.id);
    expect(await addTeamMemberAction(null, form)).toMatchObject({ ok: true });
    expect(await addTeamMemberAction({ teamId, membershipId: member.membership.id })).toMatchObject({
      ok: true,
      message: 'Already on this team.',
    });
    expect(await findMemberCandidates(database.db, org, teamId, 'mia')).toEqual([]);
    const page = await listTeamMembers(database.db, org, teamId, 1);
    expect(page).toMatchObject({ total: 1, rows: [{ name: 'Mia Member' }] });

    expect((await findManagerCandidates(database.db, org, teamId)).map((p) => p.name)).toContain('Max Manager');
    expect(await assignTeamManagerAction({ teamId, membershipId: manager.membership.id })).toMatchObject({ ok: true });
    // Admins may lead teams too, and a team may have several managers.
    expect(await assignTeamManagerAction({ teamId, membershipId: admin.membership.id })).toMatchObject({ ok: true });
    const [listed] = (await listTeams(database.db, org, teamListParamsSchema.parse({}))).rows;
    expect(listed).toMatchObject({ name: 'Platform', memberCount: 1 });
    expect(listed?.managers.map((p) => p.name).sort()).toEqual([admin.user.name, 'Max Manager'].sort());

    // A manager may lead several teams.
    const second = await createTeam('Data');
    expect(await assignTeamManagerAction({ teamId: second, membershipId: manager.membership.id })).toMatchObject({
      ok: true,
    });

    expect(await unassignTeamManagerAction({ teamId, membershipId: manager.membership.id })).toMatchObject({
      ok: true,
    });
    expect(await removeTeamMemberAction({ teamId, membershipId: member.membership.id })).toMatchObject({ ok: true });
    expect(await removeTeamMemberAction({ teamId, membershipId: member.membership.id })).toEqual({
      ok: false,
      error: 'Member was not found.',
    });
    expect(await auditActions(org)).toEqual(
      expect.arrayContaining([
        'team.member_added',
        'team.member_removed',
        'team.manager_assigned',
        'team.manager_removed',
      ]),
    );
  });

  it('only managers and admins can be made team managers; deactivated people cannot join', async () => {
    const org = await createOrganization(database.db, 'Manager rule');
    const admin = await createMember(database.db, org, 'admin');
    const member = await createMember(database.db, org, 'member');
    const gone = await createMember(database.db, org, 'manager');
    await database.db
      .update(memberships)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(eq(memberships.id, gone.membership.id));
    actAs(admin);
    const teamId = await createTeam('Ops');
    expect(await assignTeamManagerAction({ teamId, membershipId: member.membership.id })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Only managers and admins/),
    });
    expect(await assignTeamManagerAction({ teamId, membershipId: gone.membership.id })).toMatchObject({ ok: false });
    expect(await addTeamMemberAction({ teamId, membershipId: gone.membership.id })).toMatchObject({ ok: false });
    expect((await findManagerCandidates(database.db, org, teamId)).map((p) => p.membershipId)).toEqual([
      admin.membership.id,
    ]);
    const managers = await database.db.select().from(teamManagers).where(eq(teamManagers.teamId, teamId));
    expect(managers).toHaveLength(0);
  });

  it('refuses other organizations’ teams and members as not found, changing nothing', async () => {
    const orgA = await createOrganization(database.db, 'Cross A');
    const orgB = await createOrganization(database.db, 'Cross B');
    const adminA = await createMember(database.db, orgA, 'admin');
    const adminB = await createMember(database.db, orgB, 'admin');
    const managerB = await createMember(database.db, orgB, 'manager');
    actAs(adminB);
    const teamB = await createTeam('B team');
    expect(await addTeamMemberAction({ teamId: teamB, membershipId: managerB.membership.id })).toMatchObject({
      ok: true,
    });
    actAs(adminA);
    const teamA = await createTeam('A team');

    const notFoundTeam = { ok: false, error: 'Team was not found.' };
    const notFoundMember = { ok: false, error: 'Member was not found.' };
    expect(await renameTeamAction({ teamId: teamB, name: 'Hijacked' })).toEqual(notFoundTeam);
    expect(await deleteTeamAction({ teamId: teamB })).toEqual(notFoundTeam);
    expect(await addTeamMemberAction({ teamId: teamB, membershipId: adminA.membership.id })).toEqual(notFoundTeam);
    expect(await removeTeamMemberAction({ teamId: teamB, membershipId: managerB.membership.id })).toEqual(notFoundTeam);
    expect(await assignTeamManagerAction({ teamId: teamB, membershipId: adminA.membership.id })).toEqual(notFoundTeam);
    // Own team, other organization's person.
    expect(await addTeamMemberAction({ teamId: teamA, membershipId: managerB.membership.id })).toEqual(notFoundMember);
    expect(await assignTeamManagerAction({ teamId: teamA, membershipId: managerB.membership.id })).toEqual(
      notFoundMember,
    );
    expect(await findMemberCandidates(database.db, orgA, teamA, '')).toHaveLength(1);

    const [bTeam] = await database.db.select().from(teams).where(eq(teams.id, teamB));
    expect(bTeam?.name).toBe('B team');
    const bMembers = await database.db
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.organizationId, orgB), eq(teamMembers.teamId, teamB)));
    expect(bMembers).toHaveLength(1);
    const aRows = await database.db.select().from(teamMembers).where(eq(teamMembers.teamId, teamA));
    expect(aRows).toHaveLength(0);
    expect((await auditActions(orgA)).filter((action) => action !== 'team.created')).toEqual([]);
  });
});

describe('listTeams', { timeout: 60_000 }, () => {
  it('pages and searches the organization’s teams only', async () => {
    const org = await createOrganization(database.db, 'Many teams');
    const other = await createOrganization(database.db, 'Other teams');
    await database.db.insert(teams).values(
      Array.from({ length: 30 }, (_, index) => ({
        organizationId: org,
        name: `Squad ${String(index).padStart(2, '0')}`,
      })),
    );
    await database.db.insert(teams).values({ organizationId: other, name: 'Squad outsider' });
    const first = await listTeams(database.db, org, teamListParamsSchema.parse({}));
    expect(first.total).toBe(30);
    expect(first.rows).toHaveLength(25);
    const second = await listTeams(database.db, org, teamListParamsSchema.parse({ page: '2' }));
    expect(second.rows.map((row) => row.name)).toEqual(['Squad 25', 'Squad 26', 'Squad 27', 'Squad 28', 'Squad 29']);
    const search = await listTeams(database.db, org, teamListParamsSchema.parse({ q: 'squad 1' }));
    expect(search.total).toBe(10);
  });
});
