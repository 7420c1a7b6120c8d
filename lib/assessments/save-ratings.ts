import 'server-only';
import { builtOnce, parseRows } from '@/db/rows';
import { and, eq, max, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { proficiencyLevels } from '@/db/schema';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { cycleSubjectFilter } from '@/lib/cycles/current';
import { cycleState, todayIso } from '@/lib/cycles/state';
import { sessionActorSql, sessionActorValues, sessionActorVerdict, type SessionCheck } from '@/lib/auth/authorize';
import type { MembershipRole } from '@/db/schema';
import { webhookEventIdSql } from '@/lib/webhooks/emit';
import { scheduleDeliveries } from '@/lib/webhooks/schedule';
import { doneSql } from './completion-sql';
import type { RatingValue } from './rating-value';

/** One change of the member's own rating, parsed. */
export interface SaveChange {
  skillId: string;
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  note: string | null;
  changedAt: string;
  /** Confirms the carried-over value as still true rather than setting one (rating-change.ts). */
  confirm?: boolean | undefined;
  /**
   * The browser's sequence number (batched autosave, `POST /api/ratings/batch`): among one
   * browser's changes the higher number wins whatever the clocks say, and a replayed change
   * is recognised. Null from the server action, where the timestamp alone orders.
   */
  seq: number | null;
}

export interface RatingOwner {
  organizationId: string;
  membershipId: string;
}

/**
 * The member a session stands for, resolved and checked by the save statement itself
 * (`POST /api/ratings/batch`, `defineRoute({ sessionInStatement: true })`, authorize.ts
 * `sessionActorSql`). One round trip per save instead of two.
 */
export interface SessionOwner {
  session: SessionCheck;
}

/**
 * What happened to each change, by its index in the input: `applied` the server now holds it
 * (stored, superseded by a later change of the batch, or already stored by an earlier attempt
 * of the same request); `stale` the server holds a newer value, returned to show instead.
 */
export type SaveOutcome =
  | { ok: true; applied: number[]; stale: { index: number; value: RatingValue }[] }
  | {
      ok: false;
      /** 400 bad input, 404 no such cycle for this member, 409 the cycle is closed. */
      status: 400 | 404 | 409;
      error: string;
      fieldErrors?: Partial<Record<string, string[]>>;
    };

/** The framework's top level; the product default scale (0–4) when the framework defines none. */
export async function maxLevelOf(db: Db, organizationId: string, frameworkId: string): Promise<number> {
  const [row] = await db
    .select({ top: max(proficiencyLevels.level) })
    .from(proficiencyLevels)
    .where(and(eq(proficiencyLevels.organizationId, organizationId), eq(proficiencyLevels.frameworkId, frameworkId)));
  return row?.top ?? 4;
}

const timestamp = z.union([z.string(), z.date()]).transform((value) => new Date(value).toISOString());
/** The one row the save statement returns, parsed: a renamed column fails here, not later. */
const statementRowSchema = z.object({
  session: z.object({ permitted: z.boolean() }).nullable(),
  organization_id: z.string().nullable(),
  cycle: z.object({ id: z.string(), name: z.string(), status: z.string(), opens_on: z.string() }).nullable(),
  top_level: z.coerce.number().nullable(),
  known: z.coerce.number().nullable(),
  applied: z.array(z.string()).nullable(),
  deliveries: z.array(z.string()).nullable(),
  current: z
    .array(
      z.object({
        skill_id: z.string(),
        level: z.number().nullable(),
        not_applicable: z.boolean(),
        interest: z.boolean(),
        note: z.string().nullable(),
        carried_over: z.boolean(),
        confirmed_at: z.string().nullable(),
        changed_at: timestamp,
        client_id: z.string().nullable(),
        client_seq: z.coerce.number().nullable(),
      }),
    )
    .nullable(),
});

/** The values every save statement takes, as placeholders (the statement is built once: db/rows.ts `builtOnce`). */
const p = {
  cycleId: sql`${sql.placeholder('cycle_id')}`,
  input: sql`${sql.placeholder('input')}`,
  rowCount: sql`${sql.placeholder('row_count')}`,
  highestLevel: sql`${sql.placeholder('highest_level')}`,
  today: sql`${sql.placeholder('today')}`,
  clientId: sql`${sql.placeholder('client_id')}`,
  now: sql`${sql.placeholder('now')}`,
};

/**
 * The save statement (see `saveOwnRatings`) for a member given by id, or by a session it checks
 * itself (`session`: authorize.ts `sessionActorSql`, whose row must permit it or nothing changes).
 */
function saveStatementSql(owner: { organizationId: SQL; membershipId: SQL; session: SQL | null }): SQL {
  const { organizationId, membershipId } = owner;
  const session = owner.session
    ? sql`session_check as (${owner.session}), actor as (select * from session_check where permitted),`
    : sql``;
  const sessionSeen = owner.session
    ? sql`(select json_build_object('permitted', permitted) from session_check)`
    : sql`json_build_object('permitted', true)`;
  // The assessment.completed event, should this batch complete the assessment: its id derives from
  // (organization, type, member and cycle), so it reaches each endpoint once however often they get there.
  const eventId = webhookEventIdSql(
    organizationId,
    'assessment.completed',
    // The cycle id as the database stores it: z.uuid() lets an upper-case spelling through, and each spelling
    // hashed as sent was another event id, so another delivery of the same completion.
    sql`${p.cycleId}::uuid::text || '/' || ${membershipId}::text`,
  );
  // ONE statement, no transaction: a data-modifying CTE is atomic on its own, so the ratings, their history
  // and the webhook deliveries of the completion they cause (the outbox) commit together or not at all.
  return sql`
      with ${session} cycle as (
        -- The cycle, if it applies to the member (lib/cycles/current.ts).
        select id, name, status, opens_on::text as opens_on, framework_id
        from assessment_cycles
        where ${cycleSubjectFilter({ organizationId, membershipId })} and id = ${p.cycleId}
        limit 1
      ), top as (
        -- The product default scale (0–4) when the framework defines none.
        select coalesce(max(pl.level), 4)::int as level
        from proficiency_levels pl
        where pl.organization_id = ${organizationId} and pl.framework_id = (select framework_id from cycle)
      ), input as (
        select * from jsonb_to_recordset(${p.input}::jsonb) as x(
          skill_id uuid, level smallint, not_applicable boolean, interest boolean, note text, changed_at timestamptz,
          seq bigint, confirm boolean)
      ), known as (
        select count(*)::int as n
        -- The skills of the version the cycle is bound to, minus any retired since it opened.
        from ${cycleNodes({ organizationId, cycleId: p.cycleId, forRating: true })} s
        where s.organization_id = ${organizationId} and s.framework_id = (select framework_id from cycle)
          and s.kind = 'skill' and s.archived_at is null and s.id in (select skill_id from input)
      ), allowed as (
        select 1 from cycle, top, known
        -- A scheduled cycle (lib/cycles/state.ts) takes no ratings before its opening date.
        where cycle.status = 'open' and cycle.opens_on <= ${p.today} and known.n = ${p.rowCount}
          and ${p.highestLevel} <= top.level
      ), current as (
        -- The rows as they were before this statement: for the changes that do not win, what the server holds.
        select r.skill_id, r.level, r.not_applicable, r.interest, r.note, r.carried_over, r.confirmed_at::text,
               r.changed_at, r.client_id, r.client_seq
        from ratings r
        where r.organization_id = ${organizationId} and r.cycle_id = ${p.cycleId}
          and r.membership_id = ${membershipId} and r.source = 'self'
          and r.skill_id in (select skill_id from input)
      ), applied as (
        insert into ratings (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable,
                             interest, note, carried_over, rated_by_membership_id, changed_at, client_id, client_seq)
        select ${organizationId}, ${p.cycleId}, ${membershipId}, i.skill_id, 'self', i.level, i.not_applicable,
               i.interest, i.note, false, ${membershipId}, i.changed_at, ${p.clientId}::text, i.seq
        from input i
        where exists (select 1 from allowed) and not i.confirm
        on conflict (organization_id, cycle_id, membership_id, skill_id, source) do update set
          level = excluded.level, not_applicable = excluded.not_applicable, interest = excluded.interest,
          note = excluded.note, carried_over = false, confirmed_at = null,
          rated_by_membership_id = excluded.rated_by_membership_id,
          changed_at = excluded.changed_at, client_id = excluded.client_id, client_seq = excluded.client_seq,
          updated_at = now()
        -- "Newest change wins": the same browser's later sequence number, else the later timestamp. A replay
        -- (same browser, same number) or an older change from another tab or a late queue leaves the row alone.
        where case
          when excluded.client_id is null then ratings.changed_at <= excluded.changed_at
          when ratings.client_id = excluded.client_id then ratings.client_seq < excluded.client_seq
          else ratings.changed_at < excluded.changed_at
        end
        returning skill_id, level, not_applicable, interest, note, changed_at
      ), confirmed as (
        -- "Still true": a carried-over value becomes done as it stands. Its changed_at stays the
        -- value's own time (confirming is not a newer value: a change queued elsewhere still wins).
        update ratings r set confirmed_at = now(), updated_at = now()
        from input i
        where exists (select 1 from allowed) and i.confirm
          and r.organization_id = ${organizationId} and r.cycle_id = ${p.cycleId}
          and r.membership_id = ${membershipId} and r.source = 'self' and r.skill_id = i.skill_id
          and r.carried_over and r.confirmed_at is null
        returning r.skill_id, r.level, r.not_applicable, r.interest, r.note, now() as changed_at
      ), written as (
        select * from applied union all select * from confirmed
      ), history as (
        insert into rating_history (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable,
                                    interest, note, rated_by_membership_id, changed_at)
        select ${organizationId}, ${p.cycleId}, ${membershipId}, skill_id, 'self', level, not_applicable, interest, note,
               ${membershipId}, changed_at
        from written
        returning 1
      ), heard as (
        -- Whether any endpoint wants assessment.completed and this batch wrote something: else the completion
        -- below is not counted at all (a one-time filter: its scans do not run).
        select exists (select 1 from webhook_endpoints e
                 where e.organization_id = ${organizationId} and e.enabled
                   and 'assessment.completed' = any(e.events))
               and exists (select 1 from written) as yes
      ), live as (
        -- The cycle's skills as completion counts them (lib/assessments/completion.ts).
        select s.id from ${cycleNodes({ organizationId, cycleId: p.cycleId })} s
        where (select yes from heard) and s.organization_id = ${organizationId}
          and s.framework_id = (select framework_id from cycle) and s.kind = 'skill' and s.archived_at is null
      ), before as (
        -- The member's ratings as they were before this statement (its own writes are invisible to its reads).
        select r.skill_id, ${doneSql(sql`r`)} as done
        from ratings r
        where (select yes from heard) and r.organization_id = ${organizationId} and r.cycle_id = ${p.cycleId}
          and r.membership_id = ${membershipId} and r.source = 'self'
      ), completion as (
        -- After this batch: a skill it wrote is done when it has a value (a change is not carried over; a
        -- confirmation is), any other skill as it was (the rule of lib/assessments/completion-sql.ts).
        select count(*)::int as total, count(*) filter (where coalesce(w.done, b.done, false))::int as done
        from live l
        left join (select skill_id, (level is not null or not_applicable) as done from written) w on w.skill_id = l.id
        left join before b on b.skill_id = l.id
      ), delivered as (
        -- The outbox (lib/webhooks/emit.ts): one delivery per subscribed endpoint, once per member and cycle.
        insert into webhook_deliveries (organization_id, endpoint_id, event_id, event_type, payload)
        select e.organization_id, e.id, ${eventId}, 'assessment.completed',
               json_build_object('type', 'assessment.completed', 'timestamp', ${p.now}::text,
                 'data', json_build_object('membershipId', ${membershipId}::text,
                   'userId', (select m.user_id from memberships m
                              where m.organization_id = ${organizationId} and m.id = ${membershipId}),
                   'cycleId', ${p.cycleId}::text, 'cycleName', (select name from cycle), 'skills', c.total))::text
        from webhook_endpoints e, completion c
        where (select yes from heard) and c.total > 0 and c.done = c.total
          and e.organization_id = ${organizationId} and e.enabled and 'assessment.completed' = any(e.events)
        on conflict (organization_id, endpoint_id, event_id) do nothing
        returning id
      )
      select ${sessionSeen} as session, ${organizationId}::text as organization_id,
             (select json_build_object('id', id, 'name', name, 'status', status, 'opens_on', opens_on) from cycle) as cycle,
             (select level from top) as top_level,
             (select n from known) as known,
             (select json_agg(skill_id) from written) as applied,
             (select json_agg(id) from delivered) as deliveries,
             (select json_agg(c) from current c
               where exists (select 1 from allowed)
                 and c.skill_id not in (select skill_id from written)) as current`;
}

/** For a member given by id (the server action, the API). */
const ownerStatement = builtOnce(() =>
  saveStatementSql({
    organizationId: sql`${sql.placeholder('organization_id')}`,
    membershipId: sql`${sql.placeholder('membership_id')}`,
    session: null,
  }),
);

/** For the member of a session the statement checks itself, by the role the route requires. */
const sessionStatements = new Map<MembershipRole, ReturnType<typeof builtOnce>>();
function sessionStatement(role: MembershipRole) {
  let statement = sessionStatements.get(role);
  if (!statement) {
    statement = builtOnce(() =>
      saveStatementSql({
        organizationId: sql`(select organization_id from actor)`,
        membershipId: sql`(select membership_id from actor)`,
        session: sessionActorSql(role),
      }),
    );
    sessionStatements.set(role, statement);
  }
  return statement;
}

/**
 * Applies a member's own rating changes after checking every one of them: a
 * single bad change refuses the whole batch and nothing is written. Per skill
 * the newest change wins, so two tabs, two devices, a retry or a late queue
 * never overwrite later work: among one browser's changes (same `clientId`)
 * by sequence number, otherwise by the browser's timestamp. Every applied
 * change is appended to the history; a replayed change is not applied twice.
 *
 * Autosave is the hottest write path: the checks (cycle applies to the member
 * and is open, levels within the framework's scale, skills in the cycle's
 * framework version), the upsert, the history append, the read-back of
 * the values that won instead and — when an endpoint listens and the batch
 * completes the assessment — the assessment.completed deliveries are ONE
 * statement: one round trip, atomic on its own, no BEGIN/COMMIT and no
 * transaction held open while a thousand members save at once. The inserts
 * only run when the checks pass; the statement returns what the checks saw so
 * the refusal names its reason.
 */
export async function saveOwnRatings(
  db: Db,
  owner: RatingOwner | SessionOwner,
  cycleId: string,
  changes: readonly SaveChange[],
  clientId: string | null = null,
): Promise<SaveOutcome> {
  // Whose ratings: given (the action, the API), or the session's member read by this statement from its
  // session check, which then refuses (changes nothing) unless the session still stands and may save.
  const bySession = 'session' in owner;
  // A clock running ahead must not make a change unbeatable: nothing is newer than now.
  const now = Date.now();
  // Several changes of one skill in a batch: the newest wins (by sequence number when the
  // browser numbers its changes, else by time; ties: the later one sent). The others are answered.
  const newest = new Map<string, { index: number; change: SaveChange; at: Date }>();
  const superseded: number[] = [];
  changes.forEach((change, index) => {
    const at = new Date(Math.min(Date.parse(change.changedAt), now));
    const previous = newest.get(change.skillId);
    const older =
      previous &&
      (change.seq !== null && previous.change.seq !== null
        ? previous.change.seq > change.seq
        : previous.at.getTime() > at.getTime());
    if (older) {
      superseded.push(index);
      return;
    }
    if (previous) superseded.push(previous.index);
    newest.set(change.skillId, { index, change, at });
  });
  const rows = [...newest.values()];
  // Every change sent is checked, superseded ones too: one bad change refuses the batch.
  const highestLevel = Math.max(0, ...changes.map((change) => change.level ?? 0));
  const input = JSON.stringify(
    rows.map(({ change, at }) => ({
      skill_id: change.skillId,
      level: change.notApplicable ? null : change.level,
      not_applicable: change.notApplicable,
      interest: change.interest,
      note: change.note ? change.note : null,
      changed_at: at.toISOString(),
      seq: change.seq,
      confirm: change.confirm === true,
    })),
  );

  // Every value of the statement, by its placeholder's name (the statement's text is built once).
  const values = {
    ...(bySession
      ? sessionActorValues(owner.session.claims)
      : { organization_id: owner.organizationId, membership_id: owner.membershipId }),
    cycle_id: cycleId,
    input,
    row_count: rows.length,
    highest_level: highestLevel,
    today: todayIso(),
    client_id: clientId,
    now: new Date(now).toISOString(),
  };
  const statement = bySession ? sessionStatement(owner.session.role) : ownerStatement;
  const [result] = parseRows(await statement(db, values), statementRowSchema);
  if (!result) throw new Error('The save statement returned no row');
  // 401/403 as `requireRole` would have answered before the statement (which then changed nothing).
  if (bySession) sessionActorVerdict(result.session);
  // The deliveries exist (committed with the ratings); their jobs are the queue's nudge to send them now. Should
  // this process stop before queueing them, the sweep (lib/webhooks/delivery-job.ts) queues them within minutes.
  if (result.deliveries && result.deliveries.length > 0) {
    await scheduleDeliveries(
      db,
      result.deliveries.map((deliveryId) => ({
        organizationId: result.organization_id!,
        deliveryId,
        attempt: 1,
        at: null,
      })),
    );
  }

  const cycle = result.cycle;
  if (!cycle) return { ok: false, status: 404, error: 'Assessment cycle was not found.' };
  if (cycle.status !== 'open')
    return { ok: false, status: 409, error: `“${cycle.name}” is closed: its ratings can no longer change.` };
  if (cycleState({ status: 'open', opensOn: cycle.opens_on }) === 'scheduled')
    return {
      ok: false,
      status: 409,
      error: `“${cycle.name}” opens on ${cycle.opens_on}: ratings can be entered from then.`,
    };
  const topLevel = result.top_level ?? 4;
  if (highestLevel > topLevel) {
    return {
      ok: false,
      status: 400,
      error: `Levels go from 0 to ${topLevel} in this framework.`,
      fieldErrors: { level: [`must be between 0 and ${topLevel}`] },
    };
  }
  if (result.known !== rows.length) {
    return {
      ok: false,
      status: 400,
      error: 'Some of these skills are not part of this assessment (or have been retired).',
    };
  }

  const appliedSkills = new Set(result.applied ?? []);
  const current = new Map((result.current ?? []).map((row) => [row.skill_id, row]));
  const applied = [...superseded];
  const stale: { index: number; value: RatingValue }[] = [];
  for (const { index, change } of rows) {
    const row = current.get(change.skillId);
    if (appliedSkills.has(change.skillId) || !row) applied.push(index);
    // A confirmation the server already holds (a replay, or another tab confirmed it first).
    else if (change.confirm && row.carried_over && row.confirmed_at !== null) applied.push(index);
    // The same browser's same change, stored by an earlier attempt of this request: answered, not stale.
    else if (clientId !== null && row.client_id === clientId && row.client_seq === change.seq) applied.push(index);
    else
      stale.push({
        index,
        value: {
          level: row.level,
          notApplicable: row.not_applicable,
          interest: row.interest,
          note: row.note,
          carriedOver: row.carried_over,
          confirmed: row.confirmed_at !== null,
          changedAt: row.changed_at,
        },
      });
  }
  return { ok: true, applied: applied.sort((a, b) => a - b), stale };
}

export function toRatingValue(row: {
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  note: string | null;
  carriedOver: boolean;
  confirmedAt: Date | null;
  changedAt: Date;
}): RatingValue {
  return {
    level: row.level,
    notApplicable: row.notApplicable,
    interest: row.interest,
    note: row.note,
    carriedOver: row.carriedOver,
    confirmed: row.carriedOver && row.confirmedAt !== null,
    changedAt: row.changedAt.toISOString(),
  };
}
