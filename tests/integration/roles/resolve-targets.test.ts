import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  resolvedTargetsForMember,
  resolvedTargetsForMembers,
  targetGroupCtes,
  type ResolvedTarget,
} from '@/lib/roles/resolve-targets';
import { column, parseRows } from '@/db/rows';
import { skillNodes } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';
import {
  assignRoleProfile,
  createFramework,
  createRoleProfile,
  createTeam,
  setTeamTargets,
  type BuiltFramework,
} from '../../fixtures/profile-fixture';

let database: TestDatabase;
let orgId: string;
let fw: BuiltFramework;
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  orgId = await createOrganization(db, 'Targets');
  fw = await createFramework(db, orgId);
  const n = fw.nodes;
  // Area 2, category "Testing" raised to 3, skill "Mocking" lowered to 1.
  const profile = await createRoleProfile(db, orgId, 'Engineer', {
    [n.tech!]: 2,
    [n.testing!]: 3,
    [n.mocking!]: 1,
  });
  const solo = await createMember(db, orgId, 'member', 'Solo');
  const teamed = await createMember(db, orgId, 'member', 'Teamed');
  const bare = await createMember(db, orgId, 'member', 'Bare');
  ids.solo = solo.membership.id;
  ids.teamed = teamed.membership.id;
  ids.bare = bare.membership.id;
  await assignRoleProfile(db, orgId, ids.solo, profile);
  await assignRoleProfile(db, orgId, ids.teamed, profile);

  const t1 = await createTeam(db, orgId, 'T1', [ids.teamed]);
  const t2 = await createTeam(db, orgId, 'T2', [ids.teamed]);
  ids.t1 = t1;
  await setTeamTargets(db, orgId, t1, { [n.core!]: 4, [n.testing!]: 2, [n.containers!]: 3 });
  // Within T2 the skill target (1) overrides T2's own area target (3) for Pytest.
  await setTeamTargets(db, orgId, t2, { [n.tech!]: 3, [n.pytest!]: 1 });

  // Another organization with its own profile: must never leak in.
  const otherOrg = await createOrganization(db, 'Other');
  const otherFw = await createFramework(db, otherOrg);
  const otherProfile = await createRoleProfile(db, otherOrg, 'Other', { [otherFw.nodes.tech!]: 4 });
  const outsider = await createMember(db, otherOrg, 'member', 'Outsider');
  ids.outsider = outsider.membership.id;
  await assignRoleProfile(db, otherOrg, ids.outsider, otherProfile);
  // Booting and migrating a PGlite is slow on a busy two-core machine.
}, 120_000);

afterAll(async () => {
  await database?.close();
});

function bySkill(rows: ResolvedTarget[]) {
  const names = Object.fromEntries(Object.entries(fw.nodes).map(([key, id]) => [id, key]));
  return Object.fromEntries(
    rows.map((row) => [
      names[row.skillId],
      { role: row.roleLevel, team: row.teamLevel, target: row.target, source: row.source },
    ]),
  );
}

describe('resolvedTargetsForMember', () => {
  it('inherits the area target, lets a category override it and a skill override it lower', async () => {
    const rows = await resolvedTargetsForMember(database.db, orgId, ids.solo!, fw.frameworkId);
    expect(bySkill(rows)).toEqual({
      decorators: { role: 2, team: null, target: 2, source: 'role' },
      generators: { role: 2, team: null, target: 2, source: 'role' },
      pytest: { role: 3, team: null, target: 3, source: 'role' },
      mocking: { role: 1, team: null, target: 1, source: 'role' },
      aws: { role: null, team: null, target: null, source: null },
      gcp: { role: null, team: null, target: null, source: null },
      docker: { role: null, team: null, target: null, source: null },
    });
  });

  it('takes the higher of role and team target, with its source; per team the deepest node wins, then the highest team', async () => {
    const rows = await resolvedTargetsForMember(database.db, orgId, ids.teamed!, fw.frameworkId);
    expect(bySkill(rows)).toEqual({
      // T1 group "Core" 4 beats T2 area 3 and role 2.
      decorators: { role: 2, team: 4, target: 4, source: 'team' },
      generators: { role: 2, team: 4, target: 4, source: 'team' },
      // T1 category 2, T2 skill 1 (overrides T2's area 3) → team 2; role 3 wins.
      pytest: { role: 3, team: 2, target: 3, source: 'role' },
      // Role skill override 1; T2 area 3 beats T1 category 2 → team 3.
      mocking: { role: 1, team: 3, target: 3, source: 'team' },
      aws: { role: null, team: null, target: null, source: null },
      gcp: { role: null, team: null, target: null, source: null },
      // Only a team target applies.
      docker: { role: null, team: 3, target: 3, source: 'team' },
    });
  });

  it('returns every skill with a null target when nothing is assigned', async () => {
    const rows = await resolvedTargetsForMember(database.db, orgId, ids.bare!, fw.frameworkId);
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.target === null && row.source === null)).toBe(true);
  });

  it('never resolves a member or framework of another organization', async () => {
    expect(await resolvedTargetsForMember(database.db, orgId, ids.outsider!, fw.frameworkId)).toEqual([]);
    expect(await resolvedTargetsForMember(database.db, orgId, ids.solo!, crypto.randomUUID())).toEqual([]);
  });

  it('leaves archived skills out', async () => {
    await database.db.execute(sql`update ${skillNodes} set archived_at = now() where id = ${fw.nodes.gcp!}`);
    const rows = await resolvedTargetsForMember(database.db, orgId, ids.solo!, fw.frameworkId);
    expect(rows.map((row) => row.skillId)).not.toContain(fw.nodes.gcp);
    await database.db.execute(sql`update ${skillNodes} set archived_at = null where id = ${fw.nodes.gcp!}`);
  });
});

describe('resolvedTargetsForMembers', () => {
  it('accepts a subquery of membership ids (a team) and agrees with the per-member result', async () => {
    const rows = await resolvedTargetsForMembers(database.db, {
      organizationId: orgId,
      frameworkId: fw.frameworkId,
      memberships: sql`select membership_id from team_members where organization_id = ${orgId} and team_id = ${ids.t1!}`,
    });
    expect(rows).toEqual(await resolvedTargetsForMember(database.db, orgId, ids.teamed!, fw.frameworkId));
  });

  it('handles an empty list', async () => {
    expect(
      await resolvedTargetsForMembers(database.db, {
        organizationId: orgId,
        frameworkId: fw.frameworkId,
        memberships: [],
      }),
    ).toEqual([]);
  });
});

describe('targetGroupCtes', () => {
  it('gives every member, through their target group, exactly the targets rt_resolved gives them', async () => {
    const scope = {
      organizationId: orgId,
      frameworkId: fw.frameworkId,
      memberships: [ids.solo!, ids.teamed!, ids.bare!],
    };
    const result = await database.db.execute(sql`
      with ${targetGroupCtes(scope)}
      select g.membership_id, t.skill_id, t.target_level, (select count(*) from rg_groups)::int as groups
      from rg_members g
      join rg_targets t on t.gid = g.gid
      order by g.membership_id, t.skill_id`);
    const rows = parseRows(
      result,
      z.object({
        membership_id: column.text,
        skill_id: column.text,
        target_level: column.number,
        groups: column.number,
      }),
    );
    const expected = (await resolvedTargetsForMembers(database.db, scope))
      .filter((row) => row.target !== null)
      .map((row) => ({ membershipId: row.membershipId, skillId: row.skillId, target: row.target }));
    expect(expected.length).toBeGreaterThan(0);
    expect(
      rows.map((row) => ({ membershipId: row.membership_id, skillId: row.skill_id, target: Number(row.target_level) })),
    ).toEqual(expected);
    // Solo (profile only), Teamed (profile and two targeted teams); Bare has no target and so no row, but a group.
    expect(rows[0]?.groups).toBe(3);
  });
});
