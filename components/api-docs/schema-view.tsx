/**
 * A JSON Schema of the OpenAPI document as nested lists of fields: name, type,
 * whether required, constraints and description. Server-rendered: the
 * reference page ships no JavaScript of its own.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};

export type SchemaComponents = Record<string, JsonSchema>;

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** "string (uuid)", "integer | null", "Member[]", "one of: a, b". */
export function typeLabel(schema: JsonSchema): string {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) return `one of: ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeLabel).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ['any'];
  return types
    .map((type) => {
      if (type === 'array') return `${schema.items ? typeLabel(schema.items) : 'any'}[]`;
      if (type === 'string' && schema.format) return `string (${schema.format})`;
      return type;
    })
    .join(' | ');
}

function constraints(schema: JsonSchema): string[] {
  const out: string[] = [];
  if (schema.minimum !== undefined) out.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) out.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined) out.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength} characters`);
  if (schema.minItems !== undefined) out.push(`at least ${schema.minItems} items`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} items`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

/** The object whose fields to list: the schema itself, or an array's items, or a referenced component. */
function objectOf(schema: JsonSchema, components: SchemaComponents, depth: number): JsonSchema | null {
  if (depth > 4) return null;
  if (schema.$ref) return null; // listed once, under its own name
  if (schema.properties) return schema;
  if (schema.items) return objectOf(schema.items, components, depth);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map((variant) => objectOf(variant, components, depth)).find(Boolean) ?? null;
  return null;
}

export function SchemaFields({
  schema,
  components,
  depth = 0,
}: {
  schema: JsonSchema;
  components: SchemaComponents;
  depth?: number;
}) {
  const object = objectOf(schema, components, depth);
  if (!object?.properties) return null;
  const required = new Set(object.required ?? []);
  return (
    <ul className="space-y-2 border-l border-slate-200 pl-3">
      {Object.entries(object.properties).map(([name, field]) => (
        <li key={name} className="text-sm">
          <code className="font-mono font-semibold text-slate-900">{name}</code> <TypeLabel schema={field} />
          {required.has(name) ? null : <span className="text-xs text-slate-600"> · optional</span>}
          {constraints(field).length > 0 ? (
            <span className="text-xs text-slate-600"> · {constraints(field).join(', ')}</span>
          ) : null}
          {field.description ? <p className="text-slate-700">{field.description}</p> : null}
          <div className="mt-1">
            <SchemaFields schema={field} components={components} depth={depth + 1} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The referenced component of a schema (itself, or an array's items), for a link to its fields. */
function referenced(schema: JsonSchema): string | null {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.items) return referenced(schema.items);
  const variants = schema.anyOf ?? schema.oneOf;
  return variants?.map(referenced).find(Boolean) ?? null;
}

export const schemaAnchor = (name: string) => `schema-${name}`;

/** The type, linking to the component's fields when it names one. */
export function TypeLabel({ schema }: { schema: JsonSchema }) {
  const name = referenced(schema);
  const label = typeLabel(schema);
  return (
    <span className="font-mono text-xs text-slate-700 wrap-anywhere">
      {name ? (
        <a href={`#${schemaAnchor(name)}`} className="text-brand-700 underline">
          {label}
        </a>
      ) : (
        label
      )}
    </span>
  );
}
