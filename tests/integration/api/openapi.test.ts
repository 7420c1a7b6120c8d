/**
 * The OpenAPI document covers the API exactly: every route file under app/api/v1 (found on disk, as the
 * permission matrix finds routes) serves an operation of the document at the path its folders make, through
 * defineApiRoute; every operation of the document has a route file; and the document is valid OpenAPI 3.1 by
 * a maintained validator. That each documented answer matches what the route returns is checked on every
 * call of the route tests (v1-client.ts).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { apiRouteEndpoint } from '@/lib/api/define-api-route';
import { isApiScope } from '@/lib/api/scopes';
import { V1_ENDPOINTS } from '@/lib/api/v1/endpoints';
import { BEARER_SCHEME, buildOpenApiDocument } from '@/lib/api/v1/openapi';

const ROOT = path.resolve(__dirname, '../../..');
const V1_DIR = 'app/api/v1';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

function routeFiles(dir = V1_DIR): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(relative);
    return /^route\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

/** `app/api/v1/members/[memberId]/route.ts` → `/api/v1/members/{memberId}`. */
const documentPath = (file: string) =>
  `/${path
    .dirname(file)
    .replace(/^app\//, '')
    .replace(/\[([^\]]+)\]/g, '{$1}')}`;

const document = buildOpenApiDocument(V1_ENDPOINTS);
type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown> };
const operation = (route: string, method: string) =>
  (document.paths?.[route] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

describe('the OpenAPI document and the routes', () => {
  it('documents every route file under app/api/v1, at the path of its folders, with the schemas it parses with', async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(11);
    const served = new Set<string>();
    for (const file of files) {
      const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      const methods = METHODS.filter((method) => typeof exported[method] === 'function');
      expect(methods.length, file).toBeGreaterThan(0);
      for (const method of methods) {
        const endpoint = apiRouteEndpoint(exported[method]);
        expect(endpoint, `${file}#${method} goes through defineApiRoute`).toBeDefined();
        expect(endpoint!.method, `${file}#${method}`).toBe(method);
        expect(endpoint!.path, `${file}#${method}`).toBe(documentPath(file));
        expect(V1_ENDPOINTS, `${file}#${method}: its endpoint is in the document's list`).toContain(endpoint);
        expect(operation(endpoint!.path, method), `${file}#${method} is in the document`).toBeDefined();
        served.add(`${method} ${endpoint!.path}`);
      }
    }
    // …and nothing is documented that no route serves.
    const documented = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${route}`),
    );
    expect(documented.sort()).toEqual([...served].sort());
  });

  it('names the scopes every secured operation accepts, and its problems', () => {
    for (const endpoint of V1_ENDPOINTS) {
      const documented = operation(endpoint.path, endpoint.method)!;
      if (endpoint.scopes === 'public') {
        expect(documented.security).toEqual([]);
        continue;
      }
      expect(documented.security).toEqual([{ [BEARER_SCHEME]: [...endpoint.scopes] }]);
      expect(endpoint.scopes.every(isApiScope)).toBe(true);
      expect(Object.keys(documented.responses)).toEqual(
        expect.arrayContaining([String(endpoint.response.status), '400', '401', '403', '429']),
      );
    }
  });

  it('is a valid OpenAPI 3.1 document (@readme/openapi-parser)', async () => {
    // The validator dereferences in place: give it a copy.
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });
});
