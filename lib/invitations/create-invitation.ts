import 'server-only';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { invitations, MEMBERSHIP_ROLES, memberships, teams, users, type MembershipRole } from '@/db/schema';
import { runAuditedWrite, type AuditDeclaration, type WriteOutcome } from '@/lib/actions/define-action';
import { findTeamInOrganization, requireRole, type Actor } from '@/lib/auth/authorize';
import type { Outcome } from '@/lib/organizations/outcome';
import { emailSchema } from '@/lib/organizations/sign-up';
import { optionalTeamIdSchema } from '@/lib/teams/schemas';
import { DEFAULT_INVITATION_DAYS } from './status';
import { generateInvitationToken, hashInvitationToken } from './token';

const DAY_MS = 24 * 60 * 60 * 1000;

export const createInvitationSchema = z.object({
  email: emailSchema,
  role: z.enum(MEMBERSHIP_ROLES, { error: 'Choose a role.' }),
  // The form sends '' for "no team".
  teamId: optionalTeamIdSchema,
});

export type CreateInvitationInput = z.output<typeof createInvitationSchema>;

export interface CreatedInvitation {
  invitationId: string;
  /** The only time the token exists outside the invitee's link: it is not stored. */
  token: string;
  email: string;
  role: MembershipRole;
  expiresAt: string;
  /** The team the invitation adds to: the one asked for, else the replaced invitation's. */
  teamId: string | null;
  /** How many pending invitations of the same email this one replaced (their links no longer work). */
  replacedCount: number;
}

export interface PendingInvitation {
  invitationId: string;
  email: string;
  role: MembershipRole;
  teamId: string | null;
  teamName: string | null;
  expiresAt: string;
}

/** The pending (unused, unrevoked, unexpired) invitation of an email in the organization, if any. */
export async function findPendingInvitation(
  db: Db,
  organizationId: string,
  email: string,
): Promise<PendingInvitation | null> {
  const [row] = await db
    .select({
      invitationId: invitations.id,
      email: invitations.email,
      role: invitations.role,
      teamId: invitations.teamId,
      teamName: teams.name,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .leftJoin(teams, and(eq(teams.organizationId, invitations.organizationId), eq(teams.id, invitations.teamId)))
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(invitations.createdAt))
    .limit(1);
  return row ? { ...row, expiresAt: row.expiresAt.toISOString() } : null;
}

/** What creating an invitation may record: the new one, and each pending one it replaced. */
export const INVITATION_CREATE_AUDIT = {
  events: ['invitation.created', 'invitation.revoked'],
  target: 'invitation',
} as const satisfies AuditDeclaration;

/**
 * Creates an invitation in the actor's organization, inside the caller's
 * transaction, and says what to audit (`defineAuditedAction` records it).
 * Admins only; a team id of another organization is "not found". A pending
 * invitation for the same email is revoked and replaced, so only the newest
 * link works; when the new invitation names no team, the replaced one's team
 * is kept rather than silently dropped. Callers that want the admin to choose
 * first (resend or replace) look for it with `findPendingInvitation` before.
 */
export async function writeInvitation(
  tx: Db,
  actor: Actor,
  input: CreateInvitationInput,
  options: { now?: Date; validForDays?: number } = {},
): Promise<WriteOutcome<CreatedInvitation>> {
  requireRole(actor, 'admin');
  const organizationId = actor.membership.organizationId;
  if (input.teamId) await findTeamInOrganization(tx, actor, input.teamId);

  const [existing] = await tx
    .select({ status: memberships.status })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(users.email, input.email)))
    .limit(1);
  if (existing?.status === 'active') {
    const message = 'That person is already a member of this organization.';
    return { ok: false, error: message, fieldErrors: { email: [message] } };
  }
  if (existing?.status === 'deactivated') {
    // An invitation may not bring back someone an admin deliberately removed.
    const message = 'That person’s membership was deactivated. Reactivate it on the Members page instead.';
    return { ok: false, error: message, fieldErrors: { email: [message] } };
  }

  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.validForDays ?? DEFAULT_INVITATION_DAYS) * DAY_MS);
  const token = generateInvitationToken();

  const replaced = await tx
    .update(invitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.email, input.email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: invitations.id, teamId: invitations.teamId });
  const keptTeamId = input.teamId ?? replaced.find((old) => old.teamId !== null)?.teamId ?? null;
  const [created] = await tx
    .insert(invitations)
    .values({
      organizationId,
      email: input.email,
      role: input.role,
      teamId: keptTeamId,
      tokenHash: hashInvitationToken(token),
      invitedByMembershipId: actor.membership.id,
      expiresAt,
    })
    .returning({ id: invitations.id });
  if (!created) throw new Error('Invitation insert returned no row');
  return {
    ok: true,
    data: {
      invitationId: created.id,
      token,
      email: input.email,
      role: input.role,
      expiresAt: expiresAt.toISOString(),
      teamId: keptTeamId,
      replacedCount: replaced.length,
    },
    audit: [
      ...replaced.map((old) => ({
        event: 'invitation.revoked',
        targetId: old.id,
        details: {
          email: input.email,
          reason: 'replaced',
          replacedBy: created.id,
          teamKept: old.teamId === keptTeamId,
        },
      })),
      {
        event: 'invitation.created',
        targetId: created.id,
        details: { email: input.email, role: input.role, teamId: keptTeamId, expiresAt: expiresAt.toISOString() },
      },
    ],
  };
}

/**
 * `writeInvitation` in its own transaction with its audit entries, for
 * callers outside a form post: the bulk invitation (one transaction per line)
 * and test fixtures.
 */
export async function createInvitation(
  db: Db,
  actor: Actor,
  input: CreateInvitationInput,
  options: {
    ip?: string | null;
    now?: Date;
    validForDays?: number;
    /** Runs in the invitation's transaction once it is written (the bulk invitation queues its mail here). */
    inTransaction?: (tx: Db, created: CreatedInvitation) => Promise<void>;
  } = {},
): Promise<Outcome<CreatedInvitation>> {
  const author = {
    organizationId: actor.membership.organizationId,
    actorUserId: actor.user.id,
    ip: options.ip ?? null,
  };
  const written = await runAuditedWrite(db, author, INVITATION_CREATE_AUDIT, async (tx) => {
    const outcome = await writeInvitation(tx, actor, input, options);
    if (outcome.ok && outcome.data && options.inTransaction) await options.inTransaction(tx, outcome.data);
    return outcome;
  });
  if (!written.ok) return written;
  if (!written.data) throw new Error('writeInvitation returned no invitation');
  return { ok: true, data: written.data };
}
