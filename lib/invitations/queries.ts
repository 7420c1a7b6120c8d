import 'server-only';
import { and, asc, count, desc, eq, gt, ilike, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { invitations, teams, type MembershipRole } from '@/db/schema';
import type { InvitationStatus } from './status';

export const INVITATIONS_PAGE_SIZE = 20;

export interface InvitationRow {
  id: string;
  email: string;
  role: MembershipRole;
  teamName: string | null;
  status: InvitationStatus;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

function statusWhere(status: InvitationStatus): SQL | undefined {
  switch (status) {
    case 'revoked':
      return isNotNull(invitations.revokedAt);
    case 'accepted':
      return and(isNull(invitations.revokedAt), isNotNull(invitations.acceptedAt));
    case 'expired':
      return and(isNull(invitations.revokedAt), isNull(invitations.acceptedAt), lte(invitations.expiresAt, sql`now()`));
    case 'pending':
      return and(isNull(invitations.revokedAt), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`));
  }
}

// Computed in SQL with the database clock, the same clock acceptance uses.
const statusSql = sql<InvitationStatus>`case
  when ${invitations.revokedAt} is not null then 'revoked'
  when ${invitations.acceptedAt} is not null then 'accepted'
  when ${invitations.expiresAt} <= now() then 'expired'
  else 'pending' end`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** One page of an organization's invitations, newest first, optionally filtered by status and email. */
export async function listInvitations(
  db: Db,
  organizationId: string,
  options: { status?: InvitationStatus; search?: string; page?: number; pageSize?: number } = {},
): Promise<{ rows: InvitationRow[]; total: number; page: number; pageSize: number }> {
  const pageSize = options.pageSize ?? INVITATIONS_PAGE_SIZE;
  const page = Math.max(1, options.page ?? 1);
  const where = and(
    eq(invitations.organizationId, organizationId),
    options.status ? statusWhere(options.status) : undefined,
    options.search ? ilike(invitations.email, `%${escapeLike(options.search.toLowerCase())}%`) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        teamName: teams.name,
        status: statusSql,
        expiresAt: invitations.expiresAt,
        createdAt: invitations.createdAt,
        acceptedAt: invitations.acceptedAt,
        revokedAt: invitations.revokedAt,
      })
      .from(invitations)
      .leftJoin(teams, and(eq(teams.organizationId, invitations.organizationId), eq(teams.id, invitations.teamId)))
      .where(where)
      .orderBy(desc(invitations.createdAt), desc(invitations.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(invitations).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0, page, pageSize };
}

/** The organization's teams for the invitation form's select. */
export async function listTeamOptions(db: Db, organizationId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.organizationId, organizationId))
    .orderBy(asc(teams.name))
    .limit(500);
}
