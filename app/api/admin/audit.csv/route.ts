import { clientIp } from '@/lib/auth/client-ip';
import { auditQuerySchema } from '@/lib/audit/audit-filters';
import { auditCsvStream } from '@/lib/audit/audit-csv';
import { writeAudit } from '@/lib/audit/write-audit';
import { defineRoute } from '@/lib/http/define-route';

export const dynamic = 'force-dynamic';

/**
 * The audit log as CSV with the page's filters (every page, not just the one
 * on screen). Admins of the active organization only; the export itself is
 * audited when the stream ends, with the rows actually sent.
 */
export const GET = defineRoute({
  query: auditQuerySchema,
  role: 'admin',
  run: async ({ query, db, context, request }) => {
    const organizationId = context.membership.organizationId;
    const ip = clientIp(request.headers);
    const stream = auditCsvStream(db, context, organizationId, query, ({ rows, completed }) =>
      writeAudit(db, {
        organizationId,
        actorUserId: context.user.id,
        action: 'audit.exported',
        targetType: 'organization',
        targetId: organizationId,
        details: { filters: query, rows, completed },
        ip,
      }),
    );
    const day = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="skillgrid-audit-${day}.csv"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  },
});
