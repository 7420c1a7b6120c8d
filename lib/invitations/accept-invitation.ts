import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { invitations, memberships, teamMembers, users } from '@/db/schema';
import { recordAudit, type AuditDeclaration } from '@/lib/actions/define-action';
import { hashPassword } from '@/lib/auth/password';
import type { Failure, Outcome } from '@/lib/organizations/outcome';
import { newPasswordSchema, personNameSchema } from '@/lib/organizations/sign-up';
import { uniqueViolation } from '@/db/unique-violation';
import { revokeAccountTokens } from '@/lib/auth/account-tokens';
import { endAllSessions } from '@/lib/auth/revoke-sessions';
import { findInvitationByToken, unusableInvitationMessage, type InvitationByToken } from './find-invitation';
import { emitMemberCreated } from '@/lib/webhooks/domain-events';
import { accountExists } from './invitee';

export const invitationTokenSchema = z.string().trim().min(1, 'The invitation link is missing.').max(100);

export const acceptAsNewUserSchema = z.object({
  token: invitationTokenSchema,
  name: personNameSchema,
  password: newPasswordSchema,
});

export const joinInvitationSchema = z.object({ token: invitationTokenSchema });

/**
 * What accepting records. Acceptance is a public action (the link is the
 * credential; the user may not exist yet), so `defineAuditedAction`, which
 * authors entries from the session, cannot run it: the write records its
 * entry with `recordAudit` once the user it joins is known, in the same
 * transaction, against this declaration (which the actions declare too).
 */
export const INVITATION_ACCEPT_AUDIT = {
  events: ['invitation.accepted'],
  target: 'invitation',
} as const satisfies AuditDeclaration;

/** Ends the acceptance transaction with nothing written, carrying the message for the user. */
class InvitationRefused extends Error {}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Single use, even under concurrency: the UPDATE only matches an invitation
 * that is still open, and a second transaction waiting on the row lock
 * re-checks the condition after the first commits and matches nothing.
 */
async function claimInvitation(tx: Tx, invitationId: string, userId: string) {
  const [claimed] = await tx
    .update(invitations)
    .set({ acceptedAt: sql`now()`, acceptedByUserId: userId })
    .where(
      and(
        eq(invitations.id, invitationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .returning({
      id: invitations.id,
      organizationId: invitations.organizationId,
      email: invitations.email,
      role: invitations.role,
      teamId: invitations.teamId,
    });
  if (!claimed) throw new InvitationRefused('This invitation has already been used, was withdrawn or has expired.');
  return claimed;
}

async function joinOrganization(
  tx: Tx,
  claimed: Awaited<ReturnType<typeof claimInvitation>>,
  userId: string,
  details: { newAccount: boolean; ip: string | null },
): Promise<void> {
  const [membership] = await tx
    .insert(memberships)
    .values({ organizationId: claimed.organizationId, userId, role: claimed.role })
    .returning({ id: memberships.id });
  if (!membership) throw new Error('Membership insert returned no row');
  if (claimed.teamId) {
    await tx
      .insert(teamMembers)
      .values({ organizationId: claimed.organizationId, teamId: claimed.teamId, membershipId: membership.id });
  }
  await emitMemberCreated(tx, claimed.organizationId, membership.id, 'invitation');
  await recordAudit(
    tx,
    { organizationId: claimed.organizationId, actorUserId: userId, ip: details.ip },
    INVITATION_ACCEPT_AUDIT,
    {
      targetId: claimed.id,
      details: {
        email: claimed.email,
        role: claimed.role,
        teamId: claimed.teamId,
        membershipId: membership.id,
        newAccount: details.newAccount,
      },
    },
  );
}

function refused(error: unknown): Failure | null {
  if (error instanceof InvitationRefused) return { ok: false, error: error.message };
  return null;
}

export type AcceptedInvitation = { userId: string; organizationId: string; email: string };

async function usableInvitation(db: Db, token: string): Promise<InvitationByToken | Failure> {
  const invitation = await findInvitationByToken(db, token);
  if (!invitation || invitation.status !== 'pending')
    return { ok: false, error: unusableInvitationMessage(invitation) };
  return invitation;
}

/**
 * The database half of accepting as someone without an account: the user,
 * the membership (and team) and the claimed invitation commit together.
 */
export async function acceptInvitationAsNewUser(
  db: Db,
  input: z.output<typeof acceptAsNewUserSchema>,
  ip: string | null,
): Promise<Outcome<AcceptedInvitation>> {
  const found = await usableInvitation(db, input.token);
  if ('ok' in found) return found;
  const signInInstead: Failure = {
    ok: false,
    error: 'An account already exists for this email address. Sign in to accept the invitation.',
  };
  if (await accountExists(db, found.email)) return signInInstead;
  // An unconfirmed sign-up with this address holds nothing; the link proves the address, so it is replaced.
  const [unconfirmed] = await db.select({ id: users.id }).from(users).where(eq(users.email, found.email)).limit(1);

  const passwordHash = await hashPassword(input.password);
  try {
    const userId = await db.transaction(async (tx) => {
      let id: string;
      if (unconfirmed) {
        const [user] = await tx
          .update(users)
          .set({ name: input.name, passwordHash, emailVerifiedAt: sql`now()` })
          .where(and(eq(users.id, unconfirmed.id), isNull(users.emailVerifiedAt)))
          .returning({ id: users.id });
        if (!user) throw new InvitationRefused(signInInstead.error);
        await revokeAccountTokens(tx, user.id);
        // Whoever signed up unconfirmed keeps no session (they could not have had one; belt and braces).
        await endAllSessions(tx, user.id);
        id = user.id;
      } else {
        const [user] = await tx
          .insert(users)
          .values({ email: found.email, name: input.name, passwordHash, emailVerifiedAt: sql`now()` })
          .returning({ id: users.id });
        if (!user) throw new Error('User insert returned no row');
        id = user.id;
      }
      const claimed = await claimInvitation(tx, found.id, id);
      await joinOrganization(tx, claimed, id, { newAccount: true, ip });
      return id;
    });
    return { ok: true, data: { userId, organizationId: found.organizationId, email: found.email } };
  } catch (error) {
    const refusal = refused(error);
    if (refusal) return refusal;
    // A concurrent acceptance created the account first.
    if (uniqueViolation(error) !== null) return signInInstead;
    throw error;
  }
}

/** The database half of "Join <org>" for a signed-in user whose email the invitation names. */
export async function acceptInvitationAsExistingUser(
  db: Db,
  token: string,
  user: { id: string; email: string },
  ip: string | null,
): Promise<Outcome<AcceptedInvitation>> {
  const found = await usableInvitation(db, token);
  if ('ok' in found) return found;
  if (found.email !== user.email.toLowerCase()) {
    return {
      ok: false,
      error: `This invitation is for ${found.email}. Sign out and sign in with that address to accept it.`,
    };
  }
  const [existing] = await db
    .select({ status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.organizationId, found.organizationId), eq(memberships.userId, user.id)))
    .limit(1);
  if (existing) return { ok: false, error: existingMembershipMessage(existing.status, found.organizationName) };

  try {
    await db.transaction(async (tx) => {
      const claimed = await claimInvitation(tx, found.id, user.id);
      await joinOrganization(tx, claimed, user.id, { newAccount: false, ip });
      // The link was mailed to this address: following it proves the address.
      await tx
        .update(users)
        .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
        .where(eq(users.id, user.id));
    });
    return { ok: true, data: { userId: user.id, organizationId: found.organizationId, email: found.email } };
  } catch (error) {
    const refusal = refused(error);
    if (refusal) return refusal;
    if (uniqueViolation(error) !== null)
      return { ok: false, error: existingMembershipMessage('active', found.organizationName) };
    throw error;
  }
}

export function existingMembershipMessage(status: 'active' | 'deactivated', organizationName: string): string {
  return status === 'active'
    ? `You are already a member of ${organizationName}.`
    : `Your membership in ${organizationName} was deactivated. Ask an admin of ${organizationName} to reactivate it.`;
}
