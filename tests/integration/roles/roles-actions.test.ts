import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, memberships, roleProfileTargets, roleProfiles, skillNodes, teamTargets } from '@/db/schema';
import {
  assignRoleProfileAction,
  createRoleProfileAction,
  deleteRoleProfileAction,
  renameRoleProfileAction,
  setRoleProfileTargetAction,
  setTeamTargetAction,
  unassignRoleProfileAction,
} from '@/lib/roles/actions';
import { effectiveLevels } from '@/lib/roles/effective-levels';
import { listRoleProfiles, loadFrameworkTree, profileTargets } from '@/lib/roles/queries';
import { resolvedTargetsForMember } from '@/lib/roles/resolve-targets';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { insertSmallFramework } from '../../fixtures/small-framework';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
}, 120_000);
afterAll(async () => {
  await database?.close();
});
beforeEach(() => actAs(world.adminA));

async function createProfile(name: string, description?: string): Promise<string> {
  actAs(world.adminA);
  const result = await createRoleProfileAction({ name, description });
  if (!result.ok || !result.data) throw new Error(`create failed: ${JSON.stringify(result)}`);
  return result.data.profileId;
}

async function profilesOf(organizationId: string) {
  return database.db.select().from(roleProfiles).where(eq(roleProfiles.organizationId, organizationId));
}

async function targetRows(profileId: string) {
  return database.db
    .select({ nodeId: roleProfileTargets.nodeId, level: roleProfileTargets.level })
    .from(roleProfileTargets)
    .where(and(eq(roleProfileTargets.organizationId, world.orgA), eq(roleProfileTargets.roleProfileId, profileId)));
}

async function profileOfMember(membershipId: string) {
  const [row] = await database.db
    .select({ roleProfileId: memberships.roleProfileId })
    .from(memberships)
    .where(eq(memberships.id, membershipId));
  return row?.roleProfileId ?? null;
}

async function auditActions() {
  const rows = await database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.organizationId, world.orgA));
  return rows.map((row) => row.action);
}

describe('role profile CRUD', () => {
  it('creates, lists with counts, renames and refuses duplicate names case-insensitively', async () => {
    const id = await createProfile('Platform Engineer', 'Builds the platform');
    const duplicate = await createRoleProfileAction({ name: '  platform engineer ' });
    expect(duplicate).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });

    const other = await createProfile('Staff SRE');
    const clash = await renameRoleProfileAction({ profileId: other, name: 'PLATFORM ENGINEER' });
    expect(clash.ok).toBe(false);
    const renamed = await renameRoleProfileAction({ profileId: other, name: 'Principal SRE', description: '' });
    expect(renamed.ok).toBe(true);

    const list = await listRoleProfiles(database.db, world.orgA);
    expect(list.find((row) => row.id === id)).toMatchObject({
      name: 'Platform Engineer',
      memberCount: 0,
      targetCount: 0,
    });
    expect(list.find((row) => row.id === other)).toMatchObject({ name: 'Principal SRE', description: null });
    expect(await listRoleProfiles(database.db, world.orgB)).toEqual([]);
    expect(await auditActions()).toEqual(expect.arrayContaining(['role_profile.created', 'role_profile.renamed']));
  });

  it('refuses bad input with a message and changes nothing', async () => {
    const before = await profilesOf(world.orgA);
    for (const input of [
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(81) },
      { name: 'ok', description: 'x'.repeat(501) },
      { name: { a: 1 } },
    ]) {
      const result = await createRoleProfileAction(input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.error).toEqual(expect.any(String));
    }
    const profile = await createProfile('Bad input target');
    for (const level of ['5', '-1', '1.5', 'two', 7]) {
      const result = await setRoleProfileTargetAction({
        profileId: profile,
        nodeId: world.framework.id('tech'),
        level,
      });
      expect(result.ok, String(level)).toBe(false);
    }
    expect(await targetRows(profile)).toEqual([]);
    const notAnId = await setRoleProfileTargetAction({
      profileId: 'nope',
      nodeId: world.framework.id('tech'),
      level: '2',
    });
    expect(notAnId.ok).toBe(false);
    expect((await profilesOf(world.orgA)).length).toBe(before.length + 1);
  });

  it('deleting a profile unassigns its members in the same step and says how many', async () => {
    const profile = await createProfile('To delete');
    await setRoleProfileTargetAction({ profileId: profile, nodeId: world.framework.id('tech'), level: '2' });
    for (const member of [world.memberA1, world.subjectA1]) {
      expect((await assignRoleProfileAction({ profileId: profile, membershipId: member.membership.id })).ok).toBe(true);
    }
    expect((await listRoleProfiles(database.db, world.orgA)).find((row) => row.id === profile)).toMatchObject({
      memberCount: 2,
      targetCount: 1,
    });

    const result = await deleteRoleProfileAction({ profileId: profile });
    expect(result).toMatchObject({ ok: true, data: { unassigned: 2 } });
    expect(result.ok && result.message).toContain('2 members were unassigned');
    expect(await profileOfMember(world.memberA1.membership.id)).toBeNull();
    expect(await profileOfMember(world.subjectA1.membership.id)).toBeNull();
    expect(await targetRows(profile)).toEqual([]);
    expect(await auditActions()).toContain('role_profile.deleted');
  });

  it('organization B’s admin cannot touch organization A’s existing profile, and members cannot at all', async () => {
    const profile = await createProfile('Guarded');
    const member = world.subjectA1.membership.id;
    const attempts = () => [
      renameRoleProfileAction({ profileId: profile, name: 'Hijacked' }),
      setRoleProfileTargetAction({ profileId: profile, nodeId: world.framework.id('tech'), level: '4' }),
      assignRoleProfileAction({ profileId: profile, membershipId: member }),
      deleteRoleProfileAction({ profileId: profile }),
    ];
    for (const actor of [world.adminB, world.managerA1, world.memberA1, null]) {
      actAs(actor);
      for (const result of await Promise.all(attempts())) expect(result.ok).toBe(false);
    }
    actAs(world.adminB);
    expect((await unassignRoleProfileAction({ membershipId: member })).ok).toBe(false);
    const [row] = await database.db.select().from(roleProfiles).where(eq(roleProfiles.id, profile));
    expect(row?.name).toBe('Guarded');
    expect(await targetRows(profile)).toEqual([]);
  });

  it('refuses a node of another organization’s framework', async () => {
    const profile = await createProfile('Cross-org node');
    const foreign = await insertSmallFramework(database.db, world.orgB, 'foreign');
    const result = await setRoleProfileTargetAction({ profileId: profile, nodeId: foreign.id('tech'), level: '2' });
    expect(result).toMatchObject({ ok: false, error: 'Skill node was not found.' });
    expect(await targetRows(profile)).toEqual([]);
  });
});

describe('targets set in the editor', () => {
  it('sets, overrides and clears targets; the editor shows inherited levels and resolution follows', async () => {
    const profile = await createProfile('Inheritance');
    const member = world.subjectA1.membership.id;
    const fw = world.framework;
    expect((await assignRoleProfileAction({ profileId: profile, membershipId: member })).ok).toBe(true);

    expect((await setRoleProfileTargetAction({ profileId: profile, nodeId: fw.id('tech'), level: '2' })).ok).toBe(true);
    const nodes = await loadFrameworkTree(database.db, world.orgA, fw.frameworkId);
    let shown = effectiveLevels(nodes, await profileTargets(database.db, world.orgA, profile));
    expect(shown.get(fw.id('tech/python/basics/syntax'))).toMatchObject({
      own: null,
      effective: 2,
      inheritedFrom: { id: fw.id('tech'), name: 'Technical' },
    });

    // Override one skill and update (not duplicate) the area's target.
    await setRoleProfileTargetAction({ profileId: profile, nodeId: fw.id('tech/python/basics/syntax'), level: '4' });
    await setRoleProfileTargetAction({ profileId: profile, nodeId: fw.id('tech'), level: '1' });
    expect(await targetRows(profile)).toHaveLength(2);
    shown = effectiveLevels(nodes, await profileTargets(database.db, world.orgA, profile));
    expect(shown.get(fw.id('tech/python/basics/syntax'))).toMatchObject({ own: 4, effective: 4, inheritedFrom: null });
    expect(shown.get(fw.id('tech/testing/pytest'))).toMatchObject({ own: null, effective: 1 });

    let resolved = await resolvedTargetsForMember(database.db, world.orgA, member, fw.frameworkId);
    const targetOf = (key: string) => resolved.find((row) => row.skillId === fw.id(key));
    expect(targetOf('tech/python/basics/syntax')).toMatchObject({ roleLevel: 4, target: 4, source: 'role' });
    expect(targetOf('tech/testing/pytest')).toMatchObject({ roleLevel: 1, target: 1 });
    expect(targetOf('lead/people/mentoring')).toMatchObject({ target: null, source: null });

    // A team target above the role target wins and says so.
    actAs(world.managerA1);
    expect((await setTeamTargetAction({ teamId: world.teamA1, nodeId: fw.id('tech/testing'), level: '3' })).ok).toBe(
      true,
    );
    resolved = await resolvedTargetsForMember(database.db, world.orgA, member, fw.frameworkId);
    expect(targetOf('tech/testing/pytest')).toMatchObject({ roleLevel: 1, teamLevel: 3, target: 3, source: 'team' });
    expect(targetOf('tech/python/basics/syntax')).toMatchObject({ target: 4, source: 'role' });

    // Clearing ('' = "—") removes the row; the skill falls back to what it inherits.
    actAs(world.adminA);
    await setRoleProfileTargetAction({ profileId: profile, nodeId: fw.id('tech/python/basics/syntax'), level: '' });
    expect(await targetRows(profile)).toEqual([{ nodeId: fw.id('tech'), level: 1 }]);
    resolved = await resolvedTargetsForMember(database.db, world.orgA, member, fw.frameworkId);
    expect(targetOf('tech/python/basics/syntax')).toMatchObject({ roleLevel: 1, target: 1 });

    // Unassigning drops the role part.
    expect((await unassignRoleProfileAction({ membershipId: member })).ok).toBe(true);
    resolved = await resolvedTargetsForMember(database.db, world.orgA, member, fw.frameworkId);
    expect(targetOf('tech/python/basics/syntax')).toMatchObject({ roleLevel: null, target: null });
    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        'role_profile.target_set',
        'role_profile.target_cleared',
        'role_profile.assigned',
        'role_profile.unassigned',
        'team.target_set',
      ]),
    );
    await database.db.delete(teamTargets).where(eq(teamTargets.teamId, world.teamA1));
  });

  it('refuses an archived node', async () => {
    const profile = await createProfile('Archived node');
    const nodeId = world.framework.id('lead/people/mentoring');
    await database.db.update(skillNodes).set({ archivedAt: new Date() }).where(eq(skillNodes.id, nodeId));
    const result = await setRoleProfileTargetAction({ profileId: profile, nodeId, level: '2' });
    await database.db.update(skillNodes).set({ archivedAt: null }).where(eq(skillNodes.id, nodeId));
    expect(result.ok).toBe(false);
    expect(await targetRows(profile)).toEqual([]);
  });

  it('assigning moves a member from one profile to another; deactivated members cannot be assigned', async () => {
    const first = await createProfile('First');
    const second = await createProfile('Second');
    const member = world.memberA1.membership.id;
    await assignRoleProfileAction({ profileId: first, membershipId: member });
    await assignRoleProfileAction({ profileId: second, membershipId: member });
    expect(await profileOfMember(member)).toBe(second);

    await database.db
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(eq(memberships.id, world.managerA2.membership.id));
    const refused = await assignRoleProfileAction({ profileId: first, membershipId: world.managerA2.membership.id });
    await database.db
      .update(memberships)
      .set({ status: 'active' })
      .where(eq(memberships.id, world.managerA2.membership.id));
    expect(refused.ok).toBe(false);
    expect(await profileOfMember(world.managerA2.membership.id)).toBeNull();
  });
});

describe('team targets', () => {
  async function teamRows(teamId: string) {
    return database.db
      .select({ nodeId: teamTargets.nodeId, level: teamTargets.level })
      .from(teamTargets)
      .where(and(eq(teamTargets.organizationId, world.orgA), eq(teamTargets.teamId, teamId)));
  }

  it('the team’s manager and an admin may set them; others are refused and nothing changes', async () => {
    const nodeId = world.framework.id('lead');
    actAs(world.managerA1);
    expect((await setTeamTargetAction({ teamId: world.teamA1, nodeId, level: '2' })).ok).toBe(true);
    expect(await teamRows(world.teamA1)).toEqual([{ nodeId, level: 2 }]);

    for (const actor of [world.managerA2, world.memberA1, world.adminB, null]) {
      actAs(actor);
      const result = await setTeamTargetAction({ teamId: world.teamA1, nodeId, level: '4' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toEqual(expect.any(String));
    }
    // Another team's manager may not reach team A1 through their own team either.
    actAs(world.managerA1);
    expect((await setTeamTargetAction({ teamId: world.teamA2, nodeId, level: '4' })).ok).toBe(false);
    expect(await teamRows(world.teamA2)).toEqual([]);
    expect(await teamRows(world.teamA1)).toEqual([{ nodeId, level: 2 }]);

    actAs(world.adminA);
    expect((await setTeamTargetAction({ teamId: world.teamA2, nodeId, level: '1' })).ok).toBe(true);
    actAs(world.managerA1);
    expect((await setTeamTargetAction({ teamId: world.teamA1, nodeId, level: '' })).ok).toBe(true);
    expect(await teamRows(world.teamA1)).toEqual([]);
  });

  it('bad levels and ids are refused with a message and change nothing', async () => {
    actAs(world.managerA1);
    const nodeId = world.framework.id('tech');
    for (const input of [
      { teamId: world.teamA1, nodeId, level: '9' },
      { teamId: world.teamA1, nodeId, level: 'x' },
      { teamId: world.teamA1, nodeId: 'not-a-uuid', level: '2' },
      { teamId: world.teamA1, nodeId: crypto.randomUUID(), level: '2' },
      { teamId: crypto.randomUUID(), nodeId, level: '2' },
    ]) {
      const result = await setTeamTargetAction(input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
    }
    expect(await teamRows(world.teamA1)).toEqual([]);
  });
});
