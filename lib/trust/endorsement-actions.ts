'use server';

import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { endorsements } from '@/db/schema';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { AuthorizationError } from '@/lib/auth/errors';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { checkEndorsee, checkEndorsement } from './endorsement-rules';
import { ENDORSEMENT_COMMENT_MAX } from './limits';

const endorseSchema = z.object({
  membershipId: z.uuid('Unknown member.'),
  skillId: z.uuid('Unknown skill.'),
  cycleId: z.uuid('Unknown assessment cycle.'),
  comment: z
    .string()
    .trim()
    .max(ENDORSEMENT_COMMENT_MAX, `Keep the comment to ${ENDORSEMENT_COMMENT_MAX} characters.`)
    .regex(NO_NUL, NO_NUL_MESSAGE)
    .optional()
    .transform((value) => (value ? value : null)),
});

/**
 * Endorse a member's self rating of one skill in one cycle, with an optional
 * comment. Endorsing again replaces one's own comment and re-records the level.
 * The rules live in lib/trust/endorsement-rules.ts.
 */
export const endorseAction = defineAuditedAction({
  input: endorseSchema,
  role: 'member',
  authorize: {
    rule: 'endorsements on; shares a team with the member or manages one of their teams; not themselves',
    check: async ({ input, db, context }) => {
      const refused = await checkEndorsee(db, context, input.membershipId);
      if (refused && !refused.ok) throw new AuthorizationError(403, refused.error);
    },
  },
  audit: { events: ['endorsement.given'], target: 'membership' },
  write: async ({ input, tx, context }) => {
    const checked = await checkEndorsement(tx, context, input);
    if (!checked.ok) return { ok: false, error: checked.error };
    await tx
      .insert(endorsements)
      .values({
        organizationId: context.organization.id,
        cycleId: input.cycleId,
        membershipId: input.membershipId,
        skillId: input.skillId,
        endorserMembershipId: context.membership.id,
        levelEndorsed: checked.levelEndorsed,
        comment: input.comment,
      })
      .onConflictDoUpdate({
        target: [
          endorsements.organizationId,
          endorsements.cycleId,
          endorsements.membershipId,
          endorsements.skillId,
          endorsements.endorserMembershipId,
        ],
        set: { levelEndorsed: checked.levelEndorsed, comment: input.comment, updatedAt: sql`now()` },
      });
    return {
      ok: true,
      message: 'Endorsement saved.',
      audit: {
        targetId: input.membershipId,
        details: { skillId: input.skillId, cycleId: input.cycleId, level: checked.levelEndorsed },
      },
    };
  },
  revalidate: ['/me', '/teams', '/people'],
});

const withdrawSchema = z.object({ endorsementId: z.uuid('Unknown endorsement.') });

/** Withdraw one's own endorsement; anyone else's id is "not found". */
export const withdrawEndorsementAction = defineAuditedAction({
  input: withdrawSchema,
  role: 'member',
  audit: { events: ['endorsement.withdrawn'], target: 'membership' },
  write: async ({ input, tx, context }) => {
    const [removed] = await tx
      .delete(endorsements)
      .where(
        and(
          eq(endorsements.organizationId, context.organization.id),
          eq(endorsements.id, input.endorsementId),
          eq(endorsements.endorserMembershipId, context.membership.id),
        ),
      )
      .returning({ membershipId: endorsements.membershipId, skillId: endorsements.skillId });
    if (!removed) return { ok: false, error: 'That endorsement was not found.' };
    return {
      ok: true,
      message: 'Endorsement withdrawn.',
      audit: { targetId: removed.membershipId, details: { skillId: removed.skillId } },
    };
  },
  revalidate: ['/me', '/teams', '/people'],
});
