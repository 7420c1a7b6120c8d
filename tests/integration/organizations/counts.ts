import { count } from 'drizzle-orm';
import type { Db } from '@/db';
import { auditLog, invitations, memberships, organizations, teamMembers, users } from '@/db/schema';

/** Row counts of the tables sign-up and invitations touch: "nothing changed" means these did not move. */
export async function tableCounts(db: Db) {
  const one = async (
    table:
      | typeof users
      | typeof organizations
      | typeof memberships
      | typeof invitations
      | typeof auditLog
      | typeof teamMembers,
  ) => (await db.select({ n: count() }).from(table))[0]?.n ?? 0;
  return {
    users: await one(users),
    organizations: await one(organizations),
    memberships: await one(memberships),
    invitations: await one(invitations),
    auditLog: await one(auditLog),
    teamMembers: await one(teamMembers),
  };
}
