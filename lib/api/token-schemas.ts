/**
 * What the token forms send. FormData keeps one value per name, so each
 * scope is its own checkbox (`scope:members:read` = `on`); a plain object
 * with `scopes: [...]` (tests, client code) is read the same way.
 */
import { z } from 'zod';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { ORGANIZATION_EXPIRY_DAYS, ORGANIZATION_SCOPES, PERSONAL_EXPIRY_DAYS } from './scopes';

const SCOPE_FIELD = 'scope:';

function gatherScopes(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const input = raw as Record<string, unknown>;
  if ('scopes' in input) return input;
  const scopes = Object.entries(input)
    .filter(([key, value]) => key.startsWith(SCOPE_FIELD) && (value === 'on' || value === true))
    .map(([key]) => key.slice(SCOPE_FIELD.length));
  return { ...input, scopes };
}

export const scopeFieldName = (scope: string) => `${SCOPE_FIELD}${scope}`;

const tokenName = z
  .string({ error: 'Give the token a name.' })
  .trim()
  .min(1, 'Give the token a name, such as what will use it.')
  .max(100, 'A name can be at most 100 characters.')
  .regex(NO_NUL, NO_NUL_MESSAGE);

const expiryChoice = <const Days extends readonly (number | null)[]>(choices: Days) =>
  z
    .union([z.string(), z.number()], { error: 'Choose when the token expires.' })
    .transform((value) => (value === 'never' ? null : Number(value)))
    .refine((value): value is Days[number] => choices.includes(value), 'Choose one of the offered expiry times.');

export const createOrganizationTokenSchema = z.preprocess(
  gatherScopes,
  z.object({
    name: tokenName,
    scopes: z
      .array(z.enum(ORGANIZATION_SCOPES, { error: 'Unknown scope.' }), { error: 'Choose at least one scope.' })
      .min(1, 'Choose at least one scope.')
      .max(ORGANIZATION_SCOPES.length),
    expiresInDays: expiryChoice(ORGANIZATION_EXPIRY_DAYS),
  }),
);

export const createPersonalTokenSchema = z.object({
  name: tokenName,
  expiresInDays: expiryChoice(PERSONAL_EXPIRY_DAYS),
});

export const revokeTokenSchema = z.object({ tokenId: z.uuid('Unknown token.') });
