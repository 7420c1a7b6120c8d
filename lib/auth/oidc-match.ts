/**
 * Which Skillgrid user a single sign-on identity is. Pure database logic, no
 * next-auth, so the rules are testable on their own:
 *
 * - the identity provider must say the email is verified — otherwise anyone
 *   who can type an address into the IdP could take over that account;
 * - a user with at least one active membership signs in;
 * - pending invitations (unexpired, unaccepted, unrevoked) to that email are
 *   accepted, creating the user (without a password) if needed — the admin's
 *   invitation is the consent, the verified email is the proof;
 * - anyone else is refused: SSO never creates an organization or an account
 *   on its own, and a deactivated membership stays deactivated;
 * - a verified identity takes precedence over an unverified password account
 *   with the same address (issue 17): whoever signed that up never proved the
 *   address, so its password is discarded, its unused links revoked and its
 *   sessions ended before the identity's owner gets the account — never the
 *   other way round, or an attacker who signed up under a colleague's address
 *   would receive the colleague's invitation.
 */
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { invitations, memberships, teamMembers, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { revokeAccountTokens } from './account-tokens';
import { endAllSessions } from './revoke-sessions';
import { emitMemberCreated } from '@/lib/webhooks/domain-events';

export interface SsoIdentity {
  email: unknown;
  /** The `email_verified` claim; only the boolean `true` counts. */
  emailVerified: unknown;
  /** Display name from the IdP, used only when a user is created. */
  name?: unknown;
  ip?: string | null;
}

export type SsoMatch =
  | {
      ok: true;
      userId: string;
      email: string;
      /** The organization to open first: the newest accepted invitation's, else the first active membership's. */
      organizationId: string;
      acceptedInvitationIds: string[];
      /** An unverified password account with this address was taken over (its password discarded). */
      tookOverUnverified?: boolean;
    }
  | { ok: false; reason: 'no-email' | 'unverified' | 'no-account'; email: string | null };

const emailSchema = z.string().trim().toLowerCase().email().max(254);
const nameSchema = z.string().trim().min(1).max(200);

export async function matchSsoUser(db: Db, identity: SsoIdentity, now = new Date()): Promise<SsoMatch> {
  const parsedEmail = emailSchema.safeParse(identity.email);
  if (!parsedEmail.success) return { ok: false, reason: 'no-email', email: null };
  const email = parsedEmail.data;
  if (identity.emailVerified !== true) return { ok: false, reason: 'unverified', email };

  try {
    return await db.transaction((tx) => matchInTransaction(tx, email, identity, now));
  } catch (error) {
    // Thrown (not returned) so that a user created in the transaction is rolled back.
    if (error instanceof NoAccount) return { ok: false, reason: 'no-account', email };
    throw error;
  }
}

class NoAccount extends Error {}

async function matchInTransaction(tx: Db, email: string, identity: SsoIdentity, now: Date): Promise<SsoMatch> {
  const [existing] = await tx
    .select({ id: users.id, emailVerifiedAt: users.emailVerifiedAt, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  const membershipRows = existing
    ? await tx
        .select({ organizationId: memberships.organizationId, status: memberships.status })
        .from(memberships)
        .where(eq(memberships.userId, existing.id))
        .orderBy(asc(memberships.createdAt))
    : [];
  const memberOf = new Set(membershipRows.map((row) => row.organizationId));

  const pending = await tx
    .select()
    .from(invitations)
    .where(
      and(
        sql`lower(${invitations.email}) = ${email}`,
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.createdAt));
  // One invitation per organization (the newest), and none where a membership already
  // exists: re-admitting a deactivated member is the admin's decision, not the IdP's.
  const acceptable = pending.filter((invitation) => {
    if (memberOf.has(invitation.organizationId)) return false;
    memberOf.add(invitation.organizationId);
    return true;
  });

  const activeOrganizationId = membershipRows.find((row) => row.status === 'active')?.organizationId;
  if (!activeOrganizationId && acceptable.length === 0) throw new NoAccount();

  let userId = existing?.id;
  const tookOverUnverified = Boolean(existing && !existing.emailVerifiedAt);
  if (existing && tookOverUnverified) {
    await tx.update(users).set({ passwordHash: null, emailVerifiedAt: now }).where(eq(users.id, existing.id));
    await revokeAccountTokens(tx, existing.id);
    // Whoever held the discarded password keeps no session; committed with the takeover.
    await endAllSessions(tx, existing.id);
    await writeAudit(tx, {
      organizationId: null,
      actorUserId: existing.id,
      action: 'auth.unverified_account_taken_over',
      targetType: 'user',
      targetId: existing.id,
      details: { email, method: 'sso', hadPassword: Boolean(existing.passwordHash) },
      ip: identity.ip ?? null,
    });
  }
  if (!userId) {
    const parsedName = nameSchema.safeParse(identity.name);
    const name = parsedName.success ? parsedName.data : (email.split('@')[0] ?? email);
    const [created] = await tx
      .insert(users)
      .values({ email, name, passwordHash: null, emailVerifiedAt: now })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    // A concurrent sign-in may have created the same user a moment earlier.
    userId = created?.id ?? (await tx.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]?.id;
    if (!userId) throw new Error('Could not create the SSO user.');
  }

  const acceptedInvitationIds: string[] = [];
  let firstAcceptedOrganizationId: string | undefined;
  for (const invitation of acceptable) {
    // Conditional update: of two concurrent acceptances exactly one wins.
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedByUserId: userId })
      .where(
        and(
          eq(invitations.organizationId, invitation.organizationId),
          eq(invitations.id, invitation.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ id: invitations.id });
    if (!claimed) continue;
    const [membership] = await tx
      .insert(memberships)
      .values({ organizationId: invitation.organizationId, userId, role: invitation.role })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (!membership) continue;
    if (invitation.teamId) {
      await tx
        .insert(teamMembers)
        .values({ organizationId: invitation.organizationId, teamId: invitation.teamId, membershipId: membership.id })
        .onConflictDoNothing();
    }
    await emitMemberCreated(tx, invitation.organizationId, membership.id, 'sso');
    await writeAudit(tx, {
      organizationId: invitation.organizationId,
      actorUserId: userId,
      action: 'invitation.accepted',
      targetType: 'invitation',
      targetId: invitation.id,
      details: { email, role: invitation.role, via: 'sso' },
      ip: identity.ip ?? null,
    });
    acceptedInvitationIds.push(invitation.id);
    firstAcceptedOrganizationId ??= invitation.organizationId;
  }

  const organizationId = firstAcceptedOrganizationId ?? activeOrganizationId;
  // Every invitation was taken by a concurrent sign-in and there is no other membership.
  if (!organizationId) throw new NoAccount();
  return {
    ok: true,
    userId,
    email,
    organizationId,
    acceptedInvitationIds,
    ...(tookOverUnverified ? { tookOverUnverified } : {}),
  };
}
