import 'server-only';
import type { z } from 'zod';
import { getDb, type Db } from '@/db';
import { requireRole } from '@/lib/auth/authorize';
import { AuthorizationError } from '@/lib/auth/errors';
import { getSessionContext, type SessionContext } from '@/lib/auth/session';
import type { MembershipRole } from '@/db/schema';
import { formValues, invalidInput, type ActionResult } from './result';

type ActionFunction<Data> = (first?: unknown, second?: unknown) => Promise<ActionResult<Data>>;

interface MemberActionOptions<Schema extends z.ZodType, Data> {
  /** Parsed first, before anything else happens. */
  input: Schema;
  /** The least role in the active organization that may call the action. */
  role: MembershipRole;
  run: (args: { input: z.output<Schema>; db: Db; context: SessionContext }) => Promise<ActionResult<Data>>;
}

/** For the signed-out: sign-up and invitation acceptance. */
interface PublicActionOptions<Schema extends z.ZodType, Data> {
  input: Schema;
  role: 'public';
  run: (args: { input: z.output<Schema>; db: Db; context: SessionContext | null }) => Promise<ActionResult<Data>>;
}

/**
 * Every server action goes through here: parse with zod → require the
 * session → authorize by role in the active organization → run. Finer checks
 * (this team, this member) happen inside `run` through `lib/auth/authorize`.
 *
 * The action accepts either `(previousState, formData)` from `useActionState`,
 * a bare `FormData`, or a plain object from client code.
 */
export function defineAction<Schema extends z.ZodType, Data = undefined>(
  options: MemberActionOptions<Schema, Data> | PublicActionOptions<Schema, Data>,
): ActionFunction<Data> {
  return async (first?: unknown, second?: unknown) => {
    const raw = second instanceof FormData ? formValues(second) : first instanceof FormData ? formValues(first) : first;
    const parsed = options.input.safeParse(raw ?? {});
    if (!parsed.success) return invalidInput(parsed.error);
    try {
      const context = await getSessionContext();
      const db = await getDb();
      if (options.role === 'public') return await options.run({ input: parsed.data, db, context });
      requireRole(context, options.role);
      return await options.run({ input: parsed.data, db, context: context as SessionContext });
    } catch (error) {
      if (error instanceof AuthorizationError) return { ok: false, error: error.message };
      throw error;
    }
  };
}
