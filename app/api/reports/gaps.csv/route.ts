import { getReadDb } from '@/db';
import { requireRole, requireTeamAccess } from '@/lib/auth/authorize';
import { clientIp } from '@/lib/auth/client-ip';
import { writeAudit } from '@/lib/audit/write-audit';
import { defineRoute } from '@/lib/http/define-route';
import { gapCsvStream } from '@/lib/reports/csv-export';
import { filtersOf, gapCsvQuerySchema } from '@/lib/reports/filters';
import { estimateRowCount } from '@/lib/reports/row-source';
import { resolveReportScope } from '@/lib/reports/scope';

export const dynamic = 'force-dynamic';

/**
 * The gap report as CSV, with the page's filters. Authorized like the page it
 * comes from: a team filter needs that team's individual ratings (its
 * managers, admins); without one the export is organization-wide (admins).
 *
 * The audit entry is written when the stream ends, so it records the rows
 * actually sent; a download the browser abandons is recorded with
 * `completed: false`.
 */
export const GET = defineRoute({
  query: gapCsvQuerySchema,
  role: 'manager',
  run: async ({ query, db, context, request }) => {
    if (query.team) await requireTeamAccess(db, context, query.team, 'individuals');
    else requireRole(context, 'admin');

    const organizationId = context.membership.organizationId;
    const filters = filtersOf(query);
    // Authorized and audited on the primary (`db`); the rows come from the
    // replica when DATABASE_READ_URL is set — a long export must not load the primary.
    const readDb = await getReadDb();
    const { scope } = await resolveReportScope(readDb, context, filters);
    if (!scope) {
      return Response.json({ error: 'There is no assessment cycle to report on yet.' }, { status: 404 });
    }
    const estimate = await estimateRowCount(readDb, scope, query.format);
    const ip = clientIp(request.headers);
    const stream = gapCsvStream(readDb, scope, {
      format: query.format,
      bom: query.bom,
      onFinish: ({ rows, completed }) =>
        writeAudit(db, {
          organizationId,
          actorUserId: context.user.id,
          action: 'report.exported',
          targetType: query.team ? 'team' : 'organization',
          targetId: query.team ?? organizationId,
          details: { report: 'gaps', format: query.format, bom: query.bom, filters: scope.filters, rows, completed },
          ip,
        }),
    });
    const day = new Date().toISOString().slice(0, 10);
    const headers = new Headers({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="skillgrid-gaps-${query.format}-${day}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (estimate !== null) headers.set('x-row-count-estimate', String(estimate));
    return new Response(stream, { status: 200, headers });
  },
});
