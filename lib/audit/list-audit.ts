import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { and, desc, asc, eq, gte, ilike, like, lt, notLike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { auditLog, users } from '@/db/schema';
import { requireRole, type Actor } from '@/lib/auth/authorize';
import { notFoundError } from '@/lib/auth/errors';
import { SIGN_IN_ACTION_PREFIX, type AuditFilters } from './audit-filters';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditRow {
  id: number;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
  createdAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  /** Opaque keyset position of this row (microsecond timestamp + id). */
  cursor: string;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Cursor for the next older page, or null on the last page. */
  olderCursor: string | null;
  /** Cursor for the next newer page, or null on the first page. */
  newerCursor: string | null;
}

/**
 * Only an admin, and only for their own active organization: the page checks
 * too, but the query refuses on its own so no other caller can skip it.
 */
function authorize(actor: Actor | null, organizationId: string): void {
  const admin = requireRole(actor, 'admin');
  if (admin.membership.organizationId !== organizationId) throw notFoundError('Organization');
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function parseCursor(cursor: string): { at: string; id: number } {
  const [at = '', id = '0'] = cursor.split('~');
  return { at, id: Number(id) };
}

/** UTC day boundaries: `to` is inclusive, so the bound is the start of the next day. */
function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
function nextDayStart(day: string): Date {
  const date = dayStart(day);
  date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

/**
 * One page of the organization's audit log, newest first. Keyset pagination on
 * (created_at, id) keeps deep pages as cheap as the first; the where always
 * starts with organization_id so audit_log_org_created_idx (or, with an action
 * filter, audit_log_org_action_idx) drives the scan.
 */
export async function listAuditEntries(
  db: Db,
  actor: Actor | null,
  organizationId: string,
  filters: AuditFilters,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<AuditPage> {
  authorize(actor, organizationId);
  // Microseconds, because created_at has them and a millisecond cursor would skip rows.
  const cursorExpression = sql<string>`to_char(${auditLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '~' || ${auditLog.id}::text`;

  const conditions: (SQL | undefined)[] = [eq(auditLog.organizationId, organizationId)];
  // An explicit action wins over the kind: asking for auth.sign_in shows sign-ins.
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  else if ((filters.kind ?? 'changes') === 'changes')
    conditions.push(notLike(auditLog.action, `${SIGN_IN_ACTION_PREFIX}%`));
  else if (filters.kind === 'sign-ins') conditions.push(like(auditLog.action, `${SIGN_IN_ACTION_PREFIX}%`));
  if (filters.actor) {
    const pattern = `%${escapeLike(filters.actor)}%`;
    conditions.push(or(ilike(users.email, pattern), ilike(users.name, pattern)));
  }
  if (filters.from) conditions.push(gte(auditLog.createdAt, dayStart(filters.from)));
  if (filters.to) conditions.push(lt(auditLog.createdAt, nextDayStart(filters.to)));

  const newerFirst = !filters.after;
  const cursor = filters.before ?? filters.after;
  if (cursor) {
    const { at, id } = parseCursor(cursor);
    conditions.push(
      newerFirst
        ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${at}::timestamptz, ${id})`
        : sql`(${auditLog.createdAt}, ${auditLog.id}) > (${at}::timestamptz, ${id})`,
    );
  }

  const fetched = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      ip: auditLog.ip,
      createdAt: auditLog.createdAt,
      actorUserId: auditLog.actorUserId,
      actorName: users.name,
      actorEmail: users.email,
      cursor: cursorExpression,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...conditions))
    .orderBy(
      ...(newerFirst ? [desc(auditLog.createdAt), desc(auditLog.id)] : [asc(auditLog.createdAt), asc(auditLog.id)]),
    )
    .limit(pageSize + 1);

  const hasMore = fetched.length > pageSize;
  // Paging back reached the newest entries: show a full first page rather than a short one.
  if (filters.after && !hasMore) {
    return listAuditEntries(db, actor, organizationId, { ...filters, after: undefined }, pageSize);
  }
  const page = fetched.slice(0, pageSize);
  const rows = newerFirst ? page : page.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    // Going back towards older entries: there are more when this page is full or we came from an older page.
    olderCursor: last && (newerFirst ? hasMore : true) ? last.cursor : null,
    newerCursor: first && (newerFirst ? Boolean(cursor) : hasMore) ? first.cursor : null,
  };
}

/**
 * The distinct actions logged in the organization, for the filter's select.
 * A loose index scan (recursive CTE over audit_log_org_action_idx) reads one
 * index entry per distinct action, not one per log row.
 */
export async function listAuditActions(db: Db, actor: Actor | null, organizationId: string): Promise<string[]> {
  authorize(actor, organizationId);
  const result = await db.execute(sql`
    with recursive actions(action) as (
      (select action from audit_log where organization_id = ${organizationId} order by action limit 1)
      union all
      select (
        select a.action from audit_log a
        where a.organization_id = ${organizationId} and a.action > actions.action
        order by a.action limit 1
      ) from actions where actions.action is not null
    )
    select action from actions where action is not null`);
  return parseRows(result, z.object({ action: column.text })).map((row) => row.action);
}
