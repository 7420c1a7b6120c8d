/**
 * The data the fault scenarios need on top of the demo seed: FAULT_USERS extra
 * members of the demo organization (same password as the demo users, on the
 * first demo team, nothing rated yet in the open cycle), read back with the
 * ids the scenarios use.
 */
import type { Sql } from 'postgres';

export interface FaultWorld {
  organizationId: string;
  cycleId: string;
  /** Skill ids of the open cycle's framework, in framework order. */
  skillIds: string[];
  users: { email: string; membershipId: string }[];
}

export const faultUserEmail = (index: number) => `faults-${String(index + 1).padStart(2, '0')}@demo.skillgrid.dev`;

export async function buildFaultWorld(sql: Sql, count: number): Promise<FaultWorld> {
  const [org] = await sql<{ id: string }[]>`select id from organizations where slug = 'demo'`;
  if (!org) throw new Error('the demo organization is missing: was the database seeded?');
  const [cycle] = await sql<{ id: string; framework_id: string }[]>`
    select id, framework_id from assessment_cycles
    where organization_id = ${org.id} and status = 'open' and team_id is null
    order by opens_on desc limit 1`;
  if (!cycle) throw new Error('the demo organization has no open organization-wide cycle');
  const emails = Array.from({ length: count }, (_, index) => faultUserEmail(index));

  await sql.begin(async (tx) => {
    // The demo users' hash of the demo password: one argon2 hash instead of fifty.
    const [source] = await tx<
      { password_hash: string }[]
    >`select password_hash from users where email = 'member@demo.skillgrid.dev'`;
    if (!source) throw new Error('the demo member is missing');
    const [team] = await tx<
      { id: string }[]
    >`select id from teams where organization_id = ${org.id} order by name limit 1`;
    for (const [index, email] of emails.entries()) {
      const [user] = await tx<{ id: string }[]>`
        insert into users (email, name, password_hash, email_verified_at)
        values (${email}, ${`Fault Tester ${String(index + 1).padStart(2, '0')}`}, ${source.password_hash}, now())
        on conflict (email) do update set name = excluded.name
        returning id`;
      if (!user) throw new Error(`could not create ${email}`);
      const [membership] = await tx<{ id: string }[]>`
        insert into memberships (organization_id, user_id, role)
        values (${org.id}, ${user.id}, 'member')
        on conflict (organization_id, user_id) do update set status = 'active'
        returning id`;
      if (!membership) throw new Error(`could not add ${email} to the demo organization`);
      if (team) {
        await tx`
          insert into team_members (organization_id, team_id, membership_id)
          values (${org.id}, ${team.id}, ${membership.id}) on conflict do nothing`;
      }
    }
  });

  const members = await sql<{ email: string; membership_id: string }[]>`
    select u.email, m.id as membership_id from users u join memberships m on m.user_id = u.id and m.organization_id = ${org.id}
    where u.email in ${sql(emails)}`;
  const byEmail = new Map(members.map((row) => [row.email, row.membership_id]));
  const skills = await sql<{ id: string }[]>`
    select id from skill_nodes
    where organization_id = ${org.id} and framework_id = ${cycle.framework_id} and kind = 'skill' and archived_at is null
    order by position, id`;
  return {
    organizationId: org.id,
    cycleId: cycle.id,
    skillIds: skills.map((row) => row.id),
    users: emails.map((email) => ({ email, membershipId: byEmail.get(email) ?? '' })),
  };
}
