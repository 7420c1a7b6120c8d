import { Readable } from 'node:stream';
import { clientIp } from '@/lib/auth/client-ip';
import { writeAudit } from '@/lib/audit/write-audit';
import { defineRoute } from '@/lib/http/define-route';
import { exportOrganizationArchive } from '@/lib/portability/organization-archive';

export const dynamic = 'force-dynamic';

/**
 * The whole active organization as one zip (JSON per table), for moving it to
 * another instance (`npm run org:import`). Admins only; the route takes no id,
 * so an admin exports their own organization and nothing else. Audited before
 * the first byte: an export that is interrupted was still asked for.
 */
export const GET = defineRoute({
  role: 'admin',
  run: async ({ db, context, request }) => {
    const organizationId = context.membership.organizationId;
    await writeAudit(db, {
      organizationId,
      actorUserId: context.user.id,
      action: 'organization.exported',
      targetType: 'organization',
      targetId: organizationId,
      ip: clientIp(request.headers),
    });
    const archive = await exportOrganizationArchive(db, organizationId);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(Readable.toWeb(archive) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="skillgrid-organization-${day}.zip"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  },
});
