import type { z } from 'zod';

/** Thrown by `readText` past its limit. */
class BodyTooLarge extends Error {}

/** The body as text, refusing to read past `limit` bytes whatever Content-Length claims. */
async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type JsonBody<Value> =
  | { ok: true; value: Value }
  | { ok: false; reason: 'too-large' }
  | { ok: false; reason: 'not-json' }
  | { ok: false; reason: 'invalid'; error: z.ZodError };

/**
 * A request's JSON body parsed by `schema`, for every kind of route handler
 * (defineRoute, defineApiRoute, defineScimRoute): read up to `limit` bytes
 * (never past it), JSON.parse, then zod. Each caller answers a failure in its
 * own error format (JSON, problem+json, SCIM error) — the reading is the same.
 */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  limit: number,
): Promise<JsonBody<z.output<Schema>>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readText(request, limit));
  } catch (error) {
    return error instanceof BodyTooLarge ? { ok: false, reason: 'too-large' } : { ok: false, reason: 'not-json' };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'invalid', error: parsed.error };
}
