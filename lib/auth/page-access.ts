import 'server-only';
import { notFound } from 'next/navigation';
import type { z } from 'zod';
import { AuthorizationError } from './errors';

/*
 * The one place a page turns the authorization module's "no" into a 404.
 * Actions turn the same error into `{ ok: false }` (lib/actions/define-action.ts)
 * and route handlers into a status (lib/http/define-route.ts). A page answers
 * "not found" for "forbidden" too, so a guessed id learns nothing about what
 * exists.
 */

/** The result of an authorization check, or Next's 404 page when it refuses. */
export async function orNotFound<T>(check: Promise<T>): Promise<T> {
  try {
    return await check;
  } catch (error) {
    if (error instanceof AuthorizationError) notFound();
    throw error;
  }
}

/** A route parameter parsed by its schema, or Next's 404 page for a malformed one. */
export function parseParamOrNotFound<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) notFound();
  return parsed.data;
}
