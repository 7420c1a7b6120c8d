import 'server-only';
import { and, asc, count, desc, eq, ilike, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, frameworks, teams } from '@/db/schema';

export const CYCLES_PAGE_SIZE = 20;

export interface CycleListItem {
  id: string;
  name: string;
  status: 'open' | 'closed';
  opensOn: string;
  closesOn: string;
  dueOn: string | null;
  closedAt: Date | null;
  frameworkName: string;
  teamName: string | null;
}

/** One page of the organization's cycles, newest first, optionally filtered by name. */
export async function listCycles(
  db: Db,
  organizationId: string,
  options: { search?: string; page?: number } = {},
): Promise<{ items: CycleListItem[]; total: number }> {
  const page = Math.max(1, options.page ?? 1);
  const search = options.search?.trim();
  const where = and(
    eq(assessmentCycles.organizationId, organizationId),
    search ? ilike(assessmentCycles.name, `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: assessmentCycles.id,
        name: assessmentCycles.name,
        status: assessmentCycles.status,
        opensOn: assessmentCycles.opensOn,
        closesOn: assessmentCycles.closesOn,
        dueOn: assessmentCycles.dueOn,
        closedAt: assessmentCycles.closedAt,
        frameworkName: frameworks.name,
        teamName: teams.name,
      })
      .from(assessmentCycles)
      .innerJoin(
        frameworks,
        and(
          eq(frameworks.organizationId, assessmentCycles.organizationId),
          eq(frameworks.id, assessmentCycles.frameworkId),
        ),
      )
      .leftJoin(
        teams,
        and(eq(teams.organizationId, assessmentCycles.organizationId), eq(teams.id, assessmentCycles.teamId)),
      )
      .where(where)
      .orderBy(asc(assessmentCycles.status), desc(assessmentCycles.opensOn), desc(assessmentCycles.createdAt))
      .limit(CYCLES_PAGE_SIZE)
      .offset((page - 1) * CYCLES_PAGE_SIZE),
    db.select({ n: count() }).from(assessmentCycles).where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

/** What the "open a cycle" form offers: live frameworks, teams, and the cycles open now (to offer closing). */
export async function loadCycleFormOptions(db: Db, organizationId: string) {
  const [frameworkRows, teamRows, openRows] = await Promise.all([
    db
      .select({ id: frameworks.id, name: frameworks.name })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, organizationId), isNull(frameworks.archivedAt)))
      .orderBy(asc(frameworks.name)),
    db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(eq(teams.organizationId, organizationId))
      .orderBy(asc(teams.name)),
    db
      .select({ id: assessmentCycles.id, name: assessmentCycles.name, teamId: assessmentCycles.teamId })
      .from(assessmentCycles)
      .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.status, 'open'))),
  ]);
  return { frameworks: frameworkRows, teams: teamRows, openCycles: openRows };
}
