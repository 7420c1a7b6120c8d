/**
 * What a provisioning client may send, parsed with zod before anything is
 * read from or written to the database. Attributes Skillgrid does not keep
 * (phone numbers, addresses, the enterprise extension, Okta's `password`) are
 * accepted and ignored, as the README says: refusing them would stop a
 * provider's default attribute mapping from provisioning anyone.
 */
import { z } from 'zod';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A SCIM list page holds at most this many resources, whatever `count` asks for (RFC 7644 §3.4.2.4). */
export const MAX_PAGE_SIZE = 200;

export const text = (max: number) => z.string().max(max, `Keep it to ${max} characters.`).regex(NO_NUL, NO_NUL_MESSAGE);

/**
 * A boolean, or the strings Entra sends in place of one (`"True"`, `"False"`,
 * a documented Entra quirk: learn.microsoft.com, "Known issues and resolutions
 * with SCIM 2.0 protocol compliance").
 */
export const booleanish = z.union([
  z.boolean(),
  z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(['true', 'false'], 'Use true or false.'))
    .transform((value) => value === 'true'),
]);

const nameSchema = z.looseObject({
  givenName: text(200).nullish(),
  familyName: text(200).nullish(),
  formatted: text(200).nullish(),
});

export const emailEntrySchema = z.looseObject({
  value: text(320),
  type: text(40).nullish(),
  primary: booleanish.nullish(),
});

export const userResourceSchema = z.looseObject({
  schemas: z.array(text(200)).max(10).optional(),
  externalId: text(255).nullish(),
  userName: text(320).trim().min(1, 'userName is required.'),
  name: nameSchema.nullish(),
  displayName: text(200).nullish(),
  emails: z.array(emailEntrySchema).max(20).nullish(),
  active: booleanish.optional(),
  title: text(200).nullish(),
});
export type UserResourceInput = z.output<typeof userResourceSchema>;

export const memberRefSchema = z.looseObject({ value: text(100), display: text(320).nullish() });

export const groupResourceSchema = z.looseObject({
  schemas: z.array(text(200)).max(10).optional(),
  externalId: text(255).nullish(),
  displayName: text(200).trim().min(1, 'displayName is required.'),
  members: z.array(memberRefSchema).max(10_000).nullish(),
});
export type GroupResourceInput = z.output<typeof groupResourceSchema>;

export const patchOperationSchema = z.looseObject({
  // Entra writes "Replace", "Add", "Remove"; RFC 7644 §3.5.2 lower case.
  op: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['add', 'replace', 'remove'], 'op must be add, replace or remove.')),
  path: text(500).optional(),
  value: z.unknown().optional(),
});
export type PatchOperation = z.output<typeof patchOperationSchema>;

export const patchRequestSchema = z.looseObject({
  schemas: z
    .array(text(200))
    .refine((schemas) => schemas.includes(PATCH_SCHEMA), `schemas must include ${PATCH_SCHEMA}.`),
  Operations: z.array(patchOperationSchema).min(1, 'Operations is empty.').max(1000, 'At most 1000 operations.'),
});

const positiveInt = (name: string) =>
  z
    .string()
    .regex(/^-?\d{1,9}$/, `${name} must be a whole number.`)
    .transform(Number);

export const listQuerySchema = z.looseObject({
  filter: text(1000).optional(),
  // RFC 7644 §3.4.2.4: a startIndex below 1 is read as 1, a negative count as 0.
  startIndex: positiveInt('startIndex')
    .transform((value) => Math.max(1, value))
    .optional(),
  count: positiveInt('count')
    .transform((value) => Math.min(MAX_PAGE_SIZE, Math.max(0, value)))
    .optional(),
  excludedAttributes: text(500).optional(),
  attributes: text(500).optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export const resourceQuerySchema = z.looseObject({
  excludedAttributes: text(500).optional(),
  attributes: text(500).optional(),
});
export type ResourceQuery = z.output<typeof resourceQuerySchema>;
