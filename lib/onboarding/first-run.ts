import 'server-only';
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, frameworks, invitations, memberships, teams, users } from '@/db/schema';

export type FirstRunStepId = 'framework' | 'invite' | 'teams' | 'cycle';

export interface FirstRunStep {
  id: FirstRunStepId;
  done: boolean;
  title: string;
  /** What the step is for, and once done what was found. */
  detail: string;
  href: string;
  action: string;
}

export interface FirstRunState {
  steps: FirstRunStep[];
  complete: boolean;
}

/**
 * The checklist a new organization's admin works through, each step ticked
 * from the organization's own rows (never from a flag that could drift): a
 * live framework, an invitation or a second member, a team, a cycle of any
 * state.
 */
export async function loadFirstRun(db: Db, organizationId: string): Promise<FirstRunState> {
  // One statement, five scalar counts: five round trips on every admin's home page before (issue 23).
  const [row] = await db
    .select({
      frameworks: sql<number>`(select count(*) from ${frameworks}
        where ${and(eq(frameworks.organizationId, organizationId), isNull(frameworks.archivedAt))})`.mapWith(Number),
      invitations: sql<number>`(select count(*) from ${invitations}
        where ${eq(invitations.organizationId, organizationId)})`.mapWith(Number),
      members: sql<number>`(select count(*) from ${memberships}
        where ${and(eq(memberships.organizationId, organizationId), ne(memberships.status, 'deactivated'))})`.mapWith(
        Number,
      ),
      teams: sql<number>`(select count(*) from ${teams} where ${eq(teams.organizationId, organizationId)})`.mapWith(
        Number,
      ),
      cycles: sql<number>`(select count(*) from ${assessmentCycles}
        where ${eq(assessmentCycles.organizationId, organizationId)})`.mapWith(Number),
    })
    .from(sql`(select 1) as one`);
  const frameworks_ = row?.frameworks ?? 0;
  const invited = row?.invitations ?? 0;
  const members = row?.members ?? 0;
  const teamCount = row?.teams ?? 0;
  const cycles = row?.cycles ?? 0;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

  const steps: FirstRunStep[] = [
    {
      id: 'framework',
      done: frameworks_ > 0,
      title: 'Choose a skills framework',
      detail:
        frameworks_ > 0
          ? `${plural(frameworks_, 'framework', 'frameworks')} ready.`
          : 'Start from a template in one click, or import your own file.',
      href: frameworks_ > 0 ? '/admin/frameworks' : '/admin/frameworks#templates',
      action: frameworks_ > 0 ? 'Review frameworks' : 'Choose a framework',
    },
    {
      id: 'invite',
      done: invited > 0 || members > 1,
      title: 'Invite people',
      detail:
        invited > 0 || members > 1
          ? `${plural(members, 'member', 'members')}, ${plural(invited, 'invitation', 'invitations')} sent.`
          : 'Invite your colleagues one by one, or paste a list of emails or a CSV.',
      href: '/admin/invitations',
      action: 'Invite people',
    },
    {
      id: 'teams',
      done: teamCount > 0,
      title: 'Create teams',
      detail:
        teamCount > 0
          ? `${plural(teamCount, 'team', 'teams')}.`
          : 'Teams give managers their heatmap, coverage and gaps. Add people to them as they join.',
      href: '/admin/teams',
      action: 'Create teams',
    },
    {
      id: 'cycle',
      done: cycles > 0,
      title: 'Open the first assessment cycle',
      detail:
        cycles > 0
          ? 'People can rate themselves now.'
          : 'A cycle is the period in which everyone rates themselves against the framework.',
      href: '/admin/cycles',
      action: 'Open a cycle',
    },
  ];
  return { steps, complete: steps.every((step) => step.done) };
}

/** "Ada", "Ada and Bo", "Ada, Bo and Cy". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The active admins' names, for telling a member who opens cycles. */
export async function listAdminNames(db: Db, organizationId: string, limit = 3): Promise<string[]> {
  const rows = await db
    .select({ name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.role, 'admin'),
        eq(memberships.status, 'active'),
      ),
    )
    .orderBy(asc(users.name))
    .limit(limit);
  return rows.map((row) => row.name);
}
