/**
 * What every server action must do for each kind of caller. The permission
 * test discovers the actions from the code (every export of a `'use server'`
 * module) and fails for any action that has no entry here.
 *
 * The callers, all acting on organization A's ids:
 * - signedOut:        no session
 * - sameTeamMember:   a member of team A1, the team of the member being acted on
 * - otherTeamManager: the manager of team A2 (same organization, other team)
 * - otherOrgAdmin:    the admin of organization B
 * `allowed` names the caller the action exists for, to prove it really works.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  accountTokens,
  assessmentCycles,
  certifications,
  endorsements,
  memberships,
  ratings,
  roleProfiles,
  teamChatWebhooks,
  users,
  webhookDeliveries,
  webhookEndpoints,
} from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { generateInvitationToken, hashInvitationToken } from '@/lib/invitations/token';
import type { SessionContext } from '@/lib/auth/session';
import { unsubscribeToken } from '@/lib/notifications/unsubscribe-token';
import { contextFor, createOrganization } from '../../fixtures/actors';
import { createTestToken } from '../../fixtures/api-tokens';
import type { World } from '../../fixtures/world';

export type Caller = 'signedOut' | 'sameTeamMember' | 'otherTeamManager' | 'otherOrgAdmin';
export type Outcome = 'ok' | 'denied';

export interface ActionEntry {
  /** Rows the inputs refer to that a world does not have (mailed links), created right after the world. */
  prepare?: (world: World, db: Db) => Promise<void>;
  input: (world: World, run: number) => unknown;
  /** The legitimate caller: the action must succeed for them (run last, after the denied ones). */
  allowed: (world: World, db: Db) => SessionContext | null | Promise<SessionContext | null>;
  outcomes: Record<Caller, Outcome>;
  /**
   * Why the legitimate call finds nothing to change in the world (so an audited action records nothing);
   * without it, an action that declares audit events must record one for the legitimate caller.
   */
  legitimateChangesNothing?: string;
}

const DENY_ALL: Record<Caller, Outcome> = {
  signedOut: 'denied',
  sameTeamMember: 'denied',
  otherTeamManager: 'denied',
  otherOrgAdmin: 'denied',
};
/** Any active member of organization A, acting on their own data. */
const MEMBERS_OF_A: Record<Caller, Outcome> = {
  signedOut: 'denied',
  sameTeamMember: 'ok',
  otherTeamManager: 'ok',
  otherOrgAdmin: 'denied',
};
const EVERYONE: Record<Caller, Outcome> = {
  signedOut: 'ok',
  sameTeamMember: 'ok',
  otherTeamManager: 'ok',
  otherOrgAdmin: 'ok',
};
const admin = (world: World) => world.adminA;

/** A failed background job of organization A per world (the retry action's target). */
const failedJobs = new WeakMap<World, string>();
const failedJobOf = (world: World) => {
  if (!failedJobs.has(world)) failedJobs.set(world, randomUUID());
  return failedJobs.get(world)!;
};

/** Mailed-link tokens per world, purpose and run (inputs are synchronous; `prepare` stores their hashes first). */
const linkTokens = new WeakMap<World, Map<string, string>>();
const linkTokenOf = (world: World, purpose: 'verify' | 'reset', run: number) => {
  let tokens = linkTokens.get(world);
  if (!tokens) linkTokens.set(world, (tokens = new Map()));
  const key = `${purpose}:${run}`;
  if (!tokens.has(key)) tokens.set(key, generateInvitationToken());
  return tokens.get(key)!;
};
/** Live links for the matrix's runs (0 to 5: the four callers, then the legitimate one). */
const LINK_RUNS = [0, 1, 2, 3, 4, 5];
let pendingPasswordHash: Promise<string> | undefined;
async function prepareLinks(world: World, db: Db, purpose: 'verify' | 'reset'): Promise<void> {
  for (const run of LINK_RUNS) {
    const token = linkTokenOf(world, purpose, run);
    let userId = world.subjectA1.user.id;
    if (purpose === 'verify') {
      // An unconfirmed sign-up per link: confirming one creates its organization.
      pendingPasswordHash ??= hashPassword(PENDING_PASSWORD);
      const [user] = await db
        .insert(users)
        .values({
          email: `pending-${crypto.randomUUID()}@example.test`,
          name: 'Pending Person',
          passwordHash: await pendingPasswordHash,
        })
        .returning();
      userId = user!.id;
    }
    await db.insert(accountTokens).values({
      userId,
      purpose: purpose === 'verify' ? 'verify_email' : 'reset_password',
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(Date.now() + 1_800_000),
      pendingOrganizationName: purpose === 'verify' ? 'Pending Org' : null,
      pendingOrganizationSlug: purpose === 'verify' ? `pending-${crypto.randomUUID().slice(0, 8)}` : null,
    });
  }
}
const PENDING_PASSWORD = 'pending person password';
/** A one-skill framework file, a new framework per run. */
const uploadMarkdown = (run: number) =>
  `# Matrix Framework ${run}\n\n## Area\n\n### Category\n\n- **Skill**: Something to rate\n`;

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
};

/**
 * The world has no role profile: its id is fixed per world up front (inputs are synchronous) and the profile,
 * with the subject assigned to it, is created when the legitimate caller is chosen. The denied callers are
 * refused by role before any lookup; organization B's admin is also refused for an existing profile in
 * tests/integration/roles.
 */
const roleProfileIds = new WeakMap<World, string>();
const roleProfileOf = (world: World) => {
  let id = roleProfileIds.get(world);
  if (!id) {
    id = crypto.randomUUID();
    roleProfileIds.set(world, id);
  }
  return id;
};
const withRoleProfile = async (world: World, db: Db) => {
  const id = roleProfileOf(world);
  await db
    .insert(roleProfiles)
    .values({ id, organizationId: world.orgA, name: `Matrix profile ${id}` })
    .onConflictDoNothing();
  await db
    .update(memberships)
    .set({ roleProfileId: id })
    .where(and(eq(memberships.organizationId, world.orgA), eq(memberships.id, world.subjectA1.membership.id)));
  return world.adminA;
};

/**
 * A closed cycle of team A2 (no open cycle of that team stands in the way of reopening it), its id fixed per
 * world up front like the role profile's, inserted when the legitimate caller is chosen.
 */
const closedCycleIds = new WeakMap<World, string>();
const closedCycleOf = (world: World) => {
  let id = closedCycleIds.get(world);
  if (!id) {
    id = crypto.randomUUID();
    closedCycleIds.set(world, id);
  }
  return id;
};
const withClosedCycle = async (world: World, db: Db) => {
  const id = closedCycleOf(world);
  await db
    .insert(assessmentCycles)
    .values({
      id,
      organizationId: world.orgA,
      frameworkId: world.framework.frameworkId,
      teamId: world.teamA2,
      name: `Matrix closed ${id}`,
      status: 'closed',
      opensOn: '2026-01-01',
      closesOn: '2026-03-31',
      closedAt: new Date(),
    })
    .onConflictDoNothing();
  return world.adminA;
};

/**
 * API tokens of organization A the revoke actions act on: an organization token and a personal
 * token of the subject, created per world by `prepare` (ids must be known to the synchronous inputs).
 */
const matrixTokens = new WeakMap<World, { organization: string; personal: string }>();
const matrixTokenOf = (world: World, kind: 'organization' | 'personal') => {
  const tokens = matrixTokens.get(world);
  if (!tokens) throw new Error('prepareMatrixTokens did not run for this world');
  return tokens[kind];
};
async function prepareMatrixTokens(world: World, db: Db): Promise<void> {
  if (matrixTokens.has(world)) return;
  const organization = await createTestToken(db, {
    organizationId: world.orgA,
    scopes: ['members:read'],
    createdByUserId: world.adminA.user.id,
  });
  const personal = await createTestToken(db, {
    organizationId: world.orgA,
    scopes: ['ratings:self'],
    membershipId: world.subjectA1.membership.id,
    createdByUserId: world.subjectA1.user.id,
    expiresInDays: 30,
  });
  matrixTokens.set(world, { organization: organization.id, personal: personal.id });
}

/** An endpoint of organization A and one delivery to it, their ids fixed per world, inserted by `prepare`. */
const webhookIds = new WeakMap<World, { endpointId: string; deliveryId: string }>();
const webhookOf = (world: World) => {
  let ids = webhookIds.get(world);
  if (!ids) {
    ids = { endpointId: crypto.randomUUID(), deliveryId: crypto.randomUUID() };
    webhookIds.set(world, ids);
  }
  return ids;
};
const withWebhook = async (world: World, db: Db) => {
  const { endpointId, deliveryId } = webhookOf(world);
  await db
    .insert(webhookEndpoints)
    .values({
      id: endpointId,
      organizationId: world.orgA,
      // A documentation address: never sent to (no worker runs here), and the guard would refuse it anyway.
      url: 'https://203.0.113.10/hooks',
      events: ['cycle.opened'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    })
    .onConflictDoNothing();
  await db
    .insert(webhookDeliveries)
    .values({
      id: deliveryId,
      organizationId: world.orgA,
      endpointId,
      eventId: `evt_matrix_${deliveryId}`,
      eventType: 'cycle.opened',
      payload: '{}',
      status: 'failed',
    })
    .onConflictDoNothing();
};

/**
 * Endorsements (issue 22): the subject has rated the first skill, so there is something to endorse. Per world
 * and run a fixed id of an endorsement given by member A1 (withdrawn by the run) and of a certification of
 * member A1 (deleted by the run): inputs are synchronous, `prepare` inserts the rows.
 */
const trustIds = new WeakMap<World, Map<string, string>>();
const trustIdOf = (world: World, kind: 'endorsement' | 'certification', run: number) => {
  let ids = trustIds.get(world);
  if (!ids) trustIds.set(world, (ids = new Map()));
  const key = `${kind}:${run}`;
  if (!ids.has(key)) ids.set(key, crypto.randomUUID());
  return ids.get(key)!;
};
async function prepareSubjectRating(world: World, db: Db): Promise<void> {
  await db.insert(ratings).values({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId: world.subjectA1.membership.id,
    skillId: world.framework.skillIds[0]!,
    source: 'self',
    level: 3,
    ratedByMembershipId: world.subjectA1.membership.id,
  });
}
async function prepareEndorsements(world: World, db: Db): Promise<void> {
  for (const run of LINK_RUNS) {
    // One skill per run: one endorsement per (endorser, member, skill, cycle).
    const skillId = world.framework.skillIds[run % world.framework.skillIds.length]!;
    await db
      .insert(ratings)
      .values({
        organizationId: world.orgA,
        cycleId: world.cycleA,
        membershipId: world.subjectA1.membership.id,
        skillId,
        source: 'self',
        level: 2,
        ratedByMembershipId: world.subjectA1.membership.id,
      })
      .onConflictDoNothing();
    await db
      .insert(endorsements)
      .values({
        id: trustIdOf(world, 'endorsement', run),
        organizationId: world.orgA,
        cycleId: world.cycleA,
        membershipId: world.subjectA1.membership.id,
        skillId,
        endorserMembershipId: world.memberA1.membership.id,
        levelEndorsed: 2,
      })
      .onConflictDoNothing();
  }
}
async function prepareCertifications(world: World, db: Db): Promise<void> {
  for (const run of LINK_RUNS) {
    await db.insert(certifications).values({
      id: trustIdOf(world, 'certification', run),
      organizationId: world.orgA,
      membershipId: world.memberA1.membership.id,
      name: `Matrix certificate ${run}`,
      issuer: 'Matrix Board',
      issuedOn: '2026-01-01',
    });
  }
}

export const ACTION_MATRIX: Record<string, ActionEntry> = {
  // ------------------------------------------------------------ sign-in, sign-up (public by nature)
  'lib/auth/sign-in-action.ts#signInAction': {
    input: () => [null, form({ email: 'someone@example.test', password: 'whatever-password' })],
    allowed: () => null,
    outcomes: EVERYONE,
  },
  'lib/auth/sign-in-action.ts#ssoSignInAction': {
    input: () => form({ callbackUrl: '/' }),
    allowed: () => null,
    outcomes: EVERYONE,
  },
  'lib/auth/sign-out-action.ts#signOutAction': { input: () => undefined, allowed: () => null, outcomes: EVERYONE },
  // Ends the caller's own sessions only (no input names anybody else).
  'lib/auth/sign-out-action.ts#signOutEverywhereAction': {
    input: () => undefined,
    allowed: () => null,
    outcomes: EVERYONE,
  },
  'lib/organizations/actions.ts#signUpAction': {
    input: (_world, run) => ({
      name: 'New Person',
      email: `new-${run}-${Date.now()}@example.test`,
      password: 'a long enough password',
      organizationName: `New org ${run}`,
      slug: `new-org-${run}-${Date.now().toString(36)}`,
    }),
    allowed: () => null,
    // A signed-in user is told they already have an account.
    outcomes: { signedOut: 'ok', sameTeamMember: 'denied', otherTeamManager: 'denied', otherOrgAdmin: 'denied' },
  },
  // ------------------------------------------------------------ email ownership and password reset (issue 17)
  // Public by nature, like sign-in: what protects them is the mailed link's token (and, to confirm a sign-up,
  // the sign-up password). Every caller holding a live link succeeds; `prepare` mails one link per run.
  'lib/auth/email-verification-actions.ts#verifyEmailAction': {
    prepare: (world, db) => prepareLinks(world, db, 'verify'),
    input: (world, run) => ({ token: linkTokenOf(world, 'verify', run), password: PENDING_PASSWORD }),
    allowed: () => null,
    outcomes: EVERYONE,
  },
  'lib/auth/email-verification-actions.ts#resendVerificationAction': {
    input: (_world, run) => ({ email: `resend-${run}-${Date.now()}@example.test` }),
    allowed: () => null,
    // The same answer for every address and every caller.
    outcomes: EVERYONE,
  },
  'lib/auth/password-reset-actions.ts#requestPasswordResetAction': {
    input: (_world, run) => ({ email: `reset-${run}-${Date.now()}@example.test` }),
    allowed: () => null,
    outcomes: EVERYONE,
  },
  'lib/auth/password-reset-actions.ts#resetPasswordAction': {
    prepare: (world, db) => prepareLinks(world, db, 'reset'),
    input: (world, run) => ({ token: linkTokenOf(world, 'reset', run), password: 'a brand new password' }),
    allowed: () => null,
    outcomes: EVERYONE,
  },
  'lib/organizations/actions.ts#switchOrganizationAction': {
    input: (world) => ({ organizationId: world.orgA }),
    allowed: (world) => world.memberA1,
    outcomes: MEMBERS_OF_A,
  },

  // ------------------------------------------------------------ invitations
  'lib/invitations/actions.ts#createInvitationAction': {
    input: (world, run) => ({ email: `new-invitee-${run}@example.test`, role: 'member', teamId: world.teamA1 }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  // A fresh link for organization A's invitation: B's admin gets "not found".
  'lib/invitations/actions.ts#resendInvitationAction': {
    input: (world) => ({ invitationId: world.invitation.id }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  // The list names a team of organization A by name: B's admin has no such team, so the line is an error there and
  // nothing is sent (the preview itself is B's to make, about B).
  'lib/invitations/bulk-actions.ts#previewBulkInvitationsAction': {
    input: (_world, run) => ({ text: `bulk-preview-${run}@example.test`, defaultRole: 'member' }),
    allowed: admin,
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  'lib/invitations/bulk-actions.ts#sendBulkInvitationsAction': {
    input: (world, run) => ({
      text: `bulk-send-${run}@example.test`,
      defaultRole: 'member',
      defaultTeamId: world.teamA1,
    }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/invitations/actions.ts#revokeInvitationAction': {
    input: (world) => ({ invitationId: world.invitation.id }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/invitations/actions.ts#acceptInvitationAction': {
    input: (world) => ({ token: world.invitation.token, name: 'Ina Invitee', password: 'a long enough password' }),
    // Only the signed-out may create an account from a link; signed-in callers are asked to reload.
    allowed: () => null,
    outcomes: { signedOut: 'ok', sameTeamMember: 'denied', otherTeamManager: 'denied', otherOrgAdmin: 'denied' },
  },
  'lib/invitations/actions.ts#joinInvitationAction': {
    input: (world) => ({ token: world.invitation.token }),
    // Only the person the invitation is addressed to, signed in with an account of their own.
    allowed: async (world, db) => {
      const [user] = await db.insert(users).values({ email: world.invitation.email, name: 'Ina Invitee' }).returning();
      const elsewhere = await createOrganization(db, 'Elsewhere');
      await db.insert(memberships).values({ organizationId: elsewhere, userId: user!.id, role: 'member' });
      return contextFor(db, elsewhere, user!.id);
    },
    outcomes: DENY_ALL,
  },
  'lib/invitations/actions.ts#signOutForInvitationAction': {
    input: (world) => ({ token: world.invitation.token }),
    allowed: () => null,
    outcomes: EVERYONE,
  },

  // ------------------------------------------------------------ members (admin)
  'lib/members/actions.ts#changeMemberRoleAction': {
    input: (world) => ({ membershipId: world.subjectA1.membership.id, role: 'manager' }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/members/actions.ts#deactivateMemberAction': {
    input: (world) => ({ membershipId: world.subjectA1.membership.id }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/members/actions.ts#reactivateMemberAction': {
    input: (world) => ({ membershipId: world.subjectA1.membership.id }),
    allowed: admin,
    legitimateChangesNothing: 'The subject is active already.',
    outcomes: DENY_ALL,
  },

  // ------------------------------------------------------------ teams (admin)
  'lib/teams/actions.ts#createTeamAction': {
    input: (_world, run) => ({ name: `Team ${run}` }),
    allowed: admin,
    // Carries no ids: organization B's admin creates the team in organization B (checked in the test file).
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  'lib/teams/actions.ts#renameTeamAction': {
    input: (world, run) => ({ teamId: world.teamA1, name: `Renamed ${run}` }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/teams/actions.ts#deleteTeamAction': {
    input: (world) => ({ teamId: world.teamA2 }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/teams/actions.ts#addTeamMemberAction': {
    input: (world) => ({ teamId: world.teamA2, membershipId: world.subjectA1.membership.id }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/teams/actions.ts#removeTeamMemberAction': {
    input: (world) => ({ teamId: world.teamA1, membershipId: world.subjectA1.membership.id }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/teams/actions.ts#assignTeamManagerAction': {
    input: (world) => ({ teamId: world.teamA1, membershipId: world.managerA2.membership.id }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/teams/actions.ts#unassignTeamManagerAction': {
    input: (world) => ({ teamId: world.teamA1, membershipId: world.managerA1.membership.id }),
    allowed: admin,
    outcomes: DENY_ALL,
  },

  // ------------------------------------------------------------ role profiles (admin) and team targets (the team's managers)
  'lib/roles/actions.ts#createRoleProfileAction': {
    input: (_world, run) => ({ name: `Profile ${run}`, description: 'Runs the platform' }),
    allowed: admin,
    // Carries no ids: organization B's admin creates the profile in organization B.
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  'lib/roles/actions.ts#renameRoleProfileAction': {
    input: (world, run) => ({
      profileId: roleProfileOf(world),
      name: `Renamed profile ${run}`,
      description: 'New text',
    }),
    allowed: withRoleProfile,
    outcomes: DENY_ALL,
  },
  'lib/roles/actions.ts#deleteRoleProfileAction': {
    input: (world) => ({ profileId: roleProfileOf(world) }),
    allowed: withRoleProfile,
    outcomes: DENY_ALL,
  },
  'lib/roles/actions.ts#setRoleProfileTargetAction': {
    input: (world) => ({ profileId: roleProfileOf(world), nodeId: world.framework.id('tech'), level: '2' }),
    allowed: withRoleProfile,
    outcomes: DENY_ALL,
  },
  'lib/roles/actions.ts#assignRoleProfileAction': {
    input: (world) => ({ profileId: roleProfileOf(world), membershipId: world.subjectA1.membership.id }),
    allowed: withRoleProfile,
    legitimateChangesNothing: 'The subject was given the profile when it was created.',
    outcomes: DENY_ALL,
  },
  'lib/roles/actions.ts#unassignRoleProfileAction': {
    input: (world) => ({ membershipId: world.subjectA1.membership.id }),
    allowed: withRoleProfile,
    outcomes: DENY_ALL,
  },
  'lib/roles/actions.ts#setTeamTargetAction': {
    input: (world) => ({ teamId: world.teamA1, nodeId: world.framework.id('tech/python'), level: '3' }),
    allowed: (world) => world.managerA1,
    outcomes: DENY_ALL,
  },

  // ------------------------------------------------------------ cycles (admin)
  'lib/cycles/actions.ts#openCycleAction': {
    input: (world, run) => ({
      name: `2027 Q${run}`,
      opensOn: '2027-01-01',
      closesOn: '2027-03-31',
      frameworkId: world.framework.frameworkId,
      teamId: world.teamA1,
    }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  // ------------------------------------------------------------ notifications (issue 20)
  // A person's own choice: the input names no person, so each caller changes only their own (B's admin, in B).
  'lib/notifications/actions.ts#setNotificationPreferenceAction': {
    input: () => ({ kind: 'reminder', enabled: 'false' }),
    allowed: (world) => world.subjectA1,
    outcomes: { ...MEMBERS_OF_A, otherOrgAdmin: 'ok' },
  },
  // Signed out on purpose: the mailed token is the authority, and it names one person, organization and kind.
  'lib/notifications/actions.ts#unsubscribeAction': {
    input: (world) => ({
      token: unsubscribeToken({ organizationId: world.orgA, userId: world.subjectA1.user.id, kind: 'reminder' }),
    }),
    allowed: () => null,
    outcomes: EVERYONE,
  },
  // The caller's own organization's setting: B's admin changes B's.
  'lib/notifications/actions.ts#updateReminderDaysAction': {
    input: () => ({ reminderDays: '7, 1' }),
    allowed: admin,
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  // A failed job of organization A: B's admin does not find it.
  'lib/notifications/actions.ts#retryJobAction': {
    prepare: async (world, db) => {
      await db.execute(sql`
        insert into pgboss.job (id, name, data, state, retry_count, retry_limit, completed_on, output)
        values (${failedJobOf(world)}, 'notify.send', ${JSON.stringify({ organizationId: world.orgA })}::jsonb,
                'failed', 8, 8, now(), '{"message":"connect ECONNREFUSED"}'::jsonb)`);
    },
    input: (world) => ({ jobId: failedJobOf(world) }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  // Queues the recomputation of organization A's gap report snapshot: B's admin names a cycle that is not theirs.
  'lib/reports/actions.ts#refreshGapSnapshotAction': {
    input: (world) => ({ cycleId: world.cycleA, view: 'self', minGap: '1', interestOnly: 'false' }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/cycles/actions.ts#closeCycleAction': {
    input: (world) => ({ cycleId: world.cycleA }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/cycles/actions.ts#reopenCycleAction': {
    input: (world) => ({ cycleId: closedCycleOf(world) }),
    allowed: withClosedCycle,
    outcomes: DENY_ALL,
  },

  // ------------------------------------------------------------ framework editing (admin)
  'lib/frameworks/edit-actions.ts#renameFrameworkNodeAction': {
    input: (world, run) => ({
      frameworkId: world.framework.frameworkId,
      nodeId: world.framework.id('tech/python'),
      name: `Python ${run}`,
      description: 'The language.',
    }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/frameworks/edit-actions.ts#moveFrameworkNodeAction': {
    input: (world) => ({
      frameworkId: world.framework.frameworkId,
      nodeId: world.framework.id('tech/testing'),
      direction: 'up',
    }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/frameworks/edit-actions.ts#addFrameworkNodeAction': {
    input: (world, run) => ({
      frameworkId: world.framework.frameworkId,
      parentId: world.framework.id('tech/python/basics'),
      kind: 'skill',
      name: `Decorators ${run}`,
    }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/frameworks/edit-actions.ts#archiveFrameworkNodeAction': {
    input: (world) => ({ frameworkId: world.framework.frameworkId, nodeId: world.framework.id('tech/python/async') }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/frameworks/edit-actions.ts#restoreFrameworkNodeAction': {
    input: (world) => ({ frameworkId: world.framework.frameworkId, nodeId: world.framework.id('tech/python/async') }),
    allowed: admin,
    legitimateChangesNothing: 'The node was never archived.',
    outcomes: DENY_ALL,
  },
  'lib/frameworks/edit-actions.ts#updateProficiencyLevelAction': {
    input: (world, run) => ({
      frameworkId: world.framework.frameworkId,
      level: 1,
      name: `Novice ${run}`,
      descriptor: 'Has read about it.',
    }),
    allowed: admin,
    outcomes: DENY_ALL,
  },

  // ------------------------------------------------------------ own assessment (every member, own data only)
  'lib/assessments/actions.ts#saveRatingsAction': {
    input: (world, run) => ({
      cycleId: world.cycleA,
      changes: [
        {
          skillId: world.framework.skillIds[0],
          level: 2,
          notApplicable: false,
          interest: false,
          note: null,
          changedAt: new Date().toISOString(),
          clientChangeId: `change-${run}`,
        },
      ],
    }),
    allowed: (world) => world.memberA1,
    outcomes: MEMBERS_OF_A,
  },

  'lib/assessments/evidence-actions.ts#saveEvidenceAction': {
    input: (world, run) => ({
      cycleId: world.cycleA,
      skillId: world.framework.skillIds[0],
      links: [{ url: `https://github.com/acme/infra/pull/${run}`, label: `PR ${run}` }],
    }),
    allowed: (world) => world.memberA1,
    outcomes: MEMBERS_OF_A,
  },

  // ------------------------------------------------------------ calibration (managers of the member's team, admins)
  'lib/insight/actions.ts#saveManagerRatingAction': {
    input: (world, run) => ({
      cycleId: world.cycleA,
      membershipId: world.subjectA1.membership.id,
      skillId: world.framework.skillIds[run % world.framework.skillIds.length],
      level: 3,
      notApplicable: false,
      note: 'Calibrated in the 1:1.',
    }),
    allowed: (world) => world.managerA1,
    outcomes: DENY_ALL,
  },

  // A whole section at once: the same callers as one manager rating. Organization B's admin names org A's member.
  // The subject rated one skill of the section, so the legitimate call has something to agree with (and audits it).
  'lib/insight/actions.ts#agreeWithSectionAction': {
    prepare: async (world, db) => {
      await db.insert(ratings).values({
        organizationId: world.orgA,
        cycleId: world.cycleA,
        membershipId: world.subjectA1.membership.id,
        skillId: world.framework.id('tech/python/basics/syntax'),
        source: 'self',
        level: 2,
        ratedByMembershipId: world.subjectA1.membership.id,
      });
    },
    input: (world) => ({
      cycleId: world.cycleA,
      membershipId: world.subjectA1.membership.id,
      sectionId: world.framework.id('tech/python'),
    }),
    allowed: (world) => world.managerA1,
    outcomes: DENY_ALL,
  },

  // ------------------------------------------------------------ framework assignment (admin)
  // Organization B's admin names organization A's team and framework: both are "not found" there.
  'lib/frameworks/assignment-actions.ts#assignFrameworkAction': {
    input: (world, run) => ({ teamId: world.teamA1, frameworkId: run % 2 === 0 ? world.framework.frameworkId : '' }),
    allowed: admin,
    legitimateChangesNothing: 'Run 5 clears an override the team never had.',
    outcomes: DENY_ALL,
  },

  // ------------------------------------------------------------ framework upload (admins of the organization)
  // The input names no ids: organization B's admin previews and imports into organization B, which is theirs to do.
  'lib/frameworks/actions.ts#previewFrameworkAction': {
    input: (_world, run) => ({ text: uploadMarkdown(run), format: 'md', fileName: 'matrix.md' }),
    allowed: admin,
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  'lib/frameworks/actions.ts#importFrameworkAction': {
    input: (_world, run) => ({ text: uploadMarkdown(run), format: 'md', fileName: 'matrix.md' }),
    allowed: admin,
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  // ------------------------------------------------------------ API tokens
  // Admins create organization tokens; no ids in the input, so organization B's admin creates one in B.
  'lib/api/actions.ts#createOrganizationTokenAction': {
    input: (_world, run) => ({ name: `Matrix token ${run}`, scopes: ['members:read'], expiresInDays: 30 }),
    allowed: admin,
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  // Any token of organization A, by an admin of A only; B's admin is told "not found".
  'lib/api/actions.ts#revokeOrganizationTokenAction': {
    prepare: prepareMatrixTokens,
    input: (world) => ({ tokenId: matrixTokenOf(world, 'organization') }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  // Every member makes their own personal token (in their own organization: B's admin makes one in B).
  'lib/api/actions.ts#createPersonalTokenAction': {
    input: (_world, run) => ({ name: `Matrix CLI ${run}`, expiresInDays: 30 }),
    allowed: (world) => world.memberA1,
    outcomes: { ...MEMBERS_OF_A, otherOrgAdmin: 'ok' },
  },
  // The subject's personal token: only the subject revokes it (a teammate, another manager and B's admin cannot).
  'lib/api/actions.ts#revokePersonalTokenAction': {
    prepare: prepareMatrixTokens,
    input: (world) => ({ tokenId: matrixTokenOf(world, 'personal') }),
    allowed: (world) => world.subjectA1,
    outcomes: DENY_ALL,
  },
  // Erasure on request: admins of A only; B's admin finds no such member. The typed ERASE is the confirm step.
  'lib/portability/actions.ts#eraseMemberAction': {
    input: (world) => ({ membershipId: world.subjectA1.membership.id, confirmation: 'ERASE', keepAggregates: 'on' }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  // A starter framework by id from a fixed list: organization B's admin imports it into organization B.
  'lib/frameworks/template-actions.ts#importFrameworkTemplateAction': {
    input: () => ({ templateId: 'frontend-engineering' }),
    allowed: admin,
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  // ------------------------------------------------------------ a team's chat channel for the digest (issue 20)
  'lib/notifications/chat-actions.ts#setTeamChatWebhookAction': {
    // A public address literal: checked without DNS, never posted to (no worker runs in this test).
    input: (world, run) => ({
      teamId: world.teamA1,
      provider: 'slack',
      url: `https://93.184.215.14/services/T0/B0/${run}`,
    }),
    allowed: (world) => world.managerA1,
    outcomes: DENY_ALL,
  },
  'lib/notifications/chat-actions.ts#removeTeamChatWebhookAction': {
    prepare: async (world, db) => {
      // The row's sealed URL is never opened by a removal: any text stands in for it.
      await db
        .insert(teamChatWebhooks)
        .values({ organizationId: world.orgA, teamId: world.teamA1, provider: 'teams', url: 'v1.sealed' })
        .onConflictDoNothing();
    },
    input: (world) => ({ teamId: world.teamA1 }),
    allowed: (world) => world.managerA1,
    outcomes: DENY_ALL,
  },
  // ------------------------------------------------------------ webhooks (admin)
  'lib/webhooks/actions.ts#createWebhookEndpointAction': {
    // A public address literal: checked without DNS, never sent to (no worker runs in this test).
    input: (_world, run) => ({ url: `https://93.184.215.14/hooks/${run}`, events: ['cycle.opened'] }),
    allowed: admin,
    // Carries no ids: organization B's admin adds an endpoint to organization B.
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  'lib/webhooks/actions.ts#updateWebhookEndpointAction': {
    prepare: withWebhook,
    input: (world, run) => ({
      endpointId: webhookOf(world).endpointId,
      events: ['cycle.closed'],
      description: `Run ${run}`,
    }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/webhooks/actions.ts#rotateWebhookSecretAction': {
    prepare: withWebhook,
    input: (world) => ({ endpointId: webhookOf(world).endpointId }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/webhooks/actions.ts#setWebhookEndpointEnabledAction': {
    prepare: withWebhook,
    input: (world) => ({ endpointId: webhookOf(world).endpointId, enabled: 'false' }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/webhooks/actions.ts#deleteWebhookEndpointAction': {
    prepare: withWebhook,
    input: (world) => ({ endpointId: webhookOf(world).endpointId }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  'lib/webhooks/actions.ts#resendWebhookDeliveryAction': {
    prepare: withWebhook,
    input: (world) => ({ deliveryId: webhookOf(world).deliveryId }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
  // ------------------------------------------------------------ endorsements and certifications (issue 22)
  // Endorse the subject's rated skill: member A1 shares team A1 with the subject; the manager of team A2 shares
  // no team with them; organization B's admin names org A's member ("not found"). Self-endorsement and an
  // unrated skill are refused for every caller: tests/integration/trust/endorsements.test.ts.
  'lib/trust/endorsement-actions.ts#endorseAction': {
    prepare: prepareSubjectRating,
    input: (world, run) => ({
      membershipId: world.subjectA1.membership.id,
      skillId: world.framework.skillIds[0],
      cycleId: world.cycleA,
      comment: `Paired on it (${run}).`,
    }),
    allowed: (world) => world.memberA1,
    outcomes: { signedOut: 'denied', sameTeamMember: 'ok', otherTeamManager: 'denied', otherOrgAdmin: 'denied' },
  },
  // Only the endorser withdraws their endorsement: member A1 gave them; anyone else's call finds nothing.
  'lib/trust/endorsement-actions.ts#withdrawEndorsementAction': {
    prepare: prepareEndorsements,
    input: (world, run) => ({ endorsementId: trustIdOf(world, 'endorsement', run) }),
    allowed: (world) => world.memberA1,
    outcomes: { signedOut: 'denied', sameTeamMember: 'ok', otherTeamManager: 'denied', otherOrgAdmin: 'denied' },
  },
  // A member records their own certification, linked to a skill of their organization: organization B's admin
  // names org A's skill, which is "not found" there (nothing saved).
  'lib/trust/certification-actions.ts#addCertificationAction': {
    input: (world, run) => ({
      name: `Certified Kubernetes Administrator ${run}`,
      issuer: 'CNCF',
      issuedOn: '2026-01-15',
      expiresOn: '2099-01-15',
      credentialUrl: 'https://example.test/credential',
      skillIds: world.framework.skillIds[0],
    }),
    allowed: (world) => world.memberA1,
    outcomes: MEMBERS_OF_A,
  },
  // Only the holder deletes a certification: member A1's, by id; anyone else's call finds nothing.
  'lib/trust/certification-actions.ts#deleteCertificationAction': {
    prepare: prepareCertifications,
    input: (world, run) => ({ certificationId: trustIdOf(world, 'certification', run) }),
    allowed: (world) => world.memberA1,
    outcomes: { signedOut: 'denied', sameTeamMember: 'ok', otherTeamManager: 'denied', otherOrgAdmin: 'denied' },
  },
  // Admins: organization settings name no ids, so organization B's admin changes organization B's.
  'lib/trust/settings-actions.ts#saveTrustSettingsAction': {
    input: (_world, run) => ({ endorsementsEnabled: 'on', staleAfterMonths: String(6 + run) }),
    allowed: admin,
    outcomes: { ...DENY_ALL, otherOrgAdmin: 'ok' },
  },
  // Admins of the skill's organization: organization B's admin names org A's skill ("not found").
  'lib/trust/settings-actions.ts#setSkillCertificationRequirementAction': {
    input: (world, run) => ({ skillId: world.framework.skillIds[0], required: run % 2 === 0 ? 'true' : 'false' }),
    allowed: admin,
    outcomes: DENY_ALL,
  },
};

export interface RouteEntry {
  /** Route handlers that only hand the request to next-auth, which owns their security. */
  delegatesToNextAuth?: true;
  request?: (world: World) => Request;
  status?: Record<Caller, number>;
  /** /api/v1 routes: authenticated by a bearer token alone (every session caller, cookie or not, gets 401). */
  api?: ApiRouteEntry;
}

/**
 * Who calls an /api/v1 route, all acting on organization A's ids:
 * - none, revoked, expired: no token, a revoked or an expired one (of organization A, with the right scope)
 * - wrongScope: an organization A token with every scope but the ones the route accepts
 * - otherOrg: a token of organization B with the accepted scope (an organization token, or for a route only
 *   personal tokens may call, organization B's admin's personal token)
 * - personal: organization A's member's personal token (`ratings:self`)
 * - legitimate: an organization A token with the accepted scope (or the personal token, for a personal route)
 */
export type TokenCaller = 'none' | 'revoked' | 'expired' | 'wrongScope' | 'otherOrg' | 'personal' | 'legitimate';
export const TOKEN_CALLERS: TokenCaller[] = [
  'none',
  'revoked',
  'expired',
  'wrongScope',
  'otherOrg',
  'personal',
  'legitimate',
];

export interface ApiRouteEntry {
  url: (world: World) => string;
  /** The route's dynamic segments, as Next.js hands them over. */
  params?: (world: World) => Record<string, string>;
  body?: (world: World) => unknown;
  status: Record<TokenCaller, number>;
}

const TOKEN_REFUSED = { none: 401, revoked: 401, expired: 401, wrongScope: 403 } as const;
/** An organization-token read of organization A's data by id: B's token finds nothing, a personal token has no scope. */
const READ_BY_ID: Record<TokenCaller, number> = { ...TOKEN_REFUSED, otherOrg: 404, personal: 403, legitimate: 200 };
/** An organization-token list: B's token lists B's own (the body is checked for A's names), a personal token has no scope. */
const READ_LIST: Record<TokenCaller, number> = { ...TOKEN_REFUSED, otherOrg: 200, personal: 403, legitimate: 200 };

/**
 * /scim/v2 answers bearer tokens only (lib/scim/define-scim-route.ts): a session cookie, whoever's, is no
 * credential there, so every session caller gets 401. Tokens per scope and organization are covered route by
 * route in tests/integration/scim/scim-isolation.test.ts.
 */
const SCIM_NO_SESSION: Record<Caller, number> = {
  signedOut: 401,
  sameTeamMember: 401,
  otherTeamManager: 401,
  otherOrgAdmin: 401,
};
const scimEntry = (method: string, path: (world: World) => string, body?: unknown): RouteEntry => ({
  request: (world) =>
    new Request(`http://localhost:3000/scim/v2${path(world)}`, {
      method,
      headers: { 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  status: SCIM_NO_SESSION,
});
const SCIM_PATCH = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'active', value: false }],
};

export const ROUTE_MATRIX: Record<string, RouteEntry> = {
  // Certifications and endorsements CSV (issue 22): every member of an organization gets the rows of the people
  // they may see one by one (their own at least); organization B's admin gets organization B's.
  'app/api/certifications.csv/route.ts#GET': {
    request: () => new Request('http://localhost:3000/api/certifications.csv'),
    status: { signedOut: 401, sameTeamMember: 200, otherTeamManager: 200, otherOrgAdmin: 200 },
  },
  'app/api/endorsements.csv/route.ts#GET': {
    request: () => new Request('http://localhost:3000/api/endorsements.csv'),
    status: { signedOut: 401, sameTeamMember: 200, otherTeamManager: 200, otherOrgAdmin: 200 },
  },
  // "Download my data": every member, their own data only (the route takes no id).
  'app/api/me/export/route.ts#GET': {
    request: () => new Request('http://localhost:3000/api/me/export'),
    status: { signedOut: 401, sameTeamMember: 200, otherTeamManager: 200, otherOrgAdmin: 200 },
  },
  // Organization export (issue 21): admins only; the route takes no id, so B's admin exports B, never A.
  'app/api/admin/organization-export/route.ts#GET': {
    request: () => new Request('http://localhost:3000/api/admin/organization-export'),
    status: { signedOut: 401, sameTeamMember: 403, otherTeamManager: 403, otherOrgAdmin: 200 },
  },
  'app/scim/v2/ServiceProviderConfig/route.ts#GET': scimEntry('GET', () => '/ServiceProviderConfig'),
  'app/scim/v2/ResourceTypes/route.ts#GET': scimEntry('GET', () => '/ResourceTypes'),
  'app/scim/v2/ResourceTypes/[id]/route.ts#GET': scimEntry('GET', () => '/ResourceTypes/User'),
  'app/scim/v2/Schemas/route.ts#GET': scimEntry('GET', () => '/Schemas'),
  'app/scim/v2/Schemas/[id]/route.ts#GET': scimEntry(
    'GET',
    () => '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User',
  ),
  'app/scim/v2/Users/route.ts#GET': scimEntry('GET', () => '/Users'),
  'app/scim/v2/Users/route.ts#POST': scimEntry('POST', () => '/Users', { userName: 'matrix@example.test' }),
  'app/scim/v2/Users/[id]/route.ts#GET': scimEntry('GET', (world) => `/Users/${world.subjectA1.membership.id}`),
  'app/scim/v2/Users/[id]/route.ts#PUT': scimEntry('PUT', (world) => `/Users/${world.subjectA1.membership.id}`, {
    userName: 'matrix@example.test',
  }),
  'app/scim/v2/Users/[id]/route.ts#PATCH': scimEntry(
    'PATCH',
    (world) => `/Users/${world.subjectA1.membership.id}`,
    SCIM_PATCH,
  ),
  'app/scim/v2/Users/[id]/route.ts#DELETE': scimEntry('DELETE', (world) => `/Users/${world.subjectA1.membership.id}`),
  'app/scim/v2/Groups/route.ts#GET': scimEntry('GET', () => '/Groups'),
  'app/scim/v2/Groups/route.ts#POST': scimEntry('POST', () => '/Groups', { displayName: 'Matrix' }),
  'app/scim/v2/Groups/[id]/route.ts#GET': scimEntry('GET', (world) => `/Groups/${world.teamA1}`),
  'app/scim/v2/Groups/[id]/route.ts#PUT': scimEntry('PUT', (world) => `/Groups/${world.teamA1}`, {
    displayName: 'Matrix',
  }),
  'app/scim/v2/Groups/[id]/route.ts#PATCH': scimEntry('PATCH', (world) => `/Groups/${world.teamA1}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'displayName', value: 'Matrix' }],
  }),
  'app/scim/v2/Groups/[id]/route.ts#DELETE': scimEntry('DELETE', (world) => `/Groups/${world.teamA2}`),
  'app/api/auth/[...nextauth]/route.ts#GET': { delegatesToNextAuth: true },
  'app/api/auth/[...nextauth]/route.ts#POST': { delegatesToNextAuth: true },
  // Public on purpose for load balancers; it says nothing but up or down.
  'app/api/health/route.ts#GET': {
    request: () => new Request('http://localhost:3000/api/health'),
    status: { signedOut: 200, sameTeamMember: 200, otherTeamManager: 200, otherOrgAdmin: 200 },
  },
  // Gap CSV filtered to team A1: only its managers and admins; another organization's team id is "not found".
  'app/api/reports/gaps.csv/route.ts#GET': {
    request: (world) => new Request(`http://localhost:3000/api/reports/gaps.csv?team=${world.teamA1}`),
    status: { signedOut: 401, sameTeamMember: 403, otherTeamManager: 403, otherOrgAdmin: 404 },
  },
  // People finder CSV: managers (their teams' members only, applied in the query) and admins; organization B has
  // no cycle to search (and would not know org A's skill), so "not found" there.
  'app/api/people.csv/route.ts#GET': {
    request: (world) =>
      new Request(`http://localhost:3000/api/people.csv?skills=${world.framework.id('tech/testing/pytest')}:3`),
    status: { signedOut: 401, sameTeamMember: 403, otherTeamManager: 200, otherOrgAdmin: 404 },
  },
  // Batched autosave: every member of A saves their own ratings (never anyone else's: the route takes no member
  // id); another organization's cycle is "not found".
  'app/api/ratings/batch/route.ts#POST': {
    request: (world) =>
      new Request('http://localhost:3000/api/ratings/batch', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
        body: JSON.stringify({
          cycleId: world.cycleA,
          clientId: 'matrix-browser',
          changes: [
            {
              skillId: world.framework.skillIds[0],
              level: 2,
              notApplicable: false,
              interest: false,
              note: null,
              changedAt: new Date().toISOString(),
              seq: Date.now(),
            },
          ],
        }),
      }),
    status: { signedOut: 401, sameTeamMember: 200, otherTeamManager: 200, otherOrgAdmin: 404 },
  },
  // Audit log CSV: admins only. The query names no ids: organization B's admin exports organization B's log.
  'app/api/admin/audit.csv/route.ts#GET': {
    request: () => new Request('http://localhost:3000/api/admin/audit.csv?kind=all'),
    status: { signedOut: 401, sameTeamMember: 403, otherTeamManager: 403, otherOrgAdmin: 200 },
  },
  // One-click unsubscribe (RFC 8058): signed out and cross-site on purpose; the token names the one person,
  // organization and kind it turns off, whoever posts it (a session is not even read).
  'app/api/unsubscribe/route.ts#POST': {
    request: (world) =>
      new Request(
        `http://localhost:3000/api/unsubscribe?token=${encodeURIComponent(
          unsubscribeToken({ organizationId: world.orgA, userId: world.subjectA1.user.id, kind: 'overdue' }),
        )}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        },
      ),
    status: { signedOut: 200, sameTeamMember: 200, otherTeamManager: 200, otherOrgAdmin: 200 },
  },
  // Opening the header's link in a browser: a redirect to the page that asks first; nothing changes.
  'app/api/unsubscribe/route.ts#GET': {
    request: (world) =>
      new Request(
        `http://localhost:3000/api/unsubscribe?token=${encodeURIComponent(
          unsubscribeToken({ organizationId: world.orgA, userId: world.subjectA1.user.id, kind: 'overdue' }),
        )}`,
      ),
    status: { signedOut: 303, sameTeamMember: 303, otherTeamManager: 303, otherOrgAdmin: 303 },
  },
  // Framework export: admins only; organization B has no framework `small`, so it is "not found" there.
  'app/api/frameworks/[key]/export/route.ts#GET': {
    request: () => new Request('http://localhost:3000/api/frameworks/small/export?format=json'),
    status: { signedOut: 401, sameTeamMember: 403, otherTeamManager: 403, otherOrgAdmin: 404 },
  },
  // ------------------------------------------------------------ REST API /api/v1 (bearer tokens, lib/api)
  'app/api/v1/members/route.ts#GET': { api: { url: () => '/api/v1/members', status: READ_LIST } },
  'app/api/v1/members/[memberId]/route.ts#GET': {
    api: {
      url: (world) => `/api/v1/members/${world.subjectA1.membership.id}`,
      params: (world) => ({ memberId: world.subjectA1.membership.id }),
      status: READ_BY_ID,
    },
  },
  // members:write: B's token adds the person to B (its own organization), never to A; a personal token has no scope.
  'app/api/v1/members/route.ts#POST': {
    api: {
      url: () => '/api/v1/members',
      body: (world) => ({ email: `api-new-${world.orgA}@example.test`, name: 'Api Newcomer' }),
      status: { ...TOKEN_REFUSED, otherOrg: 201, personal: 403, legitimate: 201 },
    },
  },
  'app/api/v1/members/[memberId]/route.ts#PATCH': {
    api: {
      url: (world) => `/api/v1/members/${world.subjectA1.membership.id}`,
      params: (world) => ({ memberId: world.subjectA1.membership.id }),
      body: () => ({ title: 'Staff engineer' }),
      status: READ_BY_ID,
    },
  },
  'app/api/v1/teams/route.ts#GET': { api: { url: () => '/api/v1/teams', status: READ_LIST } },
  'app/api/v1/teams/[teamId]/route.ts#GET': {
    api: {
      url: (world) => `/api/v1/teams/${world.teamA1}`,
      params: (world) => ({ teamId: world.teamA1 }),
      status: READ_BY_ID,
    },
  },
  'app/api/v1/frameworks/route.ts#GET': { api: { url: () => '/api/v1/frameworks', status: READ_LIST } },
  'app/api/v1/frameworks/[frameworkId]/route.ts#GET': {
    api: {
      url: (world) => `/api/v1/frameworks/${world.framework.frameworkId}`,
      params: (world) => ({ frameworkId: world.framework.frameworkId }),
      status: READ_BY_ID,
    },
  },
  'app/api/v1/cycles/route.ts#GET': { api: { url: () => '/api/v1/cycles', status: READ_LIST } },
  'app/api/v1/cycles/[cycleId]/route.ts#GET': {
    api: {
      url: (world) => `/api/v1/cycles/${world.cycleA}`,
      params: (world) => ({ cycleId: world.cycleA }),
      status: READ_BY_ID,
    },
  },
  // Ratings of the subject: an organization token with ratings:read reads them; A's member's personal token is
  // told "not found" (not their own); B's token does not find the member.
  'app/api/v1/ratings/route.ts#GET': {
    api: {
      url: (world) => `/api/v1/ratings?cycle=${world.cycleA}&member=${world.subjectA1.membership.id}`,
      status: { ...TOKEN_REFUSED, otherOrg: 404, personal: 404, legitimate: 200 },
    },
  },
  // Saving ratings: personal tokens only, each its owner's own; B's admin's personal token does not find A's cycle.
  'app/api/v1/ratings/route.ts#POST': {
    api: {
      url: () => '/api/v1/ratings',
      body: (world) => ({
        cycleId: world.cycleA,
        changes: [
          { skillId: world.framework.skillIds[0], level: 2, notApplicable: false, interest: false, note: null },
        ],
      }),
      status: { ...TOKEN_REFUSED, otherOrg: 404, personal: 200, legitimate: 200 },
    },
  },
  // Gap rows of team A1: B's token is told the team does not exist.
  'app/api/v1/gaps/route.ts#GET': {
    api: {
      url: (world) => `/api/v1/gaps?team=${world.teamA1}`,
      status: { ...TOKEN_REFUSED, otherOrg: 404, personal: 403, legitimate: 200 },
    },
  },
  // Certifications and endorsements (issue 22) of A's subject: B's token is told the member does not exist.
  'app/api/v1/certifications/route.ts#GET': {
    api: {
      url: (world) => `/api/v1/certifications?member=${world.subjectA1.membership.id}`,
      status: { ...READ_BY_ID },
    },
  },
  'app/api/v1/endorsements/route.ts#GET': {
    api: {
      url: (world) => `/api/v1/endorsements?member=${world.subjectA1.membership.id}&team=${world.teamA1}`,
      status: { ...READ_BY_ID },
    },
  },
  // The OpenAPI document is public on purpose: it describes the API, holds no organization's data.
  'app/api/v1/openapi.json/route.ts#GET': {
    api: {
      url: () => '/api/v1/openapi.json',
      status: {
        none: 200,
        revoked: 200,
        expired: 200,
        wrongScope: 200,
        otherOrg: 200,
        personal: 200,
        legitimate: 200,
      },
    },
  },
};
