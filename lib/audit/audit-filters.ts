import { z } from 'zod';

/**
 * Sign-ins (and failed sign-ins) outnumber changes by far: the log shows
 * changes unless sign-ins are asked for, so they never drown what was done.
 */
export const AUDIT_KINDS = ['changes', 'sign-ins', 'all'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  changes: 'Changes',
  'sign-ins': 'Sign-ins',
  all: 'Everything',
};
/** Actions that are sign-ins rather than changes. */
export const SIGN_IN_ACTION_PREFIX = 'auth.';

/** What the audit log page can be filtered and paged by; every field optional. */
export interface AuditFilters {
  /** Changes (default), sign-ins, or both. */
  kind?: AuditKind;
  action?: string;
  /** Part of the actor's email (or name), case-insensitive. */
  actor?: string;
  /** Inclusive UTC calendar days, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** Keyset cursors: show entries older than `before`, or newer than `after`. */
  before?: string;
  after?: string;
}

const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z~\d{1,18}$/;

/**
 * A real instant PostgreSQL takes: the shape alone lets month 13, hour 25,
 * 30 February or year 0 through, and `::timestamptz` then fails the query (a 500).
 * Years 1000–9998 so that the `to` day's next day is still a four-digit year.
 */
function realInstant(iso: string): boolean {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return false;
  const year = at.getUTCFullYear();
  // Date normalises 2026-02-30 to 2 March: only a value that reads back unchanged is real.
  return year >= 1000 && year <= 9998 && at.toISOString().slice(0, 19) === iso.slice(0, 19);
}
const realDay = (day: string) => realInstant(`${day}T00:00:00.000Z`);
const realCursor = (cursor: string) => realInstant(`${cursor.slice(0, 19)}.000Z`);

const fields = {
  kind: z.enum(AUDIT_KINDS, 'Unknown kind of entry.'),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9_.:-]+$/i, 'Unknown action.'),
  actor: z.string().trim().min(1).max(254),
  from: z.iso.date('Use a date like 2026-01-31.').refine(realDay, 'Use a date like 2026-01-31.'),
  to: z.iso.date('Use a date like 2026-01-31.').refine(realDay, 'Use a date like 2026-01-31.'),
  before: z.string().regex(CURSOR).refine(realCursor),
  after: z.string().regex(CURSOR).refine(realCursor),
} as const;

const LABELS: Record<keyof typeof fields, string> = {
  kind: 'kind of entry',
  action: 'action',
  actor: 'actor',
  from: 'from date',
  to: 'to date',
  before: 'page',
  after: 'page',
};

type RawParams = Record<string, string | string[] | undefined>;

/**
 * Parses the page's search parameters one by one: a bad value is dropped and
 * named in `ignored` (the page says so), the rest still apply — never a 500.
 */
export function parseAuditFilters(params: RawParams): { filters: AuditFilters; ignored: string[] } {
  const filters: AuditFilters = {};
  const ignored: string[] = [];
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value.trim() === '') continue;
    const parsed = fields[key].safeParse(value);
    // Each schema's output is the type of the field of the same name.
    if (parsed.success) (filters as Record<string, unknown>)[key] = parsed.data;
    else if (!ignored.includes(LABELS[key])) ignored.push(LABELS[key]);
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    delete filters.from;
    delete filters.to;
    ignored.push('date range (from is after to)');
  }
  if (filters.before && filters.after) {
    delete filters.after;
  }
  return { filters, ignored };
}

/** The search parameters that reproduce these filters (cursors excluded), for links and the form. */
export function filterParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.kind && filters.kind !== 'changes') params.set('kind', filters.kind);
  if (filters.action) params.set('action', filters.action);
  if (filters.actor) params.set('actor', filters.actor);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  return params;
}

/** The same fields for a route handler's query (`defineRoute`): a bad value is a 400 there, not ignored. */
export const auditQuerySchema = z
  .object({
    kind: fields.kind.optional(),
    action: fields.action.optional(),
    actor: fields.actor.optional(),
    from: fields.from.optional(),
    to: fields.to.optional(),
  })
  .refine((query) => !(query.from && query.to && query.from > query.to), {
    message: 'The from date is after the to date.',
  });
