/**
 * A manager's rating beside a member's self rating ("calibration"). It never
 * replaces the self rating: it is its own row with source 'manager'.
 *
 * Who may: an admin, or a manager of a team the member belongs to — never for
 * themselves. Where: the open cycle that applies to the member, on a live skill
 * of that cycle's framework. Every refusal changes nothing.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { ratingHistory, ratings, skillNodes } from '@/db/schema';
import type { WriteOutcome } from '@/lib/actions/define-action';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { canViewMember, type Actor } from '@/lib/auth/authorize';
import { maxLevelOf } from '@/lib/assessments/save-ratings';
import { findApplicableCycle } from '@/lib/cycles/current';
import { forbidden, notFoundError } from '@/lib/auth/errors';
import { isCycleSkill } from '@/lib/frameworks/cycle-skills';
import { emitWebhookEvent } from '@/lib/webhooks/emit';

export const MANAGER_NOTE_MAX = 1000;

/**
 * Accepts a plain object (`level: number | null`, `notApplicable: boolean`)
 * or a form, where one select sends `level` as "0".."4" or "na".
 */
export const managerRatingInputSchema = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== 'object') return raw;
    const values = { ...(raw as Record<string, unknown>) };
    if (values.level === 'na') {
      values.level = null;
      values.notApplicable = true;
    } else if (values.level === '' || values.level === undefined) {
      values.level = null;
    } else if (typeof values.level === 'string') {
      values.level = Number(values.level);
    }
    // Only the values a checkbox or a client can send; anything else stays a string and fails the boolean.
    if (values.notApplicable === 'on' || values.notApplicable === 'true') values.notApplicable = true;
    else if (values.notApplicable === 'false' || values.notApplicable === '') values.notApplicable = false;
    if (values.notApplicable === undefined) values.notApplicable = false;
    if (values.note === undefined || values.note === null) values.note = '';
    return values;
  },
  z
    .object({
      cycleId: z.guid('Unknown assessment cycle.'),
      membershipId: z.guid('Unknown member.'),
      skillId: z.guid('Unknown skill.'),
      level: z
        .number('Choose a level.')
        .int('Choose a level.')
        .min(0, 'Choose a level.')
        .max(10, 'Choose a level.')
        .nullable(),
      notApplicable: z.boolean(),
      note: z
        .string()
        .trim()
        .max(MANAGER_NOTE_MAX, `A comment can be at most ${MANAGER_NOTE_MAX} characters.`)
        .regex(NO_NUL, NO_NUL_MESSAGE),
    })
    .refine((input) => !(input.notApplicable && input.level !== null), {
      message: '“Not applicable” cannot have a level.',
      path: ['level'],
    })
    .refine((input) => input.notApplicable || input.level !== null, {
      message: 'Choose a level or “not applicable”.',
      path: ['level'],
    }),
);

export type ManagerRatingInput = z.output<typeof managerRatingInputSchema>;

export interface ManagerCaller extends Actor {
  user: { id: string };
}

/** Who may rate whom, checked before anything is read: the audited action declares it as its finer check. */
export async function requireMayRateMember(db: Db, caller: ManagerCaller, membershipId: string): Promise<void> {
  if (membershipId === caller.membership.id) throw forbidden('You cannot add a manager rating to your own ratings.');
  // Another organization's member, or one of no team the caller manages: "not found", not "forbidden".
  if (!(await canViewMember(db, caller, membershipId))) throw notFoundError('Member');
}

/** Saves the rating inside the action's transaction (after `requireMayRateMember`); the action records the audit entry. */
export async function saveManagerRating(
  tx: Db,
  caller: ManagerCaller,
  input: ManagerRatingInput,
): Promise<WriteOutcome<{ level: number | null; notApplicable: boolean }>> {
  const organizationId = caller.membership.organizationId;
  {
    const cycle = await findApplicableCycle(tx, organizationId, input.membershipId, input.cycleId);
    if (!cycle) return { ok: false, error: 'Assessment cycle was not found.' };
    if (cycle.status !== 'open')
      return { ok: false, error: `“${cycle.name}” is closed: its ratings can no longer change.` };

    const [skill] = await tx
      .select({ id: skillNodes.id })
      .from(skillNodes)
      .where(
        and(
          eq(skillNodes.organizationId, organizationId),
          eq(skillNodes.id, input.skillId),
          isCycleSkill(skillNodes.id, { organizationId, cycleId: cycle.id, forRating: true }),
        ),
      )
      .limit(1);
    if (!skill) return { ok: false, error: 'That skill is not part of this assessment (or has been retired).' };

    const topLevel = await maxLevelOf(tx, organizationId, cycle.frameworkId);
    if (input.level !== null && input.level > topLevel) {
      return {
        ok: false,
        error: `Levels go from 0 to ${topLevel} in this framework.`,
        fieldErrors: { level: [`must be between 0 and ${topLevel}`] },
      };
    }

    const now = new Date();
    const values = {
      level: input.notApplicable ? null : input.level,
      notApplicable: input.notApplicable,
      note: input.note ? input.note : null,
    };
    await tx
      .insert(ratings)
      .values({
        organizationId,
        cycleId: cycle.id,
        membershipId: input.membershipId,
        skillId: skill.id,
        source: 'manager',
        ...values,
        interest: false,
        carriedOver: false,
        confirmedAt: null,
        ratedByMembershipId: caller.membership.id,
        changedAt: now,
      })
      .onConflictDoUpdate({
        target: [ratings.organizationId, ratings.cycleId, ratings.membershipId, ratings.skillId, ratings.source],
        set: {
          ...values,
          carriedOver: false,
          confirmedAt: null,
          ratedByMembershipId: caller.membership.id,
          changedAt: now,
          updatedAt: now,
        },
      });
    await tx.insert(ratingHistory).values({
      organizationId,
      cycleId: cycle.id,
      membershipId: input.membershipId,
      skillId: skill.id,
      source: 'manager',
      ...values,
      interest: false,
      ratedByMembershipId: caller.membership.id,
      changedAt: now,
    });
    await emitWebhookEvent(tx, organizationId, 'rating.reviewed', {
      membershipId: input.membershipId,
      cycleId: cycle.id,
      reviewerMembershipId: caller.membership.id,
      ratings: [{ skillId: skill.id, level: values.level, notApplicable: values.notApplicable }],
    });
    return {
      ok: true,
      data: { level: values.level, notApplicable: values.notApplicable },
      message: 'Manager rating saved.',
      audit: {
        targetId: input.membershipId,
        details: { cycleId: cycle.id, skillId: skill.id, level: values.level, notApplicable: values.notApplicable },
      },
    };
  }
}
