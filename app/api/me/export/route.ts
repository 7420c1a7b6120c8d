import { clientIp } from '@/lib/auth/client-ip';
import { writeAudit } from '@/lib/audit/write-audit';
import { defineRoute } from '@/lib/http/define-route';
import { exportMemberData } from '@/lib/portability/member-export';

export const dynamic = 'force-dynamic';

/**
 * "Download my data": everything held about the signed-in member in their
 * active organization, as JSON. Only ever their own: the route takes no id.
 * Audited, so the organization can answer "when did they take a copy".
 */
export const GET = defineRoute({
  role: 'member',
  run: async ({ db, context, request }) => {
    const organizationId = context.membership.organizationId;
    const data = await exportMemberData(db, organizationId, context.membership.id);
    await writeAudit(db, {
      organizationId,
      actorUserId: context.user.id,
      action: 'member.data_exported',
      targetType: 'membership',
      targetId: context.membership.id,
      details: { ratings: data.ratings.length },
      ip: clientIp(request.headers),
    });
    const day = new Date().toISOString().slice(0, 10);
    return new Response(JSON.stringify(data, null, 2), {
      status: 200,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="skillgrid-my-data-${day}.json"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  },
});
