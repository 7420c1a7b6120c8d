import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { invitations, teams, type Team } from '@/db/schema';
import { notFoundError } from '@/lib/auth/errors';
import { countTeamCycles } from './queries';

/**
 * Deletes a team unless cycles hold ratings for it: the rule behind the admin
 * page and SCIM `DELETE /Groups/{id}`. People and ratings stay. The caller audits.
 */
export async function deleteTeam(
  tx: Db,
  organizationId: string,
  teamId: string,
): Promise<{ ok: false; error: string } | { ok: true; team: Team }> {
  const [team] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), eq(teams.id, teamId)))
    .for('update');
  if (!team) throw notFoundError('Team');
  // assessment_cycles.team_id deliberately has no cascade: a team's cycles hold ratings.
  const cycles = await countTeamCycles(tx, organizationId, team.id);
  if (cycles > 0) {
    return {
      ok: false,
      error: `“${team.name}” has ${cycles} assessment cycle${cycles === 1 ? '' : 's'} with ratings, so it cannot be deleted. Rename it instead, or remove the team from those cycles first.`,
    };
  }
  // invitations_team_fk has no `set null` (it would null organization_id too): clear it by hand.
  await tx
    .update(invitations)
    .set({ teamId: null })
    .where(and(eq(invitations.organizationId, organizationId), eq(invitations.teamId, team.id)));
  // team_members, team_managers and team_targets go with the team (cascade); people and ratings stay.
  await tx.delete(teams).where(and(eq(teams.organizationId, organizationId), eq(teams.id, team.id)));
  return { ok: true, team };
}
