'use server';

import { and, eq } from 'drizzle-orm';
import { apiTokens } from '@/db/schema';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { notFoundError } from '@/lib/auth/errors';
import { PERSONAL_SCOPES } from './scopes';
import { createOrganizationTokenSchema, createPersonalTokenSchema, revokeTokenSchema } from './token-schemas';
import { createApiToken, revokeApiToken, type CreatedApiToken } from './tokens';

const ADMIN_PAGE = '/admin/api-tokens';
const PERSONAL_PAGE = '/settings/api-tokens';

/** An organization token (admins): the secret comes back once, in this result only. */
export const createOrganizationTokenAction = defineAuditedAction<typeof createOrganizationTokenSchema, CreatedApiToken>(
  {
    input: createOrganizationTokenSchema,
    role: 'admin',
    audit: { events: ['api_token.created'], target: 'api_token' },
    revalidate: [ADMIN_PAGE],
    write: async ({ input, tx, context }) => {
      const created = await createApiToken(tx, {
        organizationId: context.organization.id,
        name: input.name,
        scopes: input.scopes,
        expiresInDays: input.expiresInDays,
        membershipId: null,
        createdByUserId: context.user.id,
      });
      return {
        ok: true,
        data: created,
        message: `Token “${created.name}” created. Copy it now: it will not be shown again.`,
        // Never the secret: the audit log names the token, its scopes and expiry.
        audit: {
          targetId: created.id,
          details: { name: created.name, scopes: created.scopes, expiresAt: created.expiresAt, personal: false },
        },
      };
    },
  },
);

/** Admins revoke any token of the organization, members' personal tokens included. */
export const revokeOrganizationTokenAction = defineAuditedAction({
  input: revokeTokenSchema,
  role: 'admin',
  audit: { events: ['api_token.revoked'], target: 'api_token' },
  revalidate: [ADMIN_PAGE],
  write: async ({ input, tx, context }) => {
    const revoked = await revokeApiToken(tx, {
      organizationId: context.organization.id,
      tokenId: input.tokenId,
      revokedByUserId: context.user.id,
    });
    if (!revoked) throw notFoundError('Token');
    return {
      ok: true,
      message: `Token “${revoked.name}” revoked: requests with it are refused from now on.`,
      audit: { targetId: revoked.id, details: { name: revoked.name, personal: revoked.personal } },
    };
  },
});

/** A member's personal token: their own ratings only (`ratings:self`), always with an expiry. */
export const createPersonalTokenAction = defineAuditedAction<typeof createPersonalTokenSchema, CreatedApiToken>({
  input: createPersonalTokenSchema,
  role: 'member',
  audit: { events: ['api_token.created'], target: 'api_token' },
  revalidate: [PERSONAL_PAGE],
  write: async ({ input, tx, context }) => {
    const created = await createApiToken(tx, {
      organizationId: context.organization.id,
      name: input.name,
      scopes: PERSONAL_SCOPES,
      expiresInDays: input.expiresInDays,
      membershipId: context.membership.id,
      createdByUserId: context.user.id,
    });
    return {
      ok: true,
      data: created,
      message: `Token “${created.name}” created. Copy it now: it will not be shown again.`,
      audit: {
        targetId: created.id,
        details: { name: created.name, scopes: created.scopes, expiresAt: created.expiresAt, personal: true },
      },
    };
  },
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
  write: async ({ input, tx, context }) => {
    const revoked = await revokeApiToken(tx, {
      organizationId: context.organization.id,
      tokenId: input.tokenId,
      revokedByUserId: context.user.id,
      membershipId: context.membership.id,
    });
    if (!revoked) throw notFoundError('Token');
    return {
      ok: true,
      message: `Token “${revoked.name}” revoked.`,
      audit: { targetId: revoked.id, details: { name: revoked.name, personal: true } },
    };
  },
});
