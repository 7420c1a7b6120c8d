/**
 * What an API token may do. Pure data (no server code) so the token forms in
 * the browser list the same scopes the server checks.
 *
 * An organization token sees what an admin sees, narrowed to its scopes; a
 * personal token acts as its member and only ever holds `ratings:self`.
 */
export const API_SCOPES = {
  'members:read': { label: 'Members', description: 'List and read members (name, email, role, teams).', write: false },
  'members:write': {
    label: 'Manage members',
    description: 'Add members, change their role or title, deactivate and reactivate them.',
    write: true,
  },
  'teams:read': { label: 'Teams', description: 'List and read teams with their members and managers.', write: false },
  'frameworks:read': {
    label: 'Frameworks',
    description: 'Read frameworks with their skills and levels.',
    write: false,
  },
  'cycles:read': { label: 'Cycles', description: 'List and read assessment cycles.', write: false },
  'ratings:read': { label: 'Ratings', description: 'Read any member’s ratings of a cycle.', write: false },
  'reports:read': { label: 'Gap reports', description: 'Read the gap report rows (as the gap CSV).', write: false },
  'certifications:read': {
    label: 'Certifications',
    description: 'Read members’ certifications and the skills they prove.',
    write: false,
  },
  'endorsements:read': {
    label: 'Endorsements',
    description: 'Read endorsements of members’ ratings.',
    write: false,
  },
  scim: {
    label: 'SCIM provisioning',
    description: 'Create, update and deactivate members and teams from an identity provider (/scim/v2).',
    write: true,
  },
  'ratings:self': {
    label: 'My ratings',
    description: 'Read and write the token owner’s own ratings (personal tokens only).',
    write: true,
  },
} as const satisfies Record<string, { label: string; description: string; write: boolean }>;

export type ApiScope = keyof typeof API_SCOPES;
export const ALL_SCOPES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];

/** The scopes an admin can give an organization token. */
export const ORGANIZATION_SCOPES = ALL_SCOPES.filter((scope) => scope !== 'ratings:self') as [ApiScope, ...ApiScope[]];
/** The scopes a member can give their personal token. */
export const PERSONAL_SCOPES = ['ratings:self'] as const satisfies readonly ApiScope[];

export function isApiScope(value: string): value is ApiScope {
  return Object.hasOwn(API_SCOPES, value);
}

/** Whether using the scope changes data: such requests are written to the audit log. */
export function isWriteScope(scope: ApiScope): boolean {
  return API_SCOPES[scope].write;
}

/** Expiry choices offered by the forms, in days; null = never (organization tokens only). */
export const ORGANIZATION_EXPIRY_DAYS = [30, 90, 365, null] as const;
export const PERSONAL_EXPIRY_DAYS = [7, 30, 90] as const;

/** Every secret starts with this, so secret scanners and people recognise a leaked Skillgrid token. */
export const TOKEN_PREFIX = 'sg_';
