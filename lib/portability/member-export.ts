/**
 * Everything Skillgrid holds about one member of one organization, as one
 * JSON document (the right of access and to data portability): the account
 * and membership, teams, every rating of them with its history, the comments
 * they wrote on others' ratings, endorsements and certifications, and the
 * audit entries about them or by them. Scoped to the organization the member
 * asks from: another organization's data about the same account is that
 * organization's to give.
 */
import 'server-only';
import { and, asc, eq, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  assessmentCycles,
  auditLog,
  certifications,
  endorsements,
  memberships,
  organizations,
  ratingHistory,
  ratings,
  skillNodes,
  teamMembers,
  teams,
  users,
} from '@/db/schema';

export const MEMBER_EXPORT_FORMAT = 'skillgrid.member-export/1';

export async function exportMemberData(db: Db, organizationId: string, membershipId: string) {
  const [profile] = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      emailVerifiedAt: users.emailVerifiedAt,
      accountCreatedAt: users.createdAt,
      organization: organizations.name,
      membershipId: memberships.id,
      role: memberships.role,
      status: memberships.status,
      title: memberships.title,
      externalId: memberships.externalId,
      joinedAt: memberships.createdAt,
      deactivatedAt: memberships.deactivatedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)));
  if (!profile) throw new Error('Membership not found for export');

  const teamRows = await db
    .select({ teamId: teams.id, name: teams.name, since: teamMembers.createdAt })
    .from(teamMembers)
    .innerJoin(teams, and(eq(teams.organizationId, teamMembers.organizationId), eq(teams.id, teamMembers.teamId)))
    .where(and(eq(teamMembers.organizationId, organizationId), eq(teamMembers.membershipId, membershipId)))
    .orderBy(asc(teams.name));

  const skill = { skillKey: skillNodes.key, skill: skillNodes.name, cycle: assessmentCycles.name };
  const skillJoin = and(eq(skillNodes.organizationId, ratings.organizationId), eq(skillNodes.id, ratings.skillId));
  const cycleJoin = and(
    eq(assessmentCycles.organizationId, ratings.organizationId),
    eq(assessmentCycles.id, ratings.cycleId),
  );
  const ratingRows = await db
    .select({
      ...skill,
      cycleId: ratings.cycleId,
      skillId: ratings.skillId,
      source: ratings.source,
      level: ratings.level,
      notApplicable: ratings.notApplicable,
      interest: ratings.interest,
      note: ratings.note,
      evidenceLinks: ratings.evidenceLinks,
      changedAt: ratings.changedAt,
    })
    .from(ratings)
    .innerJoin(skillNodes, skillJoin)
    .innerJoin(assessmentCycles, cycleJoin)
    .where(and(eq(ratings.organizationId, organizationId), eq(ratings.membershipId, membershipId)))
    .orderBy(asc(assessmentCycles.opensOn), asc(skillNodes.key), asc(ratings.source));

  const historyRows = await db
    .select({
      cycleId: ratingHistory.cycleId,
      skillId: ratingHistory.skillId,
      source: ratingHistory.source,
      level: ratingHistory.level,
      notApplicable: ratingHistory.notApplicable,
      interest: ratingHistory.interest,
      note: ratingHistory.note,
      changedAt: ratingHistory.changedAt,
    })
    .from(ratingHistory)
    .where(and(eq(ratingHistory.organizationId, organizationId), eq(ratingHistory.membershipId, membershipId)))
    .orderBy(asc(ratingHistory.changedAt), asc(ratingHistory.id));
  const historyOf = new Map<string, typeof historyRows>();
  for (const row of historyRows) {
    const key = `${row.cycleId}|${row.skillId}|${row.source}`;
    historyOf.set(key, [...(historyOf.get(key) ?? []), row]);
  }

  // Comments they wrote on other members' ratings (as a manager): their words, not the other person's data.
  const comments = await db
    .select({ ...skill, note: ratings.note, changedAt: ratings.changedAt })
    .from(ratings)
    .innerJoin(skillNodes, skillJoin)
    .innerJoin(assessmentCycles, cycleJoin)
    .where(
      and(
        eq(ratings.organizationId, organizationId),
        eq(ratings.ratedByMembershipId, membershipId),
        ne(ratings.membershipId, membershipId),
        isNotNull(ratings.note),
      ),
    )
    .orderBy(asc(ratings.changedAt));

  const endorsementRows = await db
    .select()
    .from(endorsements)
    .where(
      and(
        eq(endorsements.organizationId, organizationId),
        or(eq(endorsements.membershipId, membershipId), eq(endorsements.endorserMembershipId, membershipId)),
      ),
    );
  const certificationRows = await db
    .select()
    .from(certifications)
    .where(and(eq(certifications.organizationId, organizationId), eq(certifications.membershipId, membershipId)));

  const auditRows = await db
    .select({
      at: auditLog.createdAt,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      byThem: sql<boolean>`${auditLog.actorUserId} is not distinct from ${profile.userId}`,
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.organizationId, organizationId),
        or(eq(auditLog.targetId, membershipId), eq(auditLog.actorUserId, profile.userId)),
      ),
    )
    .orderBy(asc(auditLog.id));

  return {
    format: MEMBER_EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    profile,
    teams: teamRows,
    ratings: ratingRows.map((row) => ({
      ...row,
      history: historyOf.get(`${row.cycleId}|${row.skillId}|${row.source}`) ?? [],
    })),
    commentsWritten: comments,
    endorsements: endorsementRows,
    certifications: certificationRows,
    auditEntries: auditRows,
  };
}
