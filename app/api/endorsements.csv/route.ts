import { defineRoute } from '@/lib/http/define-route';
import { endorsementsCsv } from '@/lib/trust/export-csv';

export const dynamic = 'force-dynamic';

/**
 * The endorsements of the people the caller may see one by one as CSV (issue 22): a member their own,
 * a manager their teams' members, an admin the organization. Formula-safe like every CSV.
 */
export const GET = defineRoute({
  role: 'member',
  run: async ({ db, context }) => {
    const day = new Date().toISOString().slice(0, 10);
    return new Response(await endorsementsCsv(db, context), {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="skillgrid-endorsements-${day}.csv"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  },
});
