import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { invitations, organizations, teams, type MembershipRole } from '@/db/schema';
import { invitationStatus, type InvitationStatus } from './status';
import { hashInvitationToken, TOKEN_PATTERN } from './token';

export interface InvitationByToken {
  id: string;
  organizationId: string;
  organizationName: string;
  email: string;
  role: MembershipRole;
  teamId: string | null;
  teamName: string | null;
  status: InvitationStatus;
}

/** Looks an invitation up by its link token (through the hash); null for anything that is not one. */
export async function findInvitationByToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<InvitationByToken | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [row] = await db
    .select({
      invitation: invitations,
      organizationName: organizations.name,
      teamName: teams.name,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .leftJoin(teams, and(eq(teams.organizationId, invitations.organizationId), eq(teams.id, invitations.teamId)))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)))
    .limit(1);
  if (!row) return null;
  return {
    id: row.invitation.id,
    organizationId: row.invitation.organizationId,
    organizationName: row.organizationName,
    email: row.invitation.email,
    role: row.invitation.role,
    teamId: row.invitation.teamId,
    teamName: row.teamName,
    status: invitationStatus(row.invitation, now),
  };
}

/** What to tell someone holding a link that cannot be used; never names the organization. */
export function unusableInvitationMessage(invitation: Pick<InvitationByToken, 'status'> | null): string {
  switch (invitation?.status) {
    case 'accepted':
      return 'This invitation has already been used. If it was yours, sign in.';
    case 'revoked':
      return 'This invitation was withdrawn. Ask an admin of the organization for a new one.';
    case 'expired':
      return 'This invitation has expired. Ask an admin of the organization for a new one.';
    default:
      return 'This invitation link is not valid. Check that you copied the whole link, or ask for a new invitation.';
  }
}
