/**
 * The OpenAPI 3.1 document of /api/v1, generated from the endpoints'
 * declarations — the zod schemas their route handlers parse with — by
 * @asteasolutions/zod-to-openapi. Nothing here is written by hand but the
 * prose.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { ApiEndpoint } from '../endpoint';
import { PROBLEM_CONTENT_TYPE, PROBLEM_DOCS_PATH, PROBLEM_TYPES, problemSchema, type ProblemType } from '../problem';
import { API_REQUESTS_PER_MINUTE } from '../rate-limit';
import { API_SCOPES } from '../scopes';

export const BEARER_SCHEME = 'bearerToken';
export const API_VERSION = '1.0.0';

const DESCRIPTION = `The REST API of Skillgrid: members, teams, frameworks, cycles, ratings and gap reports of one organization.

**Authentication.** Send an API token as \`Authorization: Bearer sg_…\`. An admin creates organization tokens at
/admin/api-tokens (choosing their scopes); any member creates a personal token at /settings/api-tokens, which reads
and writes that member's own ratings only. Scopes: ${Object.entries(API_SCOPES)
  .map(([scope, about]) => `\`${scope}\` (${about.description.replace(/\.$/, '')})`)
  .join('; ')}.

**Pagination.** Lists answer \`{ data, nextCursor }\`; pass \`nextCursor\` as \`cursor\` for the next page until it is null.

**Errors** are \`application/problem+json\` (RFC 9457); their \`type\` links to ${PROBLEM_DOCS_PATH}. Unknown query
parameters and body fields are refused (400), so a mistyped filter never answers unfiltered data.

**Rate limit.** ${API_REQUESTS_PER_MINUTE} requests per minute per token; every answer carries \`RateLimit-Limit\`,
\`RateLimit-Remaining\` and \`RateLimit-Reset\`, and a 429 carries \`Retry-After\`.`;

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } };

function problemResponses(types: readonly ProblemType[]) {
  const byStatus = new Map<number, ProblemType[]>();
  for (const type of types) {
    const status = PROBLEM_TYPES[type].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), type]);
  }
  return Object.fromEntries(
    [...byStatus.entries()].map(([status, grouped]) => [
      String(status),
      { description: grouped.map((type) => PROBLEM_TYPES[type].title).join('; '), content: problemContent },
    ]),
  );
}

export function buildOpenApiDocument(endpoints: readonly ApiEndpoint[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sg_ followed by 43 characters',
    description: 'An API token. The scopes each operation accepts are listed under its security requirement.',
  });
  for (const definition of endpoints) {
    const secured = definition.scopes !== 'public';
    // Every operation refuses unknown query parameters, so every one can answer 400.
    const problems: ProblemType[] = [
      ...new Set<ProblemType>([
        'invalid-request',
        ...(secured ? (['unauthorized', 'insufficient-scope', 'rate-limited'] as const) : []),
        ...definition.problems,
      ]),
    ];
    registry.registerPath({
      method: definition.method === 'GET' ? 'get' : definition.method === 'POST' ? 'post' : 'patch',
      path: definition.path,
      tags: [definition.tag],
      operationId: definition.operationId,
      summary: definition.summary,
      description: definition.description,
      // OpenAPI 3.1: for schemes other than OAuth, the list names the roles (here scopes) that are accepted.
      security: secured ? [{ [BEARER_SCHEME]: [...definition.scopes] }] : [],
      request: {
        params: definition.params as z.ZodObject | undefined,
        query: definition.query as z.ZodObject | undefined,
        body: definition.body
          ? { required: true, content: { 'application/json': { schema: definition.body } } }
          : undefined,
      },
      responses: {
        [String(definition.response.status)]: {
          description: definition.response.description,
          content: { 'application/json': { schema: definition.response.schema } },
        },
        ...problemResponses(problems),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Skillgrid REST API', version: API_VERSION, description: DESCRIPTION },
    tags: [...new Set(endpoints.map((definition) => definition.tag))].map((name) => ({ name })),
  });
}
