'use server';

import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiTokens } from '@/db/schema';
import { defineAuditedAction, type WriteOutcome } from '@/lib/actions/define-action';
import { notFoundError } from '@/lib/auth/errors';
import type { SessionContext } from '@/lib/auth/session';
import { PERSONAL_SCOPES, type ApiScope } from './scopes';
import { createOrganizationTokenSchema, createPersonalTokenSchema, revokeTokenSchema } from './token-schemas';
import { createApiToken, revokeApiToken, type CreatedApiToken } from './tokens';

const ADMIN_PAGE = '/admin/api-tokens';
const PERSONAL_PAGE = '/settings/api-tokens';

/**
 * Creates a token for the signed-in admin (organization token) or member
 * (personal token, acting as them). The secret comes back once, in this
 * result only; the audit entry names the token, its scopes and expiry — never the secret.
 */
async function createToken(
  tx: Db,
  context: SessionContext,
  input: { name: string; scopes: readonly ApiScope[]; expiresInDays: number | null },
  personal: boolean,
): Promise<WriteOutcome<CreatedApiToken>> {
  const created = await createApiToken(tx, {
    organizationId: context.organization.id,
    name: input.name,
    scopes: input.scopes,
    expiresInDays: input.expiresInDays,
    membershipId: personal ? context.membership.id : null,
    createdByUserId: context.user.id,
  });
  return {
    ok: true,
    data: created,
    message: `Token “${created.name}” created. Copy it now: it will not be shown again.`,
    audit: {
      targetId: created.id,
      details: { name: created.name, scopes: created.scopes, expiresAt: created.expiresAt, personal },
    },
  };
}

/** Revokes a token of the organization — with `membershipId`, only that member's own. */
async function revokeToken(
  tx: Db,
  context: SessionContext,
  tokenId: string,
  membershipId: string | undefined,
  message: (name: string) => string,
): Promise<WriteOutcome<never>> {
  const revoked = await revokeApiToken(tx, {
    organizationId: context.organization.id,
    tokenId,
    revokedByUserId: context.user.id,
    ...(membershipId ? { membershipId } : {}),
  });
  if (!revoked) throw notFoundError('Token');
  return {
    ok: true,
    message: message(revoked.name),
    audit: { targetId: revoked.id, details: { name: revoked.name, personal: revoked.personal } },
  };
}

/** An organization token (admins): the secret comes back once, in this result only. */
export const createOrganizationTokenAction = defineAuditedAction<typeof createOrganizationTokenSchema, CreatedApiToken>(
  {
    input: createOrganizationTokenSchema,
    role: 'admin',
    audit: { events: ['api_token.created'], target: 'api_token' },
    revalidate: [ADMIN_PAGE],
    write: ({ input, tx, context }) => createToken(tx, context, input, false),
  },
);

/** Admins revoke any token of the organization, members' personal tokens included. */
export const revokeOrganizationTokenAction = defineAuditedAction({
  input: revokeTokenSchema,
  role: 'admin',
  audit: { events: ['api_token.revoked'], target: 'api_token' },
  revalidate: [ADMIN_PAGE],
  write: ({ input, tx, context }) =>
    revokeToken(
      tx,
      context,
      input.tokenId,
      undefined,
      (name) => `Token “${name}” revoked: requests with it are refused from now on.`,
    ),
});

/** A member's personal token: their own ratings only (`ratings:self`), always with an expiry. */
export const createPersonalTokenAction = defineAuditedAction<typeof createPersonalTokenSchema, CreatedApiToken>({
  input: createPersonalTokenSchema,
  role: 'member',
  audit: { events: ['api_token.created'], target: 'api_token' },
  revalidate: [PERSONAL_PAGE],
  write: ({ input, tx, context }) => createToken(tx, context, { ...input, scopes: PERSONAL_SCOPES }, true),
});

/** A member revokes one of their own personal tokens; anyone else's is "not found". */
export const revokePersonalTokenAction = defineAuditedAction({
  input: revokeTokenSchema,
  role: 'member',
  authorize: {
    rule: 'their own personal tokens only',
    check: async ({ input, db, context }) => {
      const [own] = await db
        .select({ id: apiTokens.id })
        .from(apiTokens)
        .where(
          and(
            eq(apiTokens.organizationId, context.organization.id),
            eq(apiTokens.id, input.tokenId),
            eq(apiTokens.membershipId, context.membership.id),
          ),
        )
        .limit(1);
      if (!own) throw notFoundError('Token');
    },
  },
  audit: { events: ['api_token.revoked'], target: 'api_token' },
  revalidate: [PERSONAL_PAGE],
  write: ({ input, tx, context }) =>
    revokeToken(tx, context, input.tokenId, context.membership.id, (name) => `Token “${name}” revoked.`),
});
