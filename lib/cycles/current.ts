/**
 * The one answer to "which cycle": for a member (home, /assess, /me), for a
 * team (every team page, the /teams list) and for a report (the organization
 * or one team). Every caller goes through `cycleSubjectFilter` (which cycles
 * apply) and `currentCycleOrder` (which of them comes first), so the rule and
 * its tie-breaks exist once, in the query builder and in raw SQL alike.
 *
 * Not `server-only`: the benchmark scripts resolve report scopes too.
 */
import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, teamMembers, type AssessmentCycle } from '@/db/schema';
import { todayIso } from './state';

/** Whose cycles: a member's (organization-wide and their teams'), a team's, or the whole organization's. */
export type CycleSubject =
  /** Either may be a SQL expression (the save statement reads them from its session check). */
  | { organizationId: string | SQL; membershipId: string | SQL }
  /** Either may be a SQL expression, e.g. a column of an outer query (a lateral join, an `exists`). */
  | { organizationId: string | SQL; teamId: string | SQL }
  | { organizationId: string };

function isMember(subject: CycleSubject): subject is { organizationId: string | SQL; membershipId: string | SQL } {
  return 'membershipId' in subject;
}

function isTeam(subject: CycleSubject): subject is { organizationId: string | SQL; teamId: string | SQL } {
  return 'teamId' in subject;
}

/** The member's teams, as a one-column subquery. */
function memberTeamIds(organizationId: string | SQL, membershipId: string | SQL) {
  return sql`select ${teamMembers.teamId} from ${teamMembers}
    where ${teamMembers.organizationId} = ${organizationId} and ${teamMembers.membershipId} = ${membershipId}`;
}

/**
 * The cycles that apply to the subject: the organization's own cycles
 * (organization-wide) plus, for a member, their teams' cycles and, for a team,
 * that team's. For the organization as a whole, every cycle. Always scoped to
 * the organization, so another organization's cycle never applies.
 */
export function cycleSubjectFilter(subject: CycleSubject): SQL {
  const inOrganization = eq(assessmentCycles.organizationId, subject.organizationId);
  if (isMember(subject)) {
    return and(
      inOrganization,
      or(
        isNull(assessmentCycles.teamId),
        sql`${assessmentCycles.teamId} in (${memberTeamIds(subject.organizationId, subject.membershipId)})`,
      ),
    )!;
  }
  if (isTeam(subject)) {
    return and(
      inOrganization,
      or(isNull(assessmentCycles.teamId), sql`${assessmentCycles.teamId} = ${subject.teamId}`),
    )!;
  }
  return inOrganization;
}

/**
 * An open cycle whose opening date has come (lib/cycles/state.ts): one people
 * rate now. An open cycle dated in the future is "scheduled". `today` is for
 * callers that run on a given day (the notification scan and its tests).
 */
export function runningCycleSql(today: string = todayIso()): SQL {
  return sql`(${assessmentCycles.status} = 'open' and ${assessmentCycles.opensOn} <= ${today})`;
}

/** An open cycle dated in the future: "scheduled" (lib/cycles/state.ts); people cannot rate in it yet. */
export function scheduledCycleSql(): SQL {
  return sql`(${assessmentCycles.status} = 'open' and ${assessmentCycles.opensOn} > ${todayIso()})`;
}

/**
 * Whether a running cycle applies to the subject, as a condition for raw SQL
 * that asks it per row (a team of an outer query: pass its columns as SQL).
 */
export function hasRunningCycleSql(subject: CycleSubject): SQL {
  return sql`exists (select 1 from ${assessmentCycles} where ${cycleSubjectFilter(subject)} and ${runningCycleSql()})`;
}

/**
 * Which applicable cycle comes first: a running (open) cycle, then a closed
 * one (a read-only snapshot is better than an empty page), then a scheduled
 * one. Among running cycles the more specific scope first — a team's own
 * cycle for a member or a team, the organization-wide one for the
 * organization as a whole. Then the newest by opening date, then by creation,
 * then by id, so two calls never disagree.
 */
export function currentCycleOrder(subject: CycleSubject): SQL[] {
  const running = runningCycleSql();
  const scheduled = scheduledCycleSql();
  const specific = isMember(subject) || isTeam(subject) ? sql`is not null` : sql`is null`;
  return [
    sql`${running} desc`,
    sql`${scheduled} asc`,
    sql`(${running} and ${assessmentCycles.teamId} ${specific}) desc`,
    sql`${assessmentCycles.opensOn} desc`,
    sql`${assessmentCycles.createdAt} desc`,
    sql`${assessmentCycles.id}`,
  ];
}

/** The subject's current cycle: its open cycle, else its latest closed one, else a scheduled one; null before any cycle. */
export async function findCurrentCycle(db: Db, subject: CycleSubject): Promise<AssessmentCycle | null> {
  const [cycle] = await db
    .select()
    .from(assessmentCycles)
    .where(cycleSubjectFilter(subject))
    .orderBy(...currentCycleOrder(subject))
    .limit(1);
  return cycle ?? null;
}

/** The subject's current open (running) cycle, or null when none is open. */
export async function findOpenCycle(db: Db, subject: CycleSubject): Promise<AssessmentCycle | null> {
  const [cycle] = await listOpenCycles(db, subject);
  return cycle ?? null;
}

/**
 * Every running cycle that applies to the subject, the current one first: a
 * member in a team with its own cycle while an organization-wide one runs
 * rates in both, and sees both.
 */
export async function listOpenCycles(db: Db, subject: CycleSubject): Promise<AssessmentCycle[]> {
  return db
    .select()
    .from(assessmentCycles)
    .where(and(cycleSubjectFilter(subject), runningCycleSql()))
    .orderBy(...currentCycleOrder(subject));
}

/** The scheduled cycles that apply to the subject (open, opening later), in the order of `currentCycleOrder`. */
export async function listScheduledCycles(db: Db, subject: CycleSubject): Promise<AssessmentCycle[]> {
  return db
    .select()
    .from(assessmentCycles)
    .where(and(cycleSubjectFilter(subject), scheduledCycleSql()))
    .orderBy(...currentCycleOrder(subject));
}

/** Whether any cycle of the organization is open, running or scheduled (the member's "who opens it" message). */
export async function hasOpenCycle(db: Db, organizationId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: assessmentCycles.id })
    .from(assessmentCycles)
    .where(and(cycleSubjectFilter({ organizationId }), eq(assessmentCycles.status, 'open')))
    .limit(1);
  return Boolean(row);
}

/** Every cycle that applies to the subject, current first (the order of `currentCycleOrder`). */
export async function listSubjectCycles(db: Db, subject: CycleSubject, limit?: number): Promise<AssessmentCycle[]> {
  const query = db
    .select()
    .from(assessmentCycles)
    .where(cycleSubjectFilter(subject))
    .orderBy(...currentCycleOrder(subject));
  return limit === undefined ? query : query.limit(limit);
}

/**
 * One cycle by id if it applies to the subject, else null — also for another
 * organization's id, so callers report "not found" without learning more.
 */
export async function findSubjectCycle(
  db: Db,
  subject: CycleSubject,
  cycleId: string,
): Promise<AssessmentCycle | null> {
  const [cycle] = await db
    .select()
    .from(assessmentCycles)
    .where(and(cycleSubjectFilter(subject), eq(assessmentCycles.id, cycleId)))
    .limit(1);
  return cycle ?? null;
}

/**
 * The current cycle's id as a scalar subquery, for raw SQL that needs it per
 * row (e.g. one per team in a lateral join): the same filter and order as
 * `findCurrentCycle`.
 */
export function currentCycleIdSql(subject: CycleSubject): SQL {
  return sql`select ${assessmentCycles.id} from ${assessmentCycles}
    where ${cycleSubjectFilter(subject)}
    order by ${sql.join(currentCycleOrder(subject), sql`, `)}
    limit 1`;
}

/** A cycle that applies to the member (organization-wide, or one of their teams'), or null. */
export function findApplicableCycle(
  db: Db,
  organizationId: string,
  membershipId: string,
  cycleId: string,
): Promise<AssessmentCycle | null> {
  return findSubjectCycle(db, { organizationId, membershipId }, cycleId);
}
