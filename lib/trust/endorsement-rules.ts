/**
 * Who may endorse what (issue 22), in one place. Every endorsement goes through
 * `checkEndorsement`; the permission part ("shares a team or manages it, not
 * oneself, same organization") is the authorization module's
 * (`canEndorseMember`, lib/auth/authorize.ts), the rest is the product rule:
 *
 * - the organization has endorsements on (lib/trust/settings.ts);
 * - nobody endorses themselves;
 * - only a member who shares a team with the endorser, or of a team the endorser
 *   manages, in the endorser's organization (another organization's id is "not found");
 * - only a skill the member has rated with a level in that cycle (n/a or unrated:
 *   nothing to endorse). The level endorsed is that self level, recorded so a later
 *   change of the rating shows the endorsement as given for another level.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, ratings } from '@/db/schema';
import { canEndorseMember, type Actor } from '@/lib/auth/authorize';
import { loadTrustSettings } from './settings';

export interface EndorsementTarget {
  membershipId: string;
  skillId: string;
  cycleId: string;
}

export type EndorsementCheck = { ok: true; levelEndorsed: number } | { ok: false; error: string };

export const ENDORSEMENT_MESSAGES = {
  disabled: 'Endorsements are turned off in this organization. An admin can turn them on in Settings.',
  self: 'You cannot endorse your own ratings.',
  notTeammate: 'You can endorse only people you share a team with, or the members of a team you manage.',
  unrated: 'They have not rated this skill with a level in this cycle, so there is nothing to endorse yet.',
} as const;

/** Whether the actor may endorse this member at all (the first three rules); the skill is checked by `checkEndorsement`. */
export async function checkEndorsee(db: Db, actor: Actor, membershipId: string): Promise<EndorsementCheck | null> {
  const settings = await loadTrustSettings(db, actor.membership.organizationId);
  if (!settings.endorsementsEnabled) return { ok: false, error: ENDORSEMENT_MESSAGES.disabled };
  if (membershipId === actor.membership.id) return { ok: false, error: ENDORSEMENT_MESSAGES.self };
  if (!(await canEndorseMember(db, actor, membershipId))) return { ok: false, error: ENDORSEMENT_MESSAGES.notTeammate };
  return null;
}

export async function checkEndorsement(db: Db, actor: Actor, target: EndorsementTarget): Promise<EndorsementCheck> {
  const refused = await checkEndorsee(db, actor, target.membershipId);
  if (refused) return refused;
  const organizationId = actor.membership.organizationId;
  const [rating] = await db
    .select({ level: ratings.level })
    .from(ratings)
    .innerJoin(
      assessmentCycles,
      and(eq(assessmentCycles.organizationId, ratings.organizationId), eq(assessmentCycles.id, ratings.cycleId)),
    )
    .where(
      and(
        eq(ratings.organizationId, organizationId),
        eq(ratings.cycleId, target.cycleId),
        eq(ratings.membershipId, target.membershipId),
        eq(ratings.skillId, target.skillId),
        eq(ratings.source, 'self'),
      ),
    )
    .limit(1);
  if (!rating || rating.level === null) return { ok: false, error: ENDORSEMENT_MESSAGES.unrated };
  return { ok: true, levelEndorsed: rating.level };
}
