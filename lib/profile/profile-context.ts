import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, memberships, roleProfiles, teamMembers, teams } from '@/db/schema';
import { findCurrentCycle } from '@/lib/cycles/current';

export interface ProfileCycle {
  id: string;
  name: string;
  status: 'open' | 'closed';
  opensOn: string;
  closesOn: string;
}

export interface ProfileContext {
  /** The open cycle that applies to the member, else the latest closed one (read-only snapshot). */
  cycle: ProfileCycle | null;
  framework: { id: string; name: string; version: number } | null;
  roleProfile: { id: string; name: string } | null;
  teams: { id: string; name: string }[];
}

/** Which cycle, framework, role profile and teams the profile page is about. */
export async function loadProfileContext(
  db: Db,
  organizationId: string,
  membershipId: string,
): Promise<ProfileContext> {
  const cycle = await findCurrentCycle(db, { organizationId, membershipId });

  const [framework] = await db
    .select({ id: frameworks.id, name: frameworks.name, version: frameworks.version })
    .from(frameworks)
    .where(
      and(
        eq(frameworks.organizationId, organizationId),
        cycle ? eq(frameworks.id, cycle.frameworkId) : isNull(frameworks.archivedAt),
      ),
    )
    .orderBy(asc(frameworks.createdAt))
    .limit(1);

  const [profile] = await db
    .select({ id: roleProfiles.id, name: roleProfiles.name })
    .from(memberships)
    .innerJoin(
      roleProfiles,
      and(eq(roleProfiles.organizationId, memberships.organizationId), eq(roleProfiles.id, memberships.roleProfileId)),
    )
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)));

  const myTeams = await db
    .select({ id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, and(eq(teams.organizationId, teamMembers.organizationId), eq(teams.id, teamMembers.teamId)))
    .where(and(eq(teamMembers.organizationId, organizationId), eq(teamMembers.membershipId, membershipId)))
    .orderBy(asc(teams.name));

  return {
    cycle: cycle
      ? { id: cycle.id, name: cycle.name, status: cycle.status, opensOn: cycle.opensOn, closesOn: cycle.closesOn }
      : null,
    framework: framework ?? null,
    roleProfile: profile ?? null,
    teams: myTeams,
  };
}
