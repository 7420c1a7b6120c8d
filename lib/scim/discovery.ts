/**
 * The discovery documents (RFC 7644 §4, RFC 7643 §5–7): what this service
 * provider supports, described from what lib/scim actually does — filters
 * with `eq` and `and`, PATCH, no bulk, sort, ETags or password changes.
 */
import { GROUP_SCHEMA, LIST_SCHEMA, MAX_PAGE_SIZE, USER_SCHEMA } from './schemas';

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Organization API token',
        description: 'An API token of the organization with the scim scope, sent as "Authorization: Bearer <token>".',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

const resourceTypes = (baseUrl: string) => [
  {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'A member of the organization',
    schema: USER_SCHEMA,
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
  },
  {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'A team of the organization',
    schema: GROUP_SCHEMA,
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
  },
];

interface AttributeOptions {
  type?: 'string' | 'boolean' | 'complex' | 'reference';
  multiValued?: boolean;
  required?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable';
  uniqueness?: 'none' | 'server';
  caseExact?: boolean;
  subAttributes?: SchemaAttribute[];
  referenceTypes?: string[];
}

interface SchemaAttribute {
  name: string;
  type: string;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: string;
  returned: string;
  uniqueness: string;
  subAttributes?: SchemaAttribute[];
  referenceTypes?: string[];
}

function attribute(name: string, description: string, options: AttributeOptions = {}): SchemaAttribute {
  return {
    name,
    type: options.type ?? 'string',
    multiValued: options.multiValued ?? false,
    description,
    required: options.required ?? false,
    caseExact: options.caseExact ?? false,
    mutability: options.mutability ?? 'readWrite',
    returned: 'default',
    uniqueness: options.uniqueness ?? 'none',
    ...(options.subAttributes ? { subAttributes: options.subAttributes } : {}),
    ...(options.referenceTypes ? { referenceTypes: options.referenceTypes } : {}),
  };
}

const schemas = (baseUrl: string) => [
  {
    schemas: [SCHEMA_SCHEMA],
    id: USER_SCHEMA,
    name: 'User',
    description: 'A member of the organization. Attributes not listed are accepted and ignored.',
    attributes: [
      attribute('userName', 'Unique in the organization; an email address, or the provider’s name for the person.', {
        required: true,
        uniqueness: 'server',
      }),
      attribute('externalId', 'The provider’s id for the person.', { caseExact: true }),
      attribute('name', 'Shown as the person’s name when the account is this organization’s alone.', {
        type: 'complex',
        subAttributes: [
          attribute('givenName', 'Given name.'),
          attribute('familyName', 'Family name.'),
          attribute('formatted', 'The full name.'),
        ],
      }),
      attribute('displayName', 'The name shown in Skillgrid; else name.formatted, else given and family name.'),
      attribute('emails', 'The primary (or work) address is the sign-in email.', {
        type: 'complex',
        multiValued: true,
        subAttributes: [
          attribute('value', 'The address.'),
          attribute('type', 'work, home, other.'),
          attribute('primary', 'The sign-in address.', { type: 'boolean' }),
        ],
      }),
      attribute('active', 'false deactivates the member and ends their sessions; true reactivates them.', {
        type: 'boolean',
      }),
      attribute('title', 'Job title.'),
      attribute('groups', 'The teams the member belongs to (change them through Groups).', {
        type: 'complex',
        multiValued: true,
        mutability: 'readOnly',
        subAttributes: [
          attribute('value', 'The team id.', { mutability: 'readOnly' }),
          attribute('display', 'The team name.', { mutability: 'readOnly' }),
        ],
      }),
    ],
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${USER_SCHEMA}` },
  },
  {
    schemas: [SCHEMA_SCHEMA],
    id: GROUP_SCHEMA,
    name: 'Group',
    description: 'A team of the organization.',
    attributes: [
      attribute('displayName', 'The team name, unique in the organization (case ignored).', {
        required: true,
        uniqueness: 'server',
      }),
      attribute('externalId', 'The provider’s id for the group.', { caseExact: true }),
      attribute('members', 'Active members of the organization (User ids).', {
        type: 'complex',
        multiValued: true,
        subAttributes: [
          attribute('value', 'The User id.', { mutability: 'immutable' }),
          attribute('display', 'The member’s name.', { mutability: 'readOnly' }),
          attribute('$ref', 'The User’s address.', { type: 'reference', referenceTypes: ['User'] }),
        ],
      }),
    ],
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${GROUP_SCHEMA}` },
  },
];

const listOf = <T>(resources: T[]) => ({
  schemas: [LIST_SCHEMA],
  totalResults: resources.length,
  startIndex: 1,
  itemsPerPage: resources.length,
  Resources: resources,
});

export const resourceTypeList = (baseUrl: string) => listOf(resourceTypes(baseUrl));
export const resourceType = (baseUrl: string, id: string) => resourceTypes(baseUrl).find((type) => type.id === id);
export const schemaList = (baseUrl: string) => listOf(schemas(baseUrl));
export const schemaById = (baseUrl: string, id: string) => schemas(baseUrl).find((schema) => schema.id === id);
