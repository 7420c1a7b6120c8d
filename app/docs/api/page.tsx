import type { Metadata } from 'next';
import Link from 'next/link';
import {
  SchemaFields,
  TypeLabel,
  schemaAnchor,
  type JsonSchema,
  type SchemaComponents,
} from '@/components/api-docs/schema-view';
import { Markdown } from '@/components/ui/markdown';
import { PROBLEM_TYPES, type ProblemType } from '@/lib/api/problem';
import { API_SCOPES, type ApiScope } from '@/lib/api/scopes';
import { V1_ENDPOINTS } from '@/lib/api/v1/endpoints';
import { buildOpenApiDocument } from '@/lib/api/v1/openapi';

export const metadata: Metadata = { title: 'REST API reference' };

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

const METHOD_STYLES: Record<string, string> = {
  get: 'bg-sky-100 text-sky-900',
  post: 'bg-green-100 text-green-900',
};

/**
 * The API reference, rendered on the server from the OpenAPI document the
 * API serves (/api/v1/openapi.json) — the same document, so the page cannot
 * drift from the API. No client bundle: a reader needs text, anchors and
 * search-in-page, not an interactive console.
 */
export default function ApiReferencePage() {
  const document = buildOpenApiDocument(V1_ENDPOINTS);
  const components = (document.components?.schemas ?? {}) as SchemaComponents;
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
  );
  const tags = [...new Set(operations.map(({ operation }) => operation.tags[0] ?? 'Other'))];

  return (
    <main className="mx-auto max-w-5xl space-y-10 px-4 py-8">
      <header className="space-y-3">
        <p className="text-sm text-slate-600">
          <Link href="/" className="font-semibold text-brand-700">
            Skillgrid
          </Link>{' '}
          · REST API {document.info.version}
        </p>
        <h1 className="text-3xl font-semibold">REST API reference</h1>
        <div className="space-y-2 text-slate-800">
          <Markdown>{document.info.description ?? ''}</Markdown>
        </div>
        <p className="text-sm text-slate-700">
          Machine-readable:{' '}
          <a href="/api/v1/openapi.json" className="font-medium text-brand-700 underline">
            /api/v1/openapi.json
          </a>{' '}
          (OpenAPI 3.1) — load it into any OpenAPI client or code generator.
        </p>
      </header>

      <section aria-labelledby="quick-start" className="space-y-3">
        <h2 id="quick-start" className="text-xl font-semibold">
          Quick start
        </h2>
        {/* A scroll region reachable by keyboard (axe scrollable-region-focusable): the line is wider than a phone. */}
        <pre
          role="region"
          aria-label="Example: list members with curl"
          tabIndex={0}
          className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100"
        >
          <code>{`export SKILLGRID_TOKEN=sg_…   # from /admin/api-tokens or /settings/api-tokens
curl -H "Authorization: Bearer $SKILLGRID_TOKEN" https://skills.example.com/api/v1/members?limit=10`}</code>
        </pre>
      </section>

      <nav aria-labelledby="contents" className="space-y-2">
        <h2 id="contents" className="text-xl font-semibold">
          Operations
        </h2>
        <ul className="grid gap-1 text-sm sm:grid-cols-2">
          {operations.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a href={`#${operation.operationId}`} className="text-brand-700 underline wrap-anywhere">
                <span className="font-mono uppercase">{method}</span> <span className="font-mono">{path}</span>
              </a>{' '}
              <span className="text-slate-600">— {operation.summary}</span>
            </li>
          ))}
          <li>
            <a href="#schemas" className="text-brand-700 underline">
              Schemas
            </a>
          </li>
          <li>
            <a href="#scopes" className="text-brand-700 underline">
              Scopes
            </a>
          </li>
          <li>
            <a href="#problems" className="text-brand-700 underline">
              Problems (errors)
            </a>
          </li>
        </ul>
      </nav>

      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-6">
          <h2 id={`tag-${tag}`} className="border-b border-slate-200 pb-1 text-2xl font-semibold">
            {tag}
          </h2>
          {operations
            .filter(({ operation }) => (operation.tags[0] ?? 'Other') === tag)
            .map(({ path, method, operation }) => (
              <OperationView
                key={operation.operationId}
                path={path}
                method={method}
                operation={operation}
                components={components}
              />
            ))}
        </section>
      ))}

      <section aria-labelledby="schemas" className="space-y-4">
        <h2 id="schemas" className="text-2xl font-semibold">
          Schemas
        </h2>
        {Object.entries(components).map(([name, schema]) => (
          <div key={name} id={schemaAnchor(name)} className="space-y-1 rounded-xl border border-slate-200 bg-white p-4">
            <h3 className="font-mono text-base font-semibold">{name}</h3>
            {schema.description ? <p className="text-sm text-slate-700">{schema.description}</p> : null}
            <SchemaFields schema={schema} components={components} />
          </div>
        ))}
      </section>

      <section aria-labelledby="scopes" className="space-y-3">
        <h2 id="scopes" className="text-2xl font-semibold">
          Scopes
        </h2>
        <dl className="grid gap-2 sm:grid-cols-[max-content_1fr] sm:gap-x-6">
          {(Object.keys(API_SCOPES) as ApiScope[]).map((scope) => (
            <div key={scope} className="contents">
              <dt className="font-mono text-sm font-semibold">{scope}</dt>
              <dd className="text-sm text-slate-700">{API_SCOPES[scope].description}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="problems" className="space-y-3">
        <h2 id="problems" className="text-2xl font-semibold">
          Problems (errors)
        </h2>
        <p className="text-sm text-slate-700">
          Every error is <code className="font-mono">application/problem+json</code> (RFC 9457):{' '}
          <code className="font-mono">type</code> (a link to the entry below), <code className="font-mono">title</code>,{' '}
          <code className="font-mono">status</code>, a <code className="font-mono">detail</code> for this request and,
          for invalid input, <code className="font-mono">errors</code> with the location of each problem. A refused
          request changes nothing.
        </p>
        <dl className="space-y-2">
          {(Object.keys(PROBLEM_TYPES) as ProblemType[]).map((type) => (
            <div key={type} id={`problem-${type}`} className="rounded-md border border-slate-200 bg-white p-3">
              <dt className="font-mono text-sm font-semibold">
                {PROBLEM_TYPES[type].status} {type}
              </dt>
              <dd className="text-sm text-slate-700">{PROBLEM_TYPES[type].title}.</dd>
            </div>
          ))}
        </dl>
      </section>
    </main>
  );
}

function OperationView({
  path,
  method,
  operation,
  components,
}: {
  path: string;
  method: string;
  operation: Operation;
  components: SchemaComponents;
}) {
  const scopes = operation.security.flatMap((requirement) => Object.values(requirement).flat());
  const body = operation.requestBody?.content['application/json']?.schema;
  return (
    <article
      id={operation.operationId}
      aria-labelledby={`${operation.operationId}-title`}
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
    >
      <h3 id={`${operation.operationId}-title`} className="flex flex-wrap items-center gap-2 text-lg font-semibold">
        <span className={`rounded px-2 py-0.5 font-mono text-xs uppercase ${METHOD_STYLES[method] ?? ''}`}>
          {method}
        </span>
        <span className="font-mono text-base wrap-anywhere">{path}</span>
      </h3>
      <p className="font-medium">{operation.summary}</p>
      {operation.description ? (
        <div className="text-sm text-slate-700">
          <Markdown>{operation.description}</Markdown>
        </div>
      ) : null}
      <p className="text-sm">
        {scopes.length > 0 ? (
          <>
            Token scope:{' '}
            {scopes.map((scope, index) => (
              <span key={scope}>
                {index > 0 ? ' or ' : null}
                <code className="font-mono">{scope}</code>
              </span>
            ))}
          </>
        ) : (
          'Public: no token needed.'
        )}
      </p>
      {operation.parameters && operation.parameters.length > 0 ? (
        <div className="space-y-1">
          <h4 className="text-sm font-semibold">Parameters</h4>
          <ul className="space-y-1 text-sm">
            {operation.parameters.map((parameter) => (
              <li key={`${parameter.in}-${parameter.name}`}>
                <code className="font-mono font-semibold">{parameter.name}</code>{' '}
                <span className="text-xs text-slate-600">
                  ({parameter.in}, {parameter.required ? 'required' : 'optional'})
                </span>{' '}
                <TypeLabel schema={parameter.schema} />
                {(parameter.description ?? parameter.schema.description) ? (
                  <span className="text-slate-700"> — {parameter.description ?? parameter.schema.description}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {body ? (
        <div className="space-y-1">
          <h4 className="text-sm font-semibold">Request body (JSON)</h4>
          <SchemaFields schema={body} components={components} />
        </div>
      ) : null}
      <div className="space-y-1">
        <h4 className="text-sm font-semibold">Responses</h4>
        <ul className="space-y-2 text-sm">
          {Object.entries(operation.responses).map(([status, response]) => {
            const json = response.content?.['application/json']?.schema;
            return (
              <li key={status}>
                <span className="font-mono font-semibold">{status}</span> {response.description}
                {json ? (
                  <>
                    {' '}
                    <TypeLabel schema={json} />
                  </>
                ) : null}
                {json ? (
                  <div className="mt-1">
                    <SchemaFields schema={json} components={components} />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </div>
    </article>
  );
}
