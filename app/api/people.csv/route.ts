import { getReadDb } from '@/db';
import { clientIp } from '@/lib/auth/client-ip';
import { writeAudit } from '@/lib/audit/write-audit';
import { findCurrentCycle } from '@/lib/cycles/current';
import { defineRoute } from '@/lib/http/define-route';
import { peopleCsv } from '@/lib/people/csv';
import {
  PEOPLE_CSV_LIMIT,
  findPeopleAcrossSkills,
  listFinderSkills,
  resolveTerms,
  searchOf,
} from '@/lib/people/finder';
import { peopleQuerySchema } from '@/lib/people/query';
import { loadLevelNames } from '@/lib/profile/levels';

export const dynamic = 'force-dynamic';

/**
 * The people finder's result as CSV, from the page's own URL query. Managers
 * (the members of their teams) and admins (everyone): the same visibility as
 * the page, applied inside the query. Audited like the gap export.
 */
export const GET = defineRoute({
  query: peopleQuerySchema,
  role: 'manager',
  run: async ({ query, db, context, request }) => {
    const organizationId = context.membership.organizationId;
    const readDb = await getReadDb();
    const cycle = await findCurrentCycle(readDb, { organizationId });
    if (!cycle) return Response.json({ error: 'There is no assessment cycle to search yet.' }, { status: 404 });
    if (query.terms.length === 0) {
      return Response.json({ error: 'Choose at least one skill to search for.' }, { status: 400 });
    }
    const [skills, levels] = await Promise.all([
      listFinderSkills(readDb, cycle),
      loadLevelNames(readDb, organizationId, cycle.frameworkId),
    ]);
    const resolved = resolveTerms(query.terms, skills, levels);
    // Another organization's skill ids are unknown here, like any other id: "not found".
    if (!resolved.ok) return Response.json({ error: resolved.message }, { status: 404 });
    const result = await findPeopleAcrossSkills(readDb, context, searchOf(cycle.id, query, PEOPLE_CSV_LIMIT));
    await writeAudit(db, {
      organizationId,
      actorUserId: context.user.id,
      action: 'report.exported',
      targetType: 'organization',
      targetId: organizationId,
      details: {
        report: 'people',
        skills: resolved.terms.map((term) => `${term.skillName} ≥ ${term.minLevel}`),
        match: query.match,
        grow: query.grow,
        rows: result.people.length,
      },
      ip: clientIp(request.headers),
    });
    const day = new Date().toISOString().slice(0, 10);
    return new Response(peopleCsv(resolved.terms, result.people), {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="skillgrid-people-${day}.csv"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  },
});
