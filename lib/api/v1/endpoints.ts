import 'server-only';
import { z } from 'zod';
import { endpoint, type ApiEndpoint } from '../endpoint';
import { getCycleEndpoint, listCyclesEndpoint } from './cycles';
import { getFrameworkEndpoint, listFrameworksEndpoint } from './frameworks';
import { listGapsEndpoint } from './gaps';
import { createMemberEndpoint, getMemberEndpoint, listMembersEndpoint, updateMemberEndpoint } from './members';
import { buildOpenApiDocument } from './openapi';
import { listRatingsEndpoint, saveRatingsEndpoint } from './ratings';
import { getTeamEndpoint, listTeamsEndpoint } from './teams';
import { listCertificationsEndpoint, listEndorsementsEndpoint } from './trust';

export const openApiDocumentEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/openapi.json',
  tag: 'Reference',
  operationId: 'getOpenApiDocument',
  summary: 'This API’s OpenAPI 3.1 document',
  description:
    'Public: generated from the same zod schemas that validate every request. The reference page is /docs/api.',
  scopes: 'public',
  response: {
    status: 200,
    description: 'The OpenAPI document.',
    schema: z.looseObject({ openapi: z.string(), info: z.unknown(), paths: z.record(z.string(), z.unknown()) }),
  },
  problems: [],
  // Built per request from the code (a few milliseconds): nothing is cached in the server process.
  run: async () => {
    const { openapi, info, paths = {}, ...rest } = buildOpenApiDocument(V1_ENDPOINTS);
    return { openapi, info, paths: { ...paths }, ...rest };
  },
});

/**
 * Every operation of /api/v1, in the order of the reference page. Each has a
 * route file under app/api/v1 that serves it (tests/integration/api/openapi.test.ts
 * checks both ways).
 */
export const V1_ENDPOINTS: readonly ApiEndpoint[] = [
  listMembersEndpoint,
  createMemberEndpoint,
  getMemberEndpoint,
  updateMemberEndpoint,
  listTeamsEndpoint,
  getTeamEndpoint,
  listFrameworksEndpoint,
  getFrameworkEndpoint,
  listCyclesEndpoint,
  getCycleEndpoint,
  listRatingsEndpoint,
  saveRatingsEndpoint,
  listGapsEndpoint,
  listCertificationsEndpoint,
  listEndorsementsEndpoint,
  openApiDocumentEndpoint,
];
