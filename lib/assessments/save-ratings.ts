import 'server-only';
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { proficiencyLevels, ratings } from '@/db/schema';
import type { ActionResult } from '@/lib/actions/result';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import type { RatingValue, SaveRatingsResult } from './rating-change';

export interface ParsedChange {
  skillId: string;
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  note: string | null;
  changedAt: string;
  clientChangeId: string;
}

export interface RatingOwner {
  organizationId: string;
  membershipId: string;
}

/** The framework's top level; the product default scale (0–4) when the framework defines none. */
export async function maxLevelOf(db: Db, organizationId: string, frameworkId: string): Promise<number> {
  const [row] = await db
    .select({ top: max(proficiencyLevels.level) })
    .from(proficiencyLevels)
    .where(and(eq(proficiencyLevels.organizationId, organizationId), eq(proficiencyLevels.frameworkId, frameworkId)));
  return row?.top ?? 4;
}

interface SaveStatementRow {
  cycle: { id: string; name: string; status: string } | null;
  top_level: number | null;
  known: number | null;
  applied: string[] | null;
}

/**
 * Applies a member's own rating changes after checking every one of them: a
 * single bad change refuses the whole batch and nothing is written. Per skill
 * the newest change wins (by the browser's timestamp), so two tabs never
 * overwrite each other's later work; every applied change is appended to the
 * history.
 *
 * Autosave is the hottest write path: the checks (cycle applies to the member
 * and is open, levels within the framework's scale, skills live in its
 * framework), the upsert and the history append are ONE statement — one round
 * trip, atomic on its own, no transaction held open across round trips while
 * a hundred members save at once. The inserts only run when the checks pass;
 * the statement returns what the checks saw so the refusal names its reason.
 */
export async function saveOwnRatings(
  db: Db,
  owner: RatingOwner,
  cycleId: string,
  changes: readonly ParsedChange[],
): Promise<ActionResult<SaveRatingsResult>> {
  const { organizationId, membershipId } = owner;

  // A clock running ahead must not make a change unbeatable: nothing is newer than now.
  const now = Date.now();
  // Several changes of one skill in a batch: the newest wins (ties: the later one sent).
  const newest = new Map<string, ParsedChange & { at: Date }>();
  const superseded: string[] = [];
  for (const change of changes) {
    const at = new Date(Math.min(Date.parse(change.changedAt), now));
    const previous = newest.get(change.skillId);
    if (previous && previous.at.getTime() > at.getTime()) {
      superseded.push(change.clientChangeId);
      continue;
    }
    if (previous) superseded.push(previous.clientChangeId);
    newest.set(change.skillId, { ...change, at });
  }
  const rows = [...newest.values()];
  // Every change sent is checked, superseded ones too: one bad change refuses the batch.
  const highestLevel = Math.max(0, ...changes.map((change) => change.level ?? 0));
  const input = JSON.stringify(
    rows.map((change) => ({
      skill_id: change.skillId,
      level: change.notApplicable ? null : change.level,
      not_applicable: change.notApplicable,
      interest: change.interest,
      note: change.note ? change.note : null,
      changed_at: change.at.toISOString(),
    })),
  );

  const [result] = rowsOf<SaveStatementRow>(
    await db.execute(sql`
      with cycle as (
        select c.id, c.name, c.status, c.framework_id
        from assessment_cycles c
        where c.organization_id = ${organizationId} and c.id = ${cycleId}
          and (c.team_id is null or c.team_id in (
            select tm.team_id from team_members tm
            where tm.organization_id = ${organizationId} and tm.membership_id = ${membershipId}))
        limit 1
      ), top as (
        -- The product default scale (0–4) when the framework defines none.
        select coalesce(max(pl.level), 4)::int as level
        from proficiency_levels pl
        where pl.organization_id = ${organizationId} and pl.framework_id = (select framework_id from cycle)
      ), input as (
        select * from jsonb_to_recordset(${input}::jsonb) as x(
          skill_id uuid, level smallint, not_applicable boolean, interest boolean, note text, changed_at timestamptz)
      ), known as (
        select count(*)::int as n
        -- The skills of the version the cycle is bound to, minus any retired since it opened.
        from ${cycleNodes({ organizationId, cycleId, forRating: true })} s
        where s.organization_id = ${organizationId} and s.framework_id = (select framework_id from cycle)
          and s.kind = 'skill' and s.archived_at is null and s.id in (select skill_id from input)
      ), allowed as (
        select 1 from cycle, top, known
        where cycle.status = 'open' and known.n = ${rows.length}
          and ${highestLevel} <= top.level
      ), applied as (
        insert into ratings (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable,
                             interest, note, carried_over, rated_by_membership_id, changed_at)
        select ${organizationId}, ${cycleId}, ${membershipId}, i.skill_id, 'self', i.level, i.not_applicable,
               i.interest, i.note, false, ${membershipId}, i.changed_at
        from input i
        where exists (select 1 from allowed)
        on conflict (organization_id, cycle_id, membership_id, skill_id, source) do update set
          level = excluded.level, not_applicable = excluded.not_applicable, interest = excluded.interest,
          note = excluded.note, carried_over = false, rated_by_membership_id = excluded.rated_by_membership_id,
          changed_at = excluded.changed_at, updated_at = now()
        -- "Newest change wins": an older change from another tab or a late queue leaves the row alone.
        where ratings.changed_at <= excluded.changed_at
        returning skill_id, level, not_applicable, interest, note, changed_at
      ), history as (
        insert into rating_history (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable,
                                    interest, note, rated_by_membership_id, changed_at)
        select ${organizationId}, ${cycleId}, ${membershipId}, skill_id, 'self', level, not_applicable, interest, note,
               ${membershipId}, changed_at
        from applied
        returning 1
      )
      select (select json_build_object('id', id, 'name', name, 'status', status) from cycle) as cycle,
             (select level from top) as top_level,
             (select n from known) as known,
             (select json_agg(skill_id) from applied) as applied`),
  );

  const cycle = result?.cycle ?? null;
  if (!cycle) return { ok: false, error: 'Assessment cycle was not found.' };
  if (cycle.status !== 'open')
    return { ok: false, error: `“${cycle.name}” is closed: its ratings can no longer change.` };
  const topLevel = result?.top_level ?? 4;
  if (highestLevel > topLevel) {
    return {
      ok: false,
      error: `Levels go from 0 to ${topLevel} in this framework.`,
      fieldErrors: { level: [`must be between 0 and ${topLevel}`] },
    };
  }
  if (result?.known !== rows.length) {
    return { ok: false, error: 'Some of these skills are not part of this assessment (or have been retired).' };
  }

  const appliedSkills = new Set(result.applied ?? []);
  const staleChanges = rows.filter((change) => !appliedSkills.has(change.skillId));
  const stale: SaveRatingsResult['stale'] = [];
  if (staleChanges.length > 0) {
    const current = await db
      .select()
      .from(ratings)
      .where(
        and(
          eq(ratings.organizationId, organizationId),
          eq(ratings.cycleId, cycleId),
          eq(ratings.membershipId, membershipId),
          eq(ratings.source, 'self'),
          inArray(
            ratings.skillId,
            staleChanges.map((change) => change.skillId),
          ),
        ),
      );
    const bySkill = new Map(current.map((row) => [row.skillId, row]));
    for (const change of staleChanges) {
      const row = bySkill.get(change.skillId);
      if (!row) continue;
      stale.push({ clientChangeId: change.clientChangeId, skillId: change.skillId, value: toRatingValue(row) });
    }
  }

  return {
    ok: true,
    data: {
      applied: rows
        .filter((change) => appliedSkills.has(change.skillId))
        .map((change) => change.clientChangeId)
        .concat(superseded),
      stale,
    },
  };
}

export function toRatingValue(row: {
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  note: string | null;
  carriedOver: boolean;
  changedAt: Date;
}): RatingValue {
  return {
    level: row.level,
    notApplicable: row.notApplicable,
    interest: row.interest,
    note: row.note,
    carriedOver: row.carriedOver,
    changedAt: row.changedAt.toISOString(),
  };
}
