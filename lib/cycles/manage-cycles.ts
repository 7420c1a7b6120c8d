import 'server-only';
import { dropTrendFigures, requestTrendAggregates } from '@/lib/reports/trend-aggregates';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, frameworks, organizations, teams } from '@/db/schema';
import type { AuditRecord, WriteOutcome } from '@/lib/actions/define-action';
import { assignedFramework } from '@/lib/frameworks/assignment';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { ensureCurrentVersionSnapshot } from '@/lib/frameworks/snapshot';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { scanSoon } from '@/lib/notifications/scan-job';

export interface OpenCycleInput {
  name: string;
  opensOn: string;
  closesOn: string;
  /** Optional due date (notifications count down to it); never before opensOn. */
  dueOn?: string | null;
  /** Null: the framework assigned to the team (override) or the organization (default). */
  frameworkId: string | null;
  teamId: string | null;
  closePrevious: boolean;
}

/**
 * Opens a cycle and pre-fills it, inside the audited action's transaction
 * (the returned audit entries are written in it): every member it applies to starts with a
 * copy of the self ratings of the latest earlier cycle they rated in, marked
 * carried over. One INSERT … SELECT in the database (with its history rows),
 * whatever the size of the organization.
 *
 * Only one open cycle per scope (the organization, or one team): an open one
 * in the same scope is closed first when the admin agreed to, else refused.
 */
export async function openCycle(
  tx: Db,
  organizationId: string,
  input: OpenCycleInput,
): Promise<WriteOutcome<{ cycleId: string; carriedOver: number }>> {
  {
    // Serialises cycle changes per organization, so two admins cannot both open "the" open cycle.
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, organizationId))
      .for('update');

    if (input.teamId) {
      const [team] = await tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.organizationId, organizationId), eq(teams.id, input.teamId)))
        .limit(1);
      if (!team) return { ok: false, error: 'Team was not found.', fieldErrors: { teamId: ['Choose a team.'] } };
    }

    const frameworkId = input.frameworkId ?? (await assignedFramework(tx, organizationId, input.teamId));
    if (!frameworkId) {
      return {
        ok: false,
        error: 'No framework is assigned to this organization or team: choose one.',
        fieldErrors: { frameworkId: ['Choose a framework.'] },
      };
    }
    const [framework] = await tx
      .select({ id: frameworks.id })
      .from(frameworks)
      .where(
        and(
          eq(frameworks.organizationId, organizationId),
          eq(frameworks.id, frameworkId),
          isNull(frameworks.archivedAt),
        ),
      )
      .limit(1);
    if (!framework)
      return { ok: false, error: 'Framework was not found.', fieldErrors: { frameworkId: ['Choose a framework.'] } };
    const [sameName] = await tx
      .select({ id: assessmentCycles.id })
      .from(assessmentCycles)
      .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.name, input.name)))
      .limit(1);
    if (sameName)
      return { ok: false, error: 'A cycle with this name exists.', fieldErrors: { name: ['Already used.'] } };

    const openInScope = await tx
      .select({ id: assessmentCycles.id, name: assessmentCycles.name })
      .from(assessmentCycles)
      .where(
        and(
          eq(assessmentCycles.organizationId, organizationId),
          eq(assessmentCycles.status, 'open'),
          input.teamId ? eq(assessmentCycles.teamId, input.teamId) : isNull(assessmentCycles.teamId),
        ),
      );
    if (openInScope.length > 0 && !input.closePrevious) {
      const names = openInScope.map((cycle) => `“${cycle.name}”`).join(', ');
      return {
        ok: false,
        error: `${names} is still open. Close it first, or tick “Close the open cycle”.`,
        fieldErrors: { closePrevious: ['Required while another cycle is open.'] },
      };
    }
    const closed: AuditRecord[] = [];
    for (const previous of openInScope) {
      closed.push(await closeCycleRow(tx, organizationId, { ...previous, teamId: input.teamId }));
    }

    // The cycle is bound to the version published now; later edits make new versions it does not see.
    // Taken after every refusal above, so a refused call writes nothing (the snapshot may be created here).
    const frameworkVersion = await ensureCurrentVersionSnapshot(tx, organizationId, framework.id);

    const [cycle] = await tx
      .insert(assessmentCycles)
      .values({
        organizationId,
        frameworkId: framework.id,
        frameworkVersion,
        teamId: input.teamId,
        name: input.name,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        dueOn: input.dueOn ?? null,
        status: 'open',
      })
      .returning({ id: assessmentCycles.id });
    if (!cycle) throw new Error('Cycle insert returned nothing');

    const carriedOver = await carryOverRatings(tx, organizationId, cycle.id, framework.id, input.teamId);
    // A cycle scheduled for later is announced now, with its dates: receivers learn of it when it is decided.
    await emitWebhookEvent(tx, organizationId, 'cycle.opened', {
      cycleId: cycle.id,
      name: input.name,
      teamId: input.teamId,
      frameworkId: framework.id,
      opensOn: input.opensOn,
      closesOn: input.closesOn,
      reopened: false,
    });
    // Members hear of it within moments (the worker's scan), committed with the cycle or not at all.
    await scanSoon(tx, organizationId);

    return {
      ok: true,
      data: { cycleId: cycle.id, carriedOver },
      message: `“${input.name}” is open; ${carriedOver} ratings were carried over from earlier cycles.`,
      audit: [
        ...closed,
        {
          event: 'cycle.opened',
          targetId: cycle.id,
          details: {
            name: input.name,
            teamId: input.teamId,
            frameworkId: framework.id,
            frameworkVersion,
            carriedOver,
            dueOn: input.dueOn ?? null,
            closed: openInScope.map((c) => c.id),
          },
        },
      ],
    };
  }
}

/**
 * Copies each member's latest earlier self ratings into the new cycle. The
 * lateral join finds "their latest cycle with ratings" by index probes
 * (ratings' unique key starts with organization, cycle, member) rather than by
 * sorting the organization's whole rating table. Only skills of the new
 * cycle (its framework version), only active members the cycle applies to.
 */
export async function carryOverRatings(
  db: Db,
  organizationId: string,
  cycleId: string,
  frameworkId: string,
  teamId: string | null,
): Promise<number> {
  const result = await db.execute(sql`
    with carried as (
      insert into ratings (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable,
        interest, note, evidence_links, carried_over, rated_by_membership_id, changed_at)
      select r.organization_id, ${cycleId}, r.membership_id, r.skill_id, 'self', r.level, r.not_applicable,
        -- The value keeps the time the member last vouched for it (changed or confirmed it), so a
        -- value carried through cycle after cycle with only a look each time reads as confirmed then.
        r.interest, r.note, r.evidence_links, true, r.membership_id, greatest(r.changed_at, r.confirmed_at)
      from memberships m
      cross join lateral (
        select c.id
        from assessment_cycles c
        where c.organization_id = m.organization_id
          and c.id <> ${cycleId}
          and exists (
            select 1 from ratings x
            where x.organization_id = c.organization_id and x.cycle_id = c.id
              and x.membership_id = m.id and x.source = 'self'
          )
        order by c.opens_on desc, c.created_at desc
        limit 1
      ) latest
      join ratings r
        on r.organization_id = m.organization_id and r.cycle_id = latest.id
        and r.membership_id = m.id and r.source = 'self'
      join ${cycleNodes({ organizationId, cycleId, forRating: true })} s
        on s.organization_id = r.organization_id and s.id = r.skill_id
        and s.framework_id = ${frameworkId} and s.kind = 'skill' and s.archived_at is null
      where m.organization_id = ${organizationId}
        and m.status = 'active'
        and (r.level is not null or r.not_applicable or r.interest or r.note is not null)
        and (${teamId}::uuid is null or exists (
          select 1 from team_members tm
          where tm.organization_id = m.organization_id and tm.team_id = ${teamId}::uuid and tm.membership_id = m.id
        ))
      on conflict do nothing
      returning organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable, interest, note,
        rated_by_membership_id, changed_at
    ),
    recorded as (
      insert into rating_history (organization_id, cycle_id, membership_id, skill_id, source, level,
        not_applicable, interest, note, rated_by_membership_id, changed_at)
      select organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable, interest, note,
        rated_by_membership_id, changed_at
      from carried
      returning 1
    )
    select count(*)::int as carried from recorded
  `);
  return Number(parseRows(result, z.object({ carried: column.number }))[0]?.carried ?? 0);
}

/** Closes one cycle row and announces it; returns the audit entry the action records for it. */
async function closeCycleRow(
  tx: Db,
  organizationId: string,
  cycle: { id: string; name: string; teamId: string | null },
): Promise<AuditRecord> {
  await tx
    .update(assessmentCycles)
    .set({ status: 'closed', closedAt: new Date() })
    .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.id, cycle.id)));
  // Its trend figures no longer change: computed once, by a job committed with the close (decision 0014).
  await requestTrendAggregates(tx, organizationId);
  await emitWebhookEvent(tx, organizationId, 'cycle.closed', {
    cycleId: cycle.id,
    name: cycle.name,
    teamId: cycle.teamId,
  });
  return { event: 'cycle.closed', targetId: cycle.id };
}

/** Closes a cycle: from then on its ratings are a read-only snapshot (the save action refuses it). */
export async function closeCycle(tx: Db, organizationId: string, cycleId: string): Promise<WriteOutcome<undefined>> {
  const [cycle] = await tx
    .select({
      id: assessmentCycles.id,
      name: assessmentCycles.name,
      status: assessmentCycles.status,
      teamId: assessmentCycles.teamId,
    })
    .from(assessmentCycles)
    .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.id, cycleId)))
    .for('update')
    .limit(1);
  if (!cycle) return { ok: false, error: 'Assessment cycle was not found.' };
  if (cycle.status === 'closed') return { ok: false, error: `“${cycle.name}” is already closed.` };
  return { ok: true, message: `“${cycle.name}” is closed.`, audit: await closeCycleRow(tx, organizationId, cycle) };
}

/**
 * Reopens a closed cycle (closing is no longer final at one click): its
 * ratings can change again. Refused while another cycle of the same scope
 * (the organization, or that team) is open — one open cycle per scope, as
 * `openCycle` keeps it. The caller records the audit entry
 * (lib/cycles/actions.ts), in this transaction.
 */
export async function reopenCycle(
  tx: Db,
  organizationId: string,
  cycleId: string,
): Promise<{ ok: false; error: string } | { ok: true; name: string }> {
  const [cycle] = await tx
    .select()
    .from(assessmentCycles)
    .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.id, cycleId)))
    .for('update')
    .limit(1);
  if (!cycle) return { ok: false, error: 'Assessment cycle was not found.' };
  if (cycle.status === 'open') return { ok: false, error: `“${cycle.name}” is already open.` };
  // Serialises with openCycle, which checks the same scope under the organization's row lock.
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('update');
  const [openInScope] = await tx
    .select({ name: assessmentCycles.name })
    .from(assessmentCycles)
    .where(
      and(
        eq(assessmentCycles.organizationId, organizationId),
        eq(assessmentCycles.status, 'open'),
        cycle.teamId ? eq(assessmentCycles.teamId, cycle.teamId) : isNull(assessmentCycles.teamId),
      ),
    )
    .limit(1);
  if (openInScope) {
    return {
      ok: false,
      error: `“${openInScope.name}” is open for the same ${cycle.teamId ? 'team' : 'organization'}. Close it before reopening “${cycle.name}”.`,
    };
  }
  await tx
    .update(assessmentCycles)
    .set({ status: 'open', closedAt: null })
    .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.id, cycle.id)));
  // Its ratings may change again: its precomputed trend figures (and the pair it starts) go; it is read live.
  await dropTrendFigures(tx, organizationId, cycle.id);
  await emitWebhookEvent(tx, organizationId, 'cycle.opened', {
    cycleId: cycle.id,
    name: cycle.name,
    teamId: cycle.teamId,
    frameworkId: cycle.frameworkId,
    opensOn: cycle.opensOn,
    closesOn: cycle.closesOn,
    reopened: true,
  });
  return { ok: true, name: cycle.name };
}
