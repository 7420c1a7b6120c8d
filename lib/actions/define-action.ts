import 'server-only';
import type { z } from 'zod';
import { getDb, type Db } from '@/db';
import type { MembershipRole } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { requireRole } from '@/lib/auth/authorize';
import { AuthorizationError } from '@/lib/auth/errors';
import { getSessionContext, type SessionContext } from '@/lib/auth/session';
import { requestIp } from '@/lib/http/request-meta';
import { formValues, invalidInput, type ActionResult } from './result';
import { refreshPages } from './revalidate';

type ActionFunction<Data> = (first?: unknown, second?: unknown) => Promise<ActionResult<Data>>;

/**
 * A check finer than the role (this team, this member), declared beside the
 * role so that the permission matrix can read it: `rule` says in words who
 * passes, `check` throws an `AuthorizationError` (usually `notFoundError`) for
 * anyone else. It runs after the role check and before anything is written.
 */
export interface FinerCheck<Input> {
  rule: string;
  check: (args: { input: Input; db: Db; context: SessionContext }) => Promise<void>;
}

interface MemberActionOptions<Schema extends z.ZodType, Data> {
  /** Parsed first, before anything else happens. */
  input: Schema;
  /** The least role in the active organization that may call the action. */
  role: MembershipRole;
  authorize?: FinerCheck<z.output<Schema>>;
  run: (args: { input: z.output<Schema>; db: Db; context: SessionContext }) => Promise<ActionResult<Data>>;
}

/** For the signed-out: sign-up and invitation acceptance. */
interface PublicActionOptions<Schema extends z.ZodType, Data> {
  input: Schema;
  role: 'public';
  /**
   * What the action records, declared for the permission matrix. A public
   * action has no session to author its entries, so its write records them
   * itself with `recordAudit` once it knows who acted (the user it created).
   */
  audit?: AuditDeclaration;
  run: (args: { input: z.output<Schema>; db: Db; context: SessionContext | null }) => Promise<ActionResult<Data>>;
}

/** What an action declares about who may call it and what it records: the permission matrix reads this. */
export interface ActionDeclaration {
  role: MembershipRole | 'public';
  /** The finer check's rule in words, or null when the role is the whole permission. */
  finerCheck: string | null;
  /** The audit events the action may write (none for actions that change nothing worth recording). */
  audit: { events: readonly string[]; target: string } | null;
}

// Keyed by the action function itself: declarations are static facts about the code, not request state.
const declarations = new WeakMap<object, ActionDeclaration>();

/** The declaration of an action made by `defineAction` or `defineAuditedAction`; undefined for anything else. */
export function actionDeclaration(action: unknown): ActionDeclaration | undefined {
  return typeof action === 'function' ? declarations.get(action) : undefined;
}

function declare<Data>(action: ActionFunction<Data>, declaration: ActionDeclaration): ActionFunction<Data> {
  declarations.set(action, declaration);
  return action;
}

/** `(previousState, formData)` from `useActionState`, a bare `FormData`, or a plain object from client code. */
function rawInput(first: unknown, second: unknown): unknown {
  return second instanceof FormData ? formValues(second) : first instanceof FormData ? formValues(first) : first;
}

/**
 * Every server action goes through here: parse with zod → require the
 * session → authorize by role in the active organization (and the declared
 * finer check) → run.
 *
 * The action accepts either `(previousState, formData)` from `useActionState`,
 * a bare `FormData`, or a plain object from client code.
 */
export function defineAction<Schema extends z.ZodType, Data = undefined>(
  options: MemberActionOptions<Schema, Data> | PublicActionOptions<Schema, Data>,
): ActionFunction<Data> {
  const action = async (first?: unknown, second?: unknown) => {
    const parsed = options.input.safeParse(rawInput(first, second) ?? {});
    if (!parsed.success) return invalidInput(parsed.error);
    try {
      const context = await getSessionContext();
      const db = await getDb();
      if (options.role === 'public') return await options.run({ input: parsed.data, db, context });
      requireRole(context, options.role);
      const signedIn = context as SessionContext;
      await options.authorize?.check({ input: parsed.data, db, context: signedIn });
      return await options.run({ input: parsed.data, db, context: signedIn });
    } catch (error) {
      if (error instanceof AuthorizationError) return { ok: false, error: error.message } as ActionResult<Data>;
      throw error;
    }
  };
  return declare(action, {
    role: options.role,
    finerCheck: options.role === 'public' ? null : (options.authorize?.rule ?? null),
    audit:
      options.role === 'public' && options.audit
        ? { events: options.audit.events, target: options.audit.target }
        : null,
  });
}

/** One entry of the audit log that an audited write records. */
export interface AuditRecord {
  /** One of the declared events; the first declared one when omitted. */
  event?: string;
  /** The declared target kind when omitted. */
  targetType?: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/**
 * What an audited write returns: a refusal (nothing written), or success with
 * the audit entries of what it changed — `audit: null` says explicitly that
 * nothing changed ("already on this team"), so nothing is recorded or refreshed.
 */
export type WriteOutcome<Data> =
  | { ok: false; error: string; fieldErrors?: Partial<Record<string, string[]>> }
  | { ok: true; data?: Data; message?: string; audit: AuditRecord | readonly AuditRecord[] | null };

/** The events an audited write may record (the first is the default) and the kind of thing they are about. */
export interface AuditDeclaration {
  events: readonly [string, ...string[]];
  target: string;
}

/** Who an audit entry names: the organization, the acting user and where the request came from. */
export interface AuditAuthor {
  organizationId: string;
  actorUserId: string;
  ip: string | null;
}

/**
 * Records a write's audit entries, in the write's transaction, checked against
 * the declaration. The one place an audited change reaches the audit log:
 * `defineAuditedAction` and `runAuditedWrite` call it, and so does the one
 * write whose author exists only once it has run (accepting an invitation
 * creates the user, lib/invitations/accept-invitation.ts).
 */
export async function recordAudit(
  tx: Db,
  author: AuditAuthor,
  declaration: AuditDeclaration,
  audit: AuditRecord | readonly AuditRecord[],
): Promise<void> {
  const records: readonly AuditRecord[] = Array.isArray(audit) ? audit : [audit as AuditRecord];
  for (const record of records) {
    const event = record.event ?? declaration.events[0];
    // A programming error, not user input: an undeclared event would hide from the matrix.
    if (!declaration.events.includes(event)) throw new Error(`Audit event ${event} is not declared by this action`);
    await writeAudit(tx, {
      organizationId: author.organizationId,
      actorUserId: author.actorUserId,
      action: event,
      targetType: record.targetType ?? declaration.target,
      targetId: record.targetId,
      details: record.details,
      ip: author.ip,
    });
  }
}

/**
 * The audited write without the action around it: the write and its audit
 * entries in one transaction. For callers that are not a form post — a bulk
 * action that commits line by line, fixtures, scripts — so they record
 * exactly what the action would.
 */
export async function runAuditedWrite<Written>(
  db: Db,
  author: AuditAuthor,
  declaration: AuditDeclaration,
  write: (tx: Db) => Promise<WriteOutcome<Written>>,
): Promise<WriteOutcome<Written>> {
  return db.transaction(async (tx) => {
    const written = await write(tx);
    if (written.ok && written.audit !== null) await recordAudit(tx, author, declaration, written.audit);
    return written;
  });
}

/** The author of a signed-in caller's change. */
export function auditAuthorOf(context: SessionContext, ip: string | null): AuditAuthor {
  return { organizationId: context.organization.id, actorUserId: context.user.id, ip };
}

type AfterStep<Schema extends z.ZodType, Data, Written> = (args: {
  input: z.output<Schema>;
  written: { data?: Written; message?: string };
  /** False when the write recorded nothing (it changed nothing). */
  changed: boolean;
  db: Db;
  context: SessionContext;
}) => Promise<ActionResult<Data>>;

interface AuditedActionOptions<Schema extends z.ZodType, Data, Prepared, Written> {
  input: Schema;
  role: MembershipRole;
  authorize?: FinerCheck<z.output<Schema>>;
  /** The events this action may record (the first is the default) and the kind of thing they are about. */
  audit: AuditDeclaration;
  /**
   * Slow work that must not hold the transaction open (a DNS lookup of a URL to
   * check it), after the role check and before the transaction: a refusal ends
   * the action with nothing written; a value is handed to `write` as `prepared`.
   */
  prepare?: (args: {
    input: z.output<Schema>;
    context: SessionContext;
  }) => Promise<
    { ok: false; error: string; fieldErrors?: Partial<Record<string, string[]>> } | { ok: true; value: Prepared }
  >;
  /** The change, inside the transaction that also records its audit entries. */
  write: (args: {
    input: z.output<Schema>;
    tx: Db;
    context: SessionContext;
    prepared: Prepared;
  }) => Promise<WriteOutcome<Written>>;
  /** Pages (and everything below them) to refresh after a change; none when the caller navigates away. */
  revalidate?: readonly string[] | ((input: z.output<Schema>) => readonly string[]);
  /**
   * Turns an error the write threw into a refusal — a unique constraint that
   * decided a race the write's own check could not see. Undefined rethrows.
   */
  refuse?: (error: unknown) => ActionResult<Data> | undefined;
}

interface AuditedActionWithAfter<Schema extends z.ZodType, Data, Prepared, Written> extends AuditedActionOptions<
  Schema,
  Data,
  Prepared,
  Written
> {
  /**
   * After the transaction has committed, for what must not happen inside it
   * (sending mail) and to shape the reply from what was written. Runs only
   * when the write succeeded.
   */
  after: AfterStep<Schema, Data, Written>;
}

/**
 * An action that changes data and records it: parse → role → (prepare) →
 * finer check → write and audit in one transaction → refresh → (after, once
 * committed). The write only says what it changed; who did it, from where,
 * and in which organization is filled in here, so an action cannot forget the
 * audit entry or write it outside the change's transaction.
 */
export function defineAuditedAction<Schema extends z.ZodType, Data = undefined, Prepared = undefined>(
  options: AuditedActionOptions<Schema, Data, Prepared, Data>,
): ActionFunction<Data>;
/** With an `after` step, the write's data (`Written`) may differ from the reply's (`Data`). */
export function defineAuditedAction<Schema extends z.ZodType, Data, Prepared, Written>(
  options: AuditedActionWithAfter<Schema, Data, Prepared, Written>,
): ActionFunction<Data>;
export function defineAuditedAction<Schema extends z.ZodType, Data, Prepared, Written>(
  options: AuditedActionOptions<Schema, Data, Prepared, Written> & {
    after?: AfterStep<Schema, Data, Written>;
  },
): ActionFunction<Data> {
  const after = options.after;
  const action = async (first?: unknown, second?: unknown): Promise<ActionResult<Data>> => {
    const parsed = options.input.safeParse(rawInput(first, second) ?? {});
    if (!parsed.success) return invalidInput(parsed.error);
    const input = parsed.data;
    try {
      const context = requireRole(await getSessionContext(), options.role) as SessionContext;
      const db = await getDb();
      const author = auditAuthorOf(context, await requestIp());
      const prepared = options.prepare
        ? await options.prepare({ input, context })
        : { ok: true as const, value: undefined };
      if (!prepared.ok) return prepared;
      const outcome = await runAuditedWrite(db, author, options.audit, async (tx) => {
        await options.authorize?.check({ input, db: tx, context });
        return options.write({ input, tx, context, prepared: prepared.value as Prepared });
      });
      if (!outcome.ok) return outcome;
      const changed = outcome.audit !== null;
      if (changed && options.revalidate) {
        refreshPages(...(typeof options.revalidate === 'function' ? options.revalidate(input) : options.revalidate));
      }
      const { audit: _recorded, ...written } = outcome;
      if (after) return await after({ input, written, changed, db, context });
      // Without `after`, Written is Data (the first overload).
      return written as ActionResult<Data>;
    } catch (error) {
      if (error instanceof AuthorizationError) return { ok: false, error: error.message };
      const refusal = options.refuse?.(error);
      if (refusal) return refusal;
      throw error;
    }
  };
  return declare(action, {
    role: options.role,
    finerCheck: options.authorize?.rule ?? null,
    audit: { events: options.audit.events, target: options.audit.target },
  });
}
